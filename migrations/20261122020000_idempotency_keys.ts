import { Knex } from 'knex';

// Idempotency-Key for creating requests: a retry with the same key from the same caller gets the
// first answer again instead of creating twice — across instances, since the record is shared.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('idempotency_keys', (t) => {
    t.string('user_id', 36).notNullable();
    t.string('idempotency_key', 200).notNullable();
    t.string('fingerprint', 64).notNullable();
    t.integer('status_code').nullable();
    t.text('response_json').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'idempotency_key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('idempotency_keys');
}
