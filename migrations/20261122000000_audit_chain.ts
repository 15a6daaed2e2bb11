import { Knex } from 'knex';
import { chainHash, GENESIS_HASH } from '../src/domain/audit-chain';

// The audit trail becomes tamper-evident: each event carries the hash of its predecessor and its
// own hash over a canonical form; a one-row head records the last link (locked by every append);
// signed checkpoints of the head catch truncation. Departments an event concerns are recorded so a
// department can read the events about its own objects.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('audit_events', (t) => {
    t.string('object_department_id', 36).nullable();
    t.string('related_department_id', 36).nullable();
    t.string('prev_hash', 64).nullable();
    t.string('hash', 64).nullable();
    t.index(['object_department_id']);
    t.index(['related_department_id']);
  });
  await knex.schema.createTable('audit_chain_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_seq').notNullable();
    t.string('last_hash', 64).notNullable();
  });
  await knex.schema.createTable('audit_checkpoints', (t) => {
    t.increments('id').primary();
    t.bigInteger('event_seq').notNullable();
    t.string('head_hash', 64).notNullable();
    t.timestamp('signed_at', { useTz: true }).notNullable();
    t.string('key_id', 16).notNullable();
    t.text('signature').notNullable();
  });

  // Chain the events recorded before this migration, in order.
  let prev = GENESIS_HASH;
  let last = 0;
  let after = 0;
  for (;;) {
    const rows: Array<Record<string, unknown>> = await knex('audit_events').where('seq', '>', after).orderBy('seq').limit(500);
    if (rows.length === 0) break;
    for (const row of rows) {
      const hash = chainHash(prev, row);
      await knex('audit_events').where({ seq: row.seq }).update({ prev_hash: prev, hash });
      prev = hash;
      last = Number(row.seq);
    }
    after = last;
  }
  await knex('audit_chain_head').insert({ id: 1, last_seq: last, last_hash: prev });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('audit_checkpoints');
  await knex.schema.dropTableIfExists('audit_chain_head');
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropIndex(['object_department_id']);
    t.dropIndex(['related_department_id']);
  });
  await knex.schema.alterTable('audit_events', (t) => {
    t.dropColumns('object_department_id', 'related_department_id', 'prev_hash', 'hash');
  });
}
