import { Knex } from 'knex';

// A new token's secret was stored in plain text in idempotency_keys.response_json (the answer
// kept for replay to a retry with the same Idempotency-Key), and the table was never purged. The
// middleware now keeps no answer that holds a secret (x-answer-holds-secret in the contract) and
// purges records past their 24 hours by created_at; this migration empties the token answers
// already stored — a retry of those is told which token was created (409
// idempotency_secret_not_replayed) — and indexes created_at for the purge.
//
// down() drops the index only: the secrets are gone for good, as they should be.

export async function up(knex: Knex): Promise<void> {
  await knex('idempotency_keys').where({ object_type: 'token' }).whereNotNull('response_json').update({ response_json: null });
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.index(['created_at'], 'idempotency_keys_created_at');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('idempotency_keys', (t) => {
    t.dropIndex(['created_at'], 'idempotency_keys_created_at');
  });
}
