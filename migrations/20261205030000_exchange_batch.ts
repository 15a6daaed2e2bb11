import { Knex } from 'knex';

// The batch exchange (数据批量交换, docs/exchange.md): deliveries of an entry's data, numbered per
// entry, and the rows they left — the entry's current data, each row with the delivery that last
// changed it, so a grant holder can fetch the changes since a delivery. Data items gain the two
// marks a delivery is checked against: key items (a row's identity) and required items.

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.alterTable('resource_items', (t) => {
    t.boolean('key_item').notNullable().defaultTo(false);
    t.boolean('required_item').notNullable().defaultTo(false);
  });
  await knex.schema.createTable('exchange_deliveries', (t) => {
    t.string('id', 36).primary();
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.integer('seq').notNullable();
    t.string('kind', 20).notNullable();
    t.string('format', 20).notNullable();
    t.string('encoding', 20).notNullable();
    t.string('on_rejected', 20).notNullable();
    t.bigInteger('bytes').notNullable();
    t.string('sha256', 64).notNullable();
    t.integer('rows_received').notNullable();
    t.integer('rows_accepted').notNullable();
    t.integer('rows_rejected').notNullable();
    t.integer('rows_deleted').notNullable();
    t.text('rejections_json').notNullable();
    t.string('file_name', 200).nullable();
    t.string('delivered_by', 36).notNullable().references('id').inTable('users');
    ts(t, 'delivered_at').notNullable();
    // A retried upload with the same Idempotency-Key finds its delivery here (the body is streamed,
    // so the key is checked once the file's hash is known, not before, as for JSON requests).
    t.string('idempotency_key', 200).nullable();
    t.unique(['resource_id', 'seq']);
    t.unique(['resource_id', 'delivered_by', 'idempotency_key'], { indexName: 'exchange_deliveries_idempotency' });
  });
  await knex.schema.createTable('exchange_rows', (t) => {
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.text('row_key').notNullable();
    t.text('values_json').notNullable();
    t.boolean('deleted').notNullable().defaultTo(false);
    // The delivery that last changed the row (its cursor), and the last full snapshot that held it.
    t.integer('changed_seq').notNullable();
    t.integer('seen_seq').notNullable();
    t.primary(['resource_id', 'row_key']);
    t.index(['resource_id', 'changed_seq'], 'exchange_rows_changes');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('exchange_rows');
  await knex.schema.dropTableIfExists('exchange_deliveries');
  await knex.schema.alterTable('resource_items', (t) => {
    t.dropColumn('required_item');
    t.dropColumn('key_item');
  });
}
