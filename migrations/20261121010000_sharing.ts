import { Knex } from 'knex';
import { officialArrangements } from '../src/domain/official-holidays';

// Sharing requests (数据共享应用（需求）表), the grants they give, and the working-day calendar
// their reply deadlines are counted on, seeded with the official arrangements shipped as data.

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });

  await knex.schema.createTable('calendar_years', (t) => {
    t.integer('year').primary();
    t.string('source', 200).notNullable();
    ts(t, 'updated_at').notNullable();
  });
  await knex.schema.createTable('calendar_days', (t) => {
    t.string('day', 10).primary();
    t.integer('year').notNullable().references('year').inTable('calendar_years');
    t.string('kind', 10).notNullable();
    t.string('name', 50).notNullable();
    t.index(['year']);
  });

  await knex.schema.createTable('sharing_requests', (t) => {
    t.string('id', 36).primary();
    t.string('status', 20).notNullable();
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.string('producer_department_id', 36).notNullable().references('id').inTable('departments');
    t.string('consumer_department_id', 36).notNullable().references('id').inTable('departments');
    t.string('requested_by', 36).notNullable().references('id').inTable('users');
    t.string('provision_mode', 30).notNullable();
    t.text('items_json').notNullable();
    t.text('purpose').notNullable();
    t.text('basis').notNullable();
    t.text('scope_of_use').notNullable();
    t.string('period_start', 10).notNullable();
    t.string('period_end', 10).notNullable();
    ts(t, 'submitted_at').nullable();
    t.string('due_date', 10).nullable();
    ts(t, 'due_at').nullable();
    ts(t, 'answered_at').nullable();
    t.string('answered_by', 36).nullable();
    t.string('decision', 20).nullable();
    t.text('reject_reason').nullable();
    t.text('approval_comment').nullable();
    t.text('approved_items_json').nullable();
    t.string('approved_period_start', 10).nullable();
    t.string('approved_period_end', 10).nullable();
    ts(t, 'escalated_at').nullable();
    t.text('escalation_reason').nullable();
    t.string('bureau_decision', 10).nullable();
    t.text('bureau_reason').nullable();
    ts(t, 'bureau_decided_at').nullable();
    t.string('bureau_decided_by', 36).nullable();
    t.string('grant_id', 36).nullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['producer_department_id', 'status', 'due_date']);
    t.index(['consumer_department_id', 'status']);
    t.index(['resource_id']);
    t.index(['status', 'due_at']);
  });

  await knex.schema.createTable('grants', (t) => {
    t.string('id', 36).primary();
    t.string('request_id', 36).notNullable().unique().references('id').inTable('sharing_requests');
    t.string('status', 20).notNullable();
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.string('producer_department_id', 36).notNullable().references('id').inTable('departments');
    t.string('consumer_department_id', 36).notNullable().references('id').inTable('departments');
    t.string('provision_mode', 30).notNullable();
    t.text('items_json').notNullable();
    t.text('purpose').notNullable();
    t.text('scope_of_use').notNullable();
    t.string('valid_from', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.string('granted_by', 10).notNullable();
    ts(t, 'revoked_at').nullable();
    t.string('revoked_by', 36).nullable();
    t.text('revoke_reason').nullable();
    ts(t, 'suspended_at').nullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['consumer_department_id', 'status']);
    t.index(['producer_department_id', 'status']);
    t.index(['resource_id', 'status']);
  });

  const now = new Date().toISOString();
  for (const arrangement of officialArrangements) {
    await knex('calendar_years').insert({ year: arrangement.year, source: arrangement.source, updated_at: now });
    if (arrangement.days.length > 0) {
      await knex.batchInsert(
        'calendar_days',
        arrangement.days.map((d) => ({ day: d.date, year: arrangement.year, kind: d.kind, name: d.name })),
        100,
      );
    }
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['grants', 'sharing_requests', 'calendar_days', 'calendar_years']) {
    await knex.schema.dropTableIfExists(table);
  }
}
