import { Knex } from 'knex';

// The audit trail is read by time ("what happened last week": listAuditEvents' occurredFrom and
// occurredTo). A page of a time range is ordered by (occurred_at, seq), newest first, and this
// index holds that order: a page reads its 50 rows from the index wherever the range lies. Without
// it both planners walked the primary key back from the newest event, filtering by time, which for
// a week long past reads every event since (docs/audit.md has the plans on both databases).

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at, seq)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX audit_events_occurred_at');
}
