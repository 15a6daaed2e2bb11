import { Knex } from 'knex';

// An unanswered request may be escalated once overdue (docs/sharing.md "Escalation"): the request
// records why it was escalated (`rejection` or `overdue`), and the instant its reply deadline is
// counted from — its submission, or the bureau's order to answer (责成答复), which starts a new
// deadline. Every request escalated before this migration was escalated against a rejection, and
// every deadline so far was counted from the submission.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.string('escalation_ground', 10).nullable();
    t.timestamp('due_counted_from', { useTz: true }).nullable();
  });
  await knex('sharing_requests').whereNotNull('escalated_at').update({ escalation_ground: 'rejection' });
  await knex('sharing_requests')
    .whereNotNull('due_date')
    .update({ due_counted_from: knex.ref('submitted_at') });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.dropColumn('due_counted_from');
    t.dropColumn('escalation_ground');
  });
}
