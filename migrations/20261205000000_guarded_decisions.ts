import { Knex } from 'knex';

// What a verification covered, and how often a project's acceptance was put off:
// - onboarding_verifications.covered_json: each entry the bureau verified, with its status,
//   provision modes and data items as they were, so that withdrawing, returning or editing one of
//   them makes the verification stale (until now a withdrawn entry simply dropped out of the
//   checklist, and the project passed acceptance without it). Null for older verifications.
// - projects.acceptance_delay_count: delays reported so far, refused ones included, so the bureau
//   sees a project that keeps putting its acceptance off.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('onboarding_verifications', (t) => {
    t.text('covered_json').nullable();
  });
  await knex.schema.alterTable('projects', (t) => {
    t.integer('acceptance_delay_count').notNullable().defaultTo(0);
  });
  // Projects that reported a delay before the count existed have reported at least one.
  await knex('projects').whereNotNull('acceptance_delay_new_date').update({ acceptance_delay_count: 1 });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('projects', (t) => {
    t.dropColumn('acceptance_delay_count');
  });
  await knex.schema.alterTable('onboarding_verifications', (t) => {
    t.dropColumn('covered_json');
  });
}
