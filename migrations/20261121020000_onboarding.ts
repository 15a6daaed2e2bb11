import { Knex } from 'knex';

// Projects' lifecycle and acceptance, their onboarding evidence (connections, the producer's
// declaration that no one requested the data), the bureau's verifications, and the achievement
// registration (信息化项目成果登记表) filed after acceptance.

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });

  await knex.schema.alterTable('projects', (t) => {
    t.string('stage', 30).notNullable().defaultTo('approved');
    ts(t, 'construction_started_at').nullable();
    ts(t, 'completed_at').nullable();
    ts(t, 'preliminary_accepted_at').nullable();
    ts(t, 'trial_started_at').nullable();
    ts(t, 'accepted_at').nullable();
    t.string('rectification_of', 20).nullable();
    t.text('rectification_findings').nullable();
    t.text('acceptance_delay_reason').nullable();
    t.string('acceptance_delay_new_date', 10).nullable();
    ts(t, 'acceptance_delay_reported_at').nullable();
    t.text('no_request_declaration').nullable();
    ts(t, 'no_request_declared_at').nullable();
  });

  await knex.schema.createTable('project_stage_events', (t) => {
    t.bigIncrements('seq').primary();
    t.string('project_id', 36).notNullable().references('id').inTable('projects');
    t.string('action', 40).notNullable();
    t.string('from_stage', 30).notNullable();
    t.string('to_stage', 30).notNullable();
    t.string('actor_id', 36).notNullable();
    ts(t, 'at').notNullable();
    t.text('note').nullable();
    t.index(['project_id']);
  });

  await knex.schema.createTable('onboarding_connections', (t) => {
    t.string('id', 36).primary();
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.string('mode', 30).notNullable();
    t.string('reference', 500).notNullable();
    t.text('evidence').notNullable();
    ts(t, 'occurred_at').nullable();
    t.string('declared_by', 36).notNullable();
    ts(t, 'declared_at').notNullable();
    t.string('confirmed_by', 36).nullable();
    ts(t, 'confirmed_at').nullable();
    t.index(['resource_id', 'mode']);
  });

  await knex.schema.createTable('onboarding_verifications', (t) => {
    t.string('id', 36).primary();
    t.string('project_id', 36).notNullable().references('id').inTable('projects');
    t.text('snapshot_json').notNullable();
    t.string('verified_by', 36).notNullable();
    ts(t, 'verified_at').notNullable();
    t.index(['project_id', 'verified_at']);
  });

  await knex.schema.createTable('project_registrations', (t) => {
    t.string('project_id', 36).primary().references('id').inTable('projects');
    t.text('outcomes').notNullable();
    t.text('acceptance_materials').notNullable();
    t.text('sharing_request_forms').notNullable();
    t.text('scope_and_desensitization').notNullable();
    t.string('total_data_volume', 200).notNullable();
    t.string('data_format', 200).notNullable();
    t.boolean('shared').notNullable();
    t.string('handler', 100).notNullable();
    t.string('registered_on', 10).notNullable();
    t.string('registered_by', 36).notNullable();
    ts(t, 'registered_at').notNullable();
    t.text('receipt_notes').nullable();
    t.string('receiving_department_id', 36).nullable().references('id').inTable('departments');
    t.string('receiver', 100).nullable();
    t.string('received_on', 10).nullable();
    t.string('received_by', 36).nullable();
    ts(t, 'received_at').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['project_registrations', 'onboarding_verifications', 'onboarding_connections', 'project_stage_events']) {
    await knex.schema.dropTableIfExists(table);
  }
  await knex.schema.alterTable('projects', (t) => {
    t.dropColumns(
      'stage',
      'construction_started_at',
      'completed_at',
      'preliminary_accepted_at',
      'trial_started_at',
      'accepted_at',
      'rectification_of',
      'rectification_findings',
      'acceptance_delay_reason',
      'acceptance_delay_new_date',
      'acceptance_delay_reported_at',
      'no_request_declaration',
      'no_request_declared_at',
    );
  });
}
