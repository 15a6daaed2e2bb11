import { Knex } from 'knex';

// A data item's masking rule (脱敏) as data: one of a fixed set of rules with parameters
// (src/domain/masking.ts, ADR 0029), kept as JSON beside the item's desensitization text. Null:
// no rule; the items stored before keep their text and have none.

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('resource_items', (t) => {
    t.text('masking_json').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('resource_items', (t) => {
    t.dropColumn('masking_json');
  });
}
