import { Knex } from 'knex';

// Notifications (docs/notifications.md, ADR 0041): each department's webhook (its address and
// signing secret), the outbox of notifications to deliver to it — one row per notification and
// department, its key unique so that a notification is made once however many dispatchers see
// its cause — every attempt at delivering one, and the dispatcher's cursor in the audit trail
// (the sequence of the last event turned into notifications).

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.createTable('department_webhooks', (t) => {
    t.string('department_id', 36).primary().references('id').inTable('departments');
    t.string('url', 2000).notNullable();
    t.string('secret', 200).notNullable();
    t.string('updated_by', 36).notNullable().references('id').inTable('users');
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.string('id', 36).primary();
    t.string('department_id', 36).notNullable().references('id').inTable('departments');
    // What makes the notification one: `<event>:<object id>[:<deadline>]` or `audit:<event seq>`.
    t.string('event_key', 200).notNullable();
    t.string('event_type', 60).notNullable();
    t.string('object_type', 40).notNullable();
    t.string('object_id', 36).notNullable();
    t.text('payload_json').notNullable();
    // pending → delivered | failed (every attempt used up)
    t.string('status', 20).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    ts(t, 'next_attempt_at').notNullable();
    // A dispatcher's claim: no other sends it until the claim lapses (a dispatcher that died mid-call).
    ts(t, 'claimed_until').nullable();
    t.string('claim_token', 36).nullable();
    t.integer('last_status_code').nullable();
    t.string('last_error', 500).nullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'delivered_at').nullable();
    t.unique(['department_id', 'event_key'], { indexName: 'webhook_deliveries_once' });
    t.index(['status', 'next_attempt_at'], 'webhook_deliveries_due');
    t.index(['department_id', 'created_at'], 'webhook_deliveries_by_department');
  });
  await knex.schema.createTable('webhook_attempts', (t) => {
    t.string('id', 36).primary();
    t.string('delivery_id', 36).notNullable().references('id').inTable('webhook_deliveries');
    t.integer('attempt').notNullable();
    ts(t, 'attempted_at').notNullable();
    t.integer('status_code').nullable();
    t.string('error', 500).nullable();
    t.integer('duration_ms').notNullable();
    t.unique(['delivery_id', 'attempt'], { indexName: 'webhook_attempts_once' });
  });
  await knex.schema.createTable('notification_cursor', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_seq').notNullable();
  });
  // The to-do lists and deadline notices read projects by stage (awaiting the bureau, registrations due).
  await knex.schema.alterTable('projects', (t) => {
    t.index(['stage', 'accepted_at'], 'projects_by_stage');
  });
  // From now on: the trail's past is not announced.
  const head = await knex('audit_chain_head').where({ id: 1 }).first();
  await knex('notification_cursor').insert({ id: 1, last_seq: head ? Number(head.last_seq) : 0 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('projects', (t) => {
    t.dropIndex(['stage', 'accepted_at'], 'projects_by_stage');
  });
  await knex.schema.dropTable('notification_cursor');
  await knex.schema.dropTable('webhook_attempts');
  await knex.schema.dropTable('webhook_deliveries');
  await knex.schema.dropTable('department_webhooks');
}
