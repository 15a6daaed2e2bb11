import { Knex } from 'knex';

// The catalog's first schema: departments, users and tokens, projects, catalog entries with their
// items, provision modes and versions, resource-code sequences, and the audit trail.
// Portable DDL: the same statements on SQLite and PostgreSQL, with each dialect's text index.

export async function up(knex: Knex): Promise<void> {
  const isPg = knex.client.config.client === 'pg';
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });

  await knex.schema.createTable('departments', (t) => {
    t.string('id', 36).primary();
    t.string('name', 200).notNullable().unique();
    t.string('credit_code', 18).notNullable().unique();
    t.string('level', 20).notNullable();
    t.boolean('is_bureau').notNullable().defaultTo(false);
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
  });

  // One big-data bureau per platform, also under concurrent registrations.
  await knex.raw('CREATE UNIQUE INDEX departments_one_bureau ON departments (is_bureau) WHERE is_bureau = TRUE');

  await knex.schema.createTable('users', (t) => {
    t.string('id', 36).primary();
    t.string('name', 200).notNullable();
    t.string('department_id', 36).notNullable().references('id').inTable('departments');
    t.text('roles_json').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['department_id']);
  });

  await knex.schema.createTable('api_tokens', (t) => {
    t.string('id', 36).primary();
    t.string('user_id', 36).notNullable().references('id').inTable('users');
    t.string('name', 200).notNullable();
    t.string('token_hash', 64).notNullable().unique();
    ts(t, 'created_at').notNullable();
    ts(t, 'expires_at').nullable();
    ts(t, 'revoked_at').nullable();
    t.index(['user_id']);
  });

  await knex.schema.createTable('projects', (t) => {
    t.string('id', 36).primary();
    t.string('code', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.string('owner_department_id', 36).notNullable().references('id').inTable('departments');
    t.text('content').notNullable();
    t.bigInteger('approved_budget_fen').notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.index(['owner_department_id']);
  });

  await knex.schema.createTable('resources', (t) => {
    t.string('id', 36).primary();
    t.string('code', 20).nullable().unique();
    t.string('status', 20).notNullable();
    t.integer('version').notNullable().defaultTo(0);
    t.string('name', 200).notNullable();
    t.string('category_code', 3).notNullable();
    t.string('classification', 20).notNullable();
    t.string('department_id', 36).notNullable().references('id').inTable('departments');
    t.string('project_id', 36).nullable().references('id').inTable('projects');
    t.text('summary').nullable();
    t.string('format', 30).nullable();
    t.string('format_detail', 100).nullable();
    t.string('sharing_type', 20).nullable();
    t.text('sharing_conditions').nullable();
    t.text('sharing_basis').nullable();
    t.string('open_type', 20).nullable();
    t.text('open_conditions').nullable();
    t.string('update_cycle', 20).nullable();
    t.text('related_codes_json').notNullable();
    t.bigInteger('total_records').nullable();
    t.bigInteger('total_bytes').nullable();
    t.text('scope_of_use').nullable();
    t.text('provision_modes_json').notNullable();
    t.text('video_json').nullable();
    t.text('duplicate_candidates_json').notNullable();
    t.integer('item_count').notNullable().defaultTo(0);
    t.text('return_reason').nullable();
    t.text('withdraw_reason').nullable();
    // Normalised name, summary and item names: what keyword search reads; the name alone ranks.
    t.text('search_text').notNullable();
    t.string('search_name', 200).notNullable();
    t.string('created_by', 36).notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    ts(t, 'submitted_at').nullable();
    ts(t, 'published_at').nullable();
    ts(t, 'withdrawn_at').nullable();
    t.index(['status', 'updated_at']);
    t.index(['department_id', 'status']);
    t.index(['project_id']);
    t.index(['category_code']);
  });

  await knex.schema.createTable('resource_items', (t) => {
    t.string('resource_id', 36).notNullable().references('id').inTable('resources').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.string('name', 100).notNullable();
    t.string('normalized_name', 100).notNullable();
    t.string('data_type', 1).notNullable();
    t.integer('length').nullable();
    t.text('description').nullable();
    t.boolean('sensitive').notNullable().defaultTo(false);
    t.text('desensitization_rule').nullable();
    t.string('query_role', 10).nullable();
    t.primary(['resource_id', 'position']);
    t.index(['normalized_name']);
  });

  await knex.schema.createTable('resource_provision_modes', (t) => {
    t.string('resource_id', 36).notNullable().references('id').inTable('resources').onDelete('CASCADE');
    t.string('mode', 30).notNullable();
    t.primary(['resource_id', 'mode']);
    t.index(['mode']);
  });

  await knex.schema.createTable('resource_versions', (t) => {
    t.string('resource_id', 36).notNullable().references('id').inTable('resources');
    t.integer('version').notNullable();
    t.string('action', 20).notNullable();
    t.text('changed_fields_json').notNullable();
    t.text('reason').nullable();
    t.text('snapshot_json').notNullable();
    t.string('created_by', 36).notNullable();
    ts(t, 'created_at').notNullable();
    t.primary(['resource_id', 'version']);
  });

  await knex.schema.createTable('resource_code_sequences', (t) => {
    t.string('category_code', 3).primary();
    t.integer('last_value').notNullable();
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.bigIncrements('seq').primary();
    t.string('id', 36).notNullable().unique();
    ts(t, 'occurred_at').notNullable();
    t.string('user_id', 36).nullable();
    t.string('department_id', 36).nullable();
    t.string('action', 60).notNullable();
    t.string('object_type', 40).notNullable();
    t.string('object_id', 64).notNullable();
    t.string('result', 20).notNullable();
    t.string('request_id', 100).nullable();
    t.string('client_address', 100).nullable();
    t.text('details_json').notNullable();
    t.index(['object_type', 'object_id']);
    t.index(['user_id']);
    t.index(['department_id']);
  });

  if (isPg) {
    // Trigram index: keyword LIKE searches of three or more characters use it.
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await knex.raw('CREATE INDEX resources_search_text_trgm ON resources USING gin (search_text gin_trgm_ops)');
  } else {
    // FTS5 with the trigram tokenizer: substring search for queries of three or more characters;
    // shorter ones (two-character Chinese words such as 户籍) take the LIKE branch.
    await knex.raw("CREATE VIRTUAL TABLE resources_fts USING fts5(resource_id UNINDEXED, search_text, tokenize = 'trigram')");
  }
}

export async function down(knex: Knex): Promise<void> {
  const isPg = knex.client.config.client === 'pg';
  if (!isPg) await knex.raw('DROP TABLE IF EXISTS resources_fts');
  for (const table of [
    'audit_events',
    'resource_code_sequences',
    'resource_versions',
    'resource_provision_modes',
    'resource_items',
    'resources',
    'projects',
    'api_tokens',
    'users',
    'departments',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
