import { Knex } from 'knex';

// Electronic certificates and trusted files (电子证照/可信文件, docs/certificates.md): certificates a
// producer issues for its published entry, each signed by the platform as a compact JWS (Ed25519),
// and the public keys that verify them. Only public keys are kept here (every instance reads the
// same ones; the JWKS is served from this table); the private keys live outside the database
// (ADR 0032). A key is retired when a newer one takes over signing — it keeps verifying what it
// signed — and removed only when it must stop verifying (a compromised key).

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.createTable('certificate_keys', (t) => {
    // The RFC 7638 thumbprint of the public key (base64url of a SHA-256): the JWS header's kid.
    t.string('kid', 64).primary();
    t.text('public_jwk').notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'retired_at').nullable();
    ts(t, 'removed_at').nullable();
  });
  await knex.schema.createTable('certificates', (t) => {
    t.string('id', 36).primary();
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.string('certificate_type', 200).notNullable();
    t.string('number', 64).notNullable();
    t.string('holder_name', 200).notNullable();
    t.string('holder_id_type', 20).notNullable();
    t.string('holder_id', 18).notNullable();
    t.text('items_json').notNullable();
    t.string('issuing_department_id', 36).notNullable().references('id').inTable('departments');
    t.string('issuing_authority', 200).nullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10).nullable();
    t.string('kid', 64).notNullable().references('kid').inTable('certificate_keys');
    t.text('jws').notNullable();
    t.string('issued_by', 36).notNullable().references('id').inTable('users');
    ts(t, 'issued_at').notNullable();
    ts(t, 'revoked_at').nullable();
    t.string('revoked_by', 36).nullable().references('id').inTable('users');
    t.text('revoke_reason').nullable();
    // A certificate's number is unique within its entry (the producer's register of them).
    t.unique(['resource_id', 'number'], { indexName: 'certificates_number' });
    // A grant holder fetches one holder's certificates of an entry.
    t.index(['resource_id', 'holder_id'], 'certificates_holder');
    // Lists, newest first: the bureau's over all, a department's over its own.
    t.index(['issuing_department_id', 'issued_at'], 'certificates_by_department');
    t.index(['issued_at'], 'certificates_issued');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('certificates');
  await knex.schema.dropTableIfExists('certificate_keys');
}
