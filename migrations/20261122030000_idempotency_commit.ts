import { Knex } from 'knex';

// An Idempotency-Key's claim is marked in the same transaction as the write it guards, with the
// object it created. A crash between that commit and recording the answer then leaves a claim that
// says "done, this object" instead of one that looks abandoned and lets a retry create twice.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.timestamp('committed_at', { useTz: true }).nullable();
    t.string('object_type', 40).nullable();
    t.string('object_id', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropColumn('committed_at');
    t.dropColumn('object_type');
    t.dropColumn('object_id');
  });
}
