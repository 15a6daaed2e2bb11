import { Knex } from 'knex';

// The exchange's access records (调用记录, docs/exchange.md): every call of the exchange — a
// delivery, a download, a query, a verification, a certificate fetch — with who made it, under
// which grant, what it carried and how it ended, hash-chained like the audit trail so that an
// edited, removed or inserted record breaks the chain. Beside them: what each grant used per
// minute and per day (its quotas), the producer's terms per grant (which sensitive items are
// released clear, the quotas), and the key a query looks rows up by (the entry's input items).

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.createTable('exchange_access_records', (t) => {
    t.bigInteger('seq').primary();
    t.string('id', 36).notNullable().unique();
    ts(t, 'occurred_at').notNullable();
    t.string('user_id', 36).nullable();
    t.string('caller_department_id', 36).nullable();
    // No foreign key on the grant: a call naming a grant that does not exist is recorded too.
    t.string('grant_id', 36).nullable();
    t.string('resource_id', 36).nullable();
    t.string('producer_department_id', 36).nullable();
    t.string('consumer_department_id', 36).nullable();
    t.string('mode', 30).notNullable();
    t.string('operation', 30).notNullable();
    t.text('items_json').notNullable();
    t.integer('rows').notNullable();
    t.string('result', 60).notNullable();
    t.integer('status').notNullable();
    t.integer('latency_ms').notNullable();
    t.string('request_id', 100).nullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.index(['grant_id', 'seq'], 'exchange_access_by_grant');
    t.index(['producer_department_id', 'seq'], 'exchange_access_by_producer');
    t.index(['consumer_department_id', 'seq'], 'exchange_access_by_consumer');
    t.index(['resource_id', 'seq'], 'exchange_access_by_resource');
  });
  await knex.schema.createTable('exchange_access_head', (t) => {
    t.integer('id').primary();
    t.bigInteger('last_seq').notNullable();
    t.string('last_hash', 64).notNullable();
  });
  await knex('exchange_access_head').insert({ id: 1, last_seq: 0, last_hash: '0'.repeat(64) });
  await knex.schema.createTable('exchange_usage', (t) => {
    t.string('grant_id', 36).notNullable();
    // 'm:<UTC minute>' or 'd:<Beijing date>'.
    t.string('period', 20).notNullable();
    t.integer('requests').notNullable();
    // The calls answered (the board's real sharing); `requests` counts refusals too (the quota's).
    t.integer('calls_ok').notNullable();
    t.bigInteger('rows').notNullable();
    t.primary(['grant_id', 'period']);
  });
  await knex.schema.createTable('exchange_grant_terms', (t) => {
    t.string('grant_id', 36).primary().references('id').inTable('grants');
    t.text('clear_items_json').notNullable();
    t.integer('requests_per_minute').notNullable();
    t.bigInteger('rows_per_day').notNullable();
    t.string('updated_by', 36).notNullable().references('id').inTable('users');
    ts(t, 'updated_at').notNullable();
    // The ETag of the terms (If-Match on PUT); a grant without stored terms is at version 0.
    t.integer('row_version').notNullable().defaultTo(1);
  });
  await knex.schema.alterTable('exchange_rows', (t) => {
    // The values of the entry's input items (queryRole 'input'), joined as a row key is: what the
    // query API looks a row up by.
    t.text('lookup_key').nullable();
    t.index(['resource_id', 'lookup_key'], 'exchange_rows_lookup');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('exchange_rows', (t) => {
    t.dropIndex(['resource_id', 'lookup_key'], 'exchange_rows_lookup');
    t.dropColumn('lookup_key');
  });
  await knex.schema.dropTableIfExists('exchange_grant_terms');
  await knex.schema.dropTableIfExists('exchange_usage');
  await knex.schema.dropTableIfExists('exchange_access_head');
  await knex.schema.dropTableIfExists('exchange_access_records');
}
