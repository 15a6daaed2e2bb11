import { Knex } from 'knex';
import { beijingYear, formatNumber, NumberSeries } from '../src/domain/form-numbers';

// Human-readable numbers on paper forms (issue 18, ADR 0037): every sharing request a number
// RJ-SQ-<year>-<counter> and every achievement registration RJ-DJ-<year>-<counter>, the year of
// creation in Beijing time. The counters live in form_number_counters, one row per series and year,
// moved on in the creating transaction (src/db/form-counters.ts). Existing rows are numbered here in
// creation order (created_at for requests, registered_at for registrations; the id breaks ties) and
// the counters continue after them. The column stays nullable in the DDL (SQLite would rebuild the
// table to add NOT NULL); every row has a number after this migration, and every new row gets one.
// Registrations filed before this printed request-id fragments and 共约 0 条记录: their texts are
// rewritten with the requests' numbers, and 0 records of entries that gave no count become 未登记记录数.

async function numberRows(
  knex: Knex,
  table: string,
  key: string,
  createdColumn: string,
  series: NumberSeries,
): Promise<Map<string, string>> {
  const rows: Array<Record<string, unknown>> = await knex(table).select(key, createdColumn).orderBy([createdColumn, key]);
  const counters = new Map<number, number>();
  const numbers = new Map<string, string>();
  for (const row of rows) {
    const year = beijingYear(new Date(row[createdColumn] as string | Date));
    const seq = (counters.get(year) ?? 0) + 1;
    counters.set(year, seq);
    const number = formatNumber(series, year, seq);
    numbers.set(row[key] as string, number);
    await knex(table)
      .where(key, row[key] as string)
      .update({ number });
  }
  for (const [year, last] of counters) await knex('form_number_counters').insert({ series, year, last_value: last });
  return numbers;
}

const FORMS_TEXT = /^数据共享应用（需求）表 (\d+) 份：(.+)$/;
const ZERO_RECORDS = /^(\d+) 个信息资源，共约 0 条记录$/;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('form_number_counters', (t) => {
    t.string('series', 4).notNullable();
    t.integer('year').notNullable();
    t.integer('last_value').notNullable();
    t.primary(['series', 'year']);
  });
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.string('number', 24).nullable();
  });
  await knex.schema.alterTable('project_registrations', (t) => {
    t.string('number', 24).nullable();
  });
  const requestNumbers = await numberRows(knex, 'sharing_requests', 'id', 'created_at', 'SQ');
  await numberRows(knex, 'project_registrations', 'project_id', 'registered_at', 'DJ');
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.unique(['number'], { indexName: 'sharing_requests_number_unique' });
  });
  await knex.schema.alterTable('project_registrations', (t) => {
    t.unique(['number'], { indexName: 'project_registrations_number_unique' });
  });

  // The texts of registrations filed before: id fragments → numbers, 0 records → not counted.
  const ids = [...requestNumbers.keys()];
  const registrations: Array<Record<string, unknown>> = await knex('project_registrations').select(
    'project_id',
    'sharing_request_forms',
    'total_data_volume',
  );
  for (const r of registrations) {
    const changes: Record<string, string> = {};
    const forms = FORMS_TEXT.exec(String(r.sharing_request_forms));
    if (forms) {
      const numbers = forms[2].split('、').map((fragment) => {
        const id = ids.find((candidate) => candidate.startsWith(fragment));
        return id ? requestNumbers.get(id)! : fragment;
      });
      changes.sharing_request_forms = `数据共享应用（需求）表 ${forms[1]} 份：${numbers.join('、')}`;
    }
    const zero = ZERO_RECORDS.exec(String(r.total_data_volume));
    if (zero) changes.total_data_volume = `${zero[1]} 个信息资源（未登记记录数）`;
    if (Object.keys(changes).length > 0)
      await knex('project_registrations')
        .where('project_id', r.project_id as string)
        .update(changes);
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('project_registrations', (t) => {
    t.dropUnique(['number'], 'project_registrations_number_unique');
  });
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.dropUnique(['number'], 'sharing_requests_number_unique');
  });
  await knex.schema.alterTable('project_registrations', (t) => {
    t.dropColumn('number');
  });
  await knex.schema.alterTable('sharing_requests', (t) => {
    t.dropColumn('number');
  });
  await knex.schema.dropTable('form_number_counters');
}
