import { Knex } from 'knex';
import { dialectOf } from '../src/db/knex';

// The catalog's category tree (资源分类, ADR 0039), maintained by the bureau instead of fixed in code.
// Codes as the national guide lays them out (src/domain/category-codes.ts): the 类 (1 基础, 2 主题,
// 3 部门信息资源, fixed) and below them 项 (3 digits), 目 (6) and 细目 (9), each code its parent's
// followed by its own digits. Seeded with the list the code held until now, so every entry's
// category exists. Entries keep their category_code column; the service checks it against this
// table (the row held for share while an entry is written, for update while a category is changed).

/** The tree as the migration seeds it (the benchmark's generated city files its entries under these). */
export const SEEDED_CATEGORIES: ReadonlyArray<{ code: string; name: string }> = [
  { code: '1', name: '基础信息资源' },
  { code: '2', name: '主题信息资源' },
  { code: '3', name: '部门信息资源' },
  { code: '101', name: '人口基础信息' },
  { code: '102', name: '法人单位基础信息' },
  { code: '103', name: '自然资源和空间地理基础信息' },
  { code: '104', name: '宏观经济基础信息' },
  { code: '105', name: '社会信用基础信息' },
  { code: '106', name: '电子证照基础信息' },
  { code: '201', name: '政务服务' },
  { code: '202', name: '社会保障' },
  { code: '203', name: '医疗卫生' },
  { code: '204', name: '教育文化' },
  { code: '205', name: '城乡建设' },
  { code: '206', name: '交通运输' },
  { code: '207', name: '市场监管' },
  { code: '208', name: '公共安全' },
  { code: '209', name: '生态环境' },
  { code: '210', name: '应急管理' },
  { code: '301', name: '公安' },
  { code: '302', name: '民政' },
  { code: '303', name: '市场监督管理' },
  { code: '304', name: '自然资源' },
  { code: '305', name: '人力资源和社会保障' },
  { code: '306', name: '卫生健康' },
  { code: '307', name: '教育' },
  { code: '308', name: '住房和城乡建设' },
  { code: '309', name: '交通运输' },
  { code: '310', name: '政务数据管理' },
  { code: '399', name: '其他部门' },
];

export async function up(knex: Knex): Promise<void> {
  const ts = (t: Knex.CreateTableBuilder, name: string) => t.timestamp(name, { useTz: true });
  await knex.schema.createTable('categories', (t) => {
    t.string('code', 9).primary();
    t.string('name', 100).notNullable();
    // The code without its own digits; null for the three 类.
    t.string('parent_code', 9).nullable();
    t.integer('level').notNullable();
    ts(t, 'created_at').notNullable();
    ts(t, 'updated_at').notNullable();
    t.integer('row_version').notNullable().defaultTo(1);
    t.index(['parent_code'], 'categories_parent');
  });
  const now = new Date().toISOString();
  await knex('categories').insert(
    SEEDED_CATEGORIES.map((c) => ({
      code: c.code,
      name: c.name,
      parent_code: c.code.length === 1 ? null : c.code.slice(0, 1),
      level: c.code.length === 1 ? 1 : 2,
      created_at: now,
      updated_at: now,
    })),
  );
  // Entries and code sequences of a 目 or 细目 carry 6 or 9 digits. PostgreSQL checks the declared
  // length, so it is widened there; SQLite never checks it, and widening it would rebuild the
  // entries' table, so it keeps its declared varchar(3) (the schema snapshot records the difference).
  if (dialectOf(knex) === 'postgres') {
    await knex.raw('ALTER TABLE resources ALTER COLUMN category_code TYPE varchar(9)');
    await knex.raw('ALTER TABLE resource_code_sequences ALTER COLUMN category_code TYPE varchar(9)');
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('categories');
}
