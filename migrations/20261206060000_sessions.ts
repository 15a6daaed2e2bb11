import { Knex } from 'knex';

// Sign-in for people (docs/users.md "登录与会话", ADR 0043): a user's optional login name and
// password hash (scrypt, its parameters in the string), whether it must change the password at the
// next sign-in, its failed sign-ins in a row and the end of a lockout; and the sessions a browser
// holds, in the database so that every instance of the service knows them. A session's id is the
// SHA-256 of the cookie's random token: a leaked table holds no working cookie.

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.alterTable('users', (t) => {
    t.string('login_name', 64).nullable();
    t.string('password_hash', 200).nullable();
    t.boolean('must_change_password').notNullable().defaultTo(false);
    t.integer('failed_sign_ins').notNullable().defaultTo(0);
    ts(t, 'locked_until').nullable();
    t.unique(['login_name'], { indexName: 'users_login_name_unique' });
  });
  await knex.schema.createTable('sessions', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users');
    ts(t, 'created_at').notNullable();
    ts(t, 'last_seen_at').notNullable();
    ts(t, 'expires_at').notNullable();
    t.string('csrf_token', 64).notNullable();
    ts(t, 'ended_at').nullable();
    t.string('client_address', 100).nullable();
    t.string('user_agent', 500).nullable();
    t.index(['user_id'], 'sessions_by_user');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sessions');
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['login_name'], 'users_login_name_unique');
    t.dropColumn('locked_until');
    t.dropColumn('failed_sign_ins');
    t.dropColumn('must_change_password');
    t.dropColumn('password_hash');
    t.dropColumn('login_name');
  });
}
