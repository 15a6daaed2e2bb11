import { Knex } from 'knex';

// Attachments (附件, docs/attachments.md): files attached to a project's acceptance materials, a
// registration's project materials and a connection's evidence. The bytes live under the data
// folder, named by their SHA-256 (identical content kept once); each attachment is its own row,
// naming its object, kind, scanned file name, type, size and hash, and who uploaded it for which
// department. object_type + object_id name the object in its own area (a registration by its
// project's id); no foreign key, as the three kinds live in three tables.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('attachments', (t) => {
    t.string('id', 36).primary();
    t.string('object_type', 20).notNullable();
    t.string('object_id', 36).notNullable();
    t.string('kind', 40).notNullable();
    t.string('file_name', 200).notNullable();
    t.string('file_type', 10).notNullable();
    t.string('media_type', 100).notNullable();
    t.bigInteger('bytes').notNullable();
    t.string('sha256', 64).notNullable();
    // The uploader's department: it alone may remove the attachment (while its object is open).
    t.string('department_id', 36).notNullable().references('id').inTable('departments');
    t.string('uploaded_by', 36).notNullable().references('id').inTable('users');
    t.timestamp('uploaded_at', { useTz: true }).notNullable();
    // A retried upload with the same Idempotency-Key and file gets the first attachment.
    t.string('idempotency_key', 200).nullable();
    t.index(['object_type', 'object_id', 'uploaded_at'], 'attachments_of_object');
    // Whether any row still names a file, before it is removed.
    t.index(['sha256'], 'attachments_sha256');
    t.unique(['uploaded_by', 'idempotency_key'], { indexName: 'attachments_idempotency' });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('attachments');
}
