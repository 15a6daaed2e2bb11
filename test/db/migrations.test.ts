import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Knex } from 'knex';
import { migrateToLatest, rollbackAll } from '../../src/db/migrate';
import { catalogTables, freshDatabase, TestDb } from '../support/db';
import { migrations } from '../../migrations';

// Migrations run up, down and up again on each database, and the schema they build matches the
// recorded snapshot (test/db/schema-snapshot.json): every column's type, nullability and default,
// each table's primary key, indexes and foreign keys. A schema change without a migration, or a
// migration without updating the snapshot on purpose, fails here. To record an intended change:
//
//   UPDATE_SCHEMA_SNAPSHOT=1 npx jest --selectProjects sqlite -- test/db/migrations.test.ts
//   UPDATE_SCHEMA_SNAPSHOT=1 PG_TEST_URL=… npx jest --selectProjects postgres -- test/db/migrations.test.ts
//
// and review the file's diff. The snapshot holds what both databases agree on once (`both`), and
// only what differs under `sqlite` and `postgres`; recording one database moves an entry out of
// `both` when the other no longer agrees with it, and back when both do again.

const SNAPSHOT_FILE = path.join(__dirname, 'schema-snapshot.json');
const UPDATE = process.env.UPDATE_SCHEMA_SNAPSHOT === '1';

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase({ migrate: false });
});
afterAll(async () => {
  await t.destroy();
});

/** A schema, or part of one, as the snapshot holds it: every leaf one string, so a change reads as one line. */
interface Tree {
  [key: string]: string | Tree;
}
type Dialect = TestDb['dialect'];

// The portable vocabulary: what knex's column builders make on each database, under one name, so
// the same entry holds for both. Anything not listed is kept as the catalog spells it.
const PORTABLE_TYPES: Record<string, string> = {
  int: 'integer',
  integer: 'integer',
  bigint: 'bigint',
  smallint: 'smallint',
  boolean: 'boolean',
  text: 'text',
  // knex's timestamp(): `datetime` on SQLite, which has no time zones, and on PostgreSQL
  // `timestamp with time zone`, as every timestamp here asks (useTz). PostgreSQL's `timestamp
  // without time zone` is another thing, and keeps its name.
  datetime: 'timestamp',
  'timestamp with time zone': 'timestamp',
  date: 'date',
  json: 'json',
  jsonb: 'jsonb',
  float: 'float',
  real: 'float',
  double: 'double',
  'double precision': 'double',
  // A SQLite column declared without a type, which SQLite allows and knex never writes.
  '': 'untyped',
};
const NUMERIC_TYPES = /^(integer|bigint|smallint|float|double|decimal\(.*\))$/;

function portableType(declared: string): string {
  const type = declared.trim().toLowerCase().replace(/\s+/g, ' ');
  const varchar = /^(?:varchar|character varying) ?\((\d+)\)$/.exec(type);
  if (varchar) return `varchar(${varchar[1]})`;
  const decimal = /^(?:decimal|numeric) ?\((\d+), ?(\d+)\)$/.exec(type);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  return PORTABLE_TYPES[type] ?? type;
}

/** A column default as one literal both databases spell alike; null for none. */
function portableDefault(raw: string | null, type: string): string | null {
  if (raw === null) return null;
  let value = raw.trim();
  if (/^nextval\(/i.test(value)) return 'autoincrement';
  // PostgreSQL names the literal's type ('approved'::character varying, '0'::bigint, NULL::text)
  // and wraps a negative number in parentheses; SQLite keeps the text of the DDL.
  for (let cast = /::[a-z_ ]+(\([\d, ]*\))?(\[\])?$/i; cast.test(value);) value = value.replace(cast, '');
  while (/^\(.*\)$/.test(value)) value = value.slice(1, -1);
  if (/^null$/i.test(value)) return null;
  if (/^(current_timestamp|now\(\))$/i.test(value)) return 'current_timestamp';
  const quoted = /^'(.*)'$/s.exec(value);
  const literal = quoted ? quoted[1].replace(/''/g, "'") : value;
  // knex quotes every default on SQLite (`default '0'` for a boolean or an integer); PostgreSQL
  // answers `false` and `0`.
  if (type === 'boolean') {
    if (/^(0|false|f)$/i.test(literal)) return 'false';
    if (/^(1|true|t)$/i.test(literal)) return 'true';
  }
  if (NUMERIC_TYPES.test(type) && /^-?\d+(\.\d+)?$/.test(literal)) return literal;
  return value;
}

/** An index's WHERE clause, spelt alike: PostgreSQL adds parentheses and lower-cases keywords; SQLite keeps the DDL's text. */
function portablePredicate(predicate: string): string {
  return predicate
    .replace(/[()`"]/g, '')
    .replace(/\b(true|false|null|and|or|not|is|in)\b/gi, (word) => word.toLowerCase())
    .replace(/\s+/g, ' ')
    .trim();
}

const column = (type: string, nullable: boolean, dflt: string | null) =>
  `${type} ${nullable ? 'null' : 'not null'}${dflt === null ? '' : ` default ${dflt}`}`;
const index = (unique: boolean, method: string, columns: string[], predicate: string | null) =>
  `${unique ? 'unique ' : ''}${method === 'btree' ? '' : `using ${method} `}(${columns.join(', ')})${predicate ? ` where ${portablePredicate(predicate)}` : ''}`;
const ON_ACTION: Record<string, string> = { c: 'cascade', r: 'restrict', n: 'set null', d: 'set default', a: 'no action' };
const foreignKey = (table: string, columns: string[], onDelete: string, onUpdate: string) =>
  `${table}(${columns.join(', ')})${onDelete === 'no action' ? '' : ` on delete ${onDelete}`}${onUpdate === 'no action' ? '' : ` on update ${onUpdate}`}`;

/** Sets tree[table][section][name] (or tree[table][section] when name is undefined). */
function put(tree: Tree, table: string, section: string, name: string | undefined, value: string) {
  const entry = (tree[table] ??= {}) as Tree;
  if (name === undefined) entry[section] = value;
  else ((entry[section] ??= {}) as Tree)[name] = value;
}

async function sqliteSchema(db: Knex): Promise<Tree> {
  const schema: Tree = {};
  for (const { name: table, kind } of await catalogTables(db)) {
    const [{ sql }] = await db.raw("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [table]);
    if (kind === 'virtual') {
      // An FTS5 table: its columns and tokenizer are all in its definition.
      put(schema, table, 'virtual', undefined, (sql as string).replace(/^create virtual table\s+\S+\s+using\s+/i, '').replace(/\s+/g, ' '));
      continue;
    }
    const columns: Array<{ name: string; type: string; notnull: number; dflt_value: string | null; pk: number }> = await db.raw(
      'SELECT * FROM pragma_table_info(?)',
      [table],
    );
    const primary = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    for (const c of columns) {
      const type = portableType(c.type);
      // SQLite allows AUTOINCREMENT on a lone INTEGER PRIMARY KEY only, and says so nowhere but in the DDL.
      const autoincrement = primary.length === 1 && c.pk === 1 && type === 'integer' && /\bautoincrement\b/i.test(sql);
      put(
        schema,
        table,
        'columns',
        c.name,
        column(type, c.notnull === 0, autoincrement ? 'autoincrement' : portableDefault(c.dflt_value, type)),
      );
    }
    if (primary.length > 0) put(schema, table, 'primary key', undefined, `(${primary.map((c) => c.name).join(', ')})`);
    const indexes: Array<{ name: string; unique: number; origin: string; partial: number }> = await db.raw(
      'SELECT * FROM pragma_index_list(?)',
      [table],
    );
    for (const ix of indexes) {
      if (ix.origin === 'pk') continue; // recorded above as the primary key, as PostgreSQL's is
      const keys: Array<{ seqno: number; name: string | null; desc: number; key: number }> = await db.raw(
        'SELECT * FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno',
        [ix.name],
      );
      let predicate: string | null = null;
      if (ix.partial) {
        const [{ sql: ddl }] = await db.raw("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?", [ix.name]);
        predicate = (ddl as string).slice((ddl as string).search(/\bwhere\b/i) + 'where'.length);
      }
      const names = keys.map((k) => `${k.name ?? 'expression'}${k.desc ? ' desc' : ''}`);
      put(schema, table, 'indexes', ix.name, index(ix.unique === 1, 'btree', names, predicate));
    }
    const references: Array<{
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string | null;
      on_update: string;
      on_delete: string;
    }> = await db.raw('SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq', [table]);
    for (const id of new Set(references.map((r) => r.id))) {
      const parts = references.filter((r) => r.id === id);
      put(
        schema,
        table,
        'foreign keys',
        parts.map((r) => r.from).join(', '),
        foreignKey(
          parts[0].table,
          parts.map((r) => r.to ?? '(primary key)'),
          parts[0].on_delete.toLowerCase(),
          parts[0].on_update.toLowerCase(),
        ),
      );
    }
  }
  return schema;
}

async function postgresSchema(db: Knex): Promise<Tree> {
  const schema: Tree = {};
  const tables = new Set((await catalogTables(db)).map((c) => c.name));
  const columns = await db.raw(`
    SELECT table_name, column_name, data_type, udt_name, character_maximum_length AS length,
      numeric_precision AS precision, numeric_scale AS scale, is_nullable, column_default, is_identity
    FROM information_schema.columns WHERE table_schema = current_schema()`);
  for (const c of columns.rows) {
    if (!tables.has(c.table_name)) continue;
    let declared: string = c.data_type;
    if (declared === 'character varying' && c.length !== null) declared = `varchar(${c.length})`;
    else if (declared === 'character') declared = `char(${c.length})`;
    else if (declared === 'numeric' && c.precision !== null) declared = `decimal(${c.precision},${c.scale})`;
    else if (declared === 'USER-DEFINED') declared = c.udt_name;
    else if (declared === 'ARRAY') declared = `${String(c.udt_name).replace(/^_/, '')}[]`;
    const type = portableType(declared);
    const dflt = c.is_identity === 'YES' ? 'autoincrement' : portableDefault(c.column_default, type);
    put(schema, c.table_name, 'columns', c.column_name, column(type, c.is_nullable === 'YES', dflt));
  }
  // pg_index rather than pg_indexes, whose one line of DDL would have to be parsed: the key columns
  // by name (an expression as PostgreSQL prints it), with DESC and an operator class other than the
  // column type's default (gin_trgm_ops).
  const indexes = await db.raw(`
    SELECT c.relname AS table_name, i.relname AS name, ix.indisunique AS is_unique, ix.indisprimary AS is_primary,
      am.amname AS method, pg_get_expr(ix.indpred, ix.indrelid, true) AS predicate,
      array(
        SELECT coalesce(a.attname::text, pg_get_indexdef(ix.indexrelid, k, true))
          || CASE WHEN oc.opcdefault THEN '' ELSE ' ' || oc.opcname::text END
          || CASE WHEN ix.indoption[k - 1] & 1 = 1 THEN ' desc' ELSE '' END
        FROM generate_series(1, ix.indnkeyatts) AS k
          JOIN pg_opclass oc ON oc.oid = ix.indclass[k - 1]
          LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k - 1] AND ix.indkey[k - 1] <> 0
        ORDER BY k
      )::text[] AS columns
    FROM pg_index ix
      JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_class c ON c.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_am am ON am.oid = i.relam
    WHERE n.nspname = current_schema()`);
  for (const ix of indexes.rows) {
    if (!tables.has(ix.table_name)) continue;
    if (ix.is_primary) put(schema, ix.table_name, 'primary key', undefined, `(${ix.columns.join(', ')})`);
    else put(schema, ix.table_name, 'indexes', ix.name, index(ix.is_unique, ix.method, ix.columns, ix.predicate));
  }
  const references = await db.raw(`
    SELECT c.relname AS table_name, f.relname AS ref_table, con.confdeltype AS on_delete, con.confupdtype AS on_update,
      array(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.i)::text[] AS columns,
      array(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, i)
        JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.i)::text[] AS ref_columns
    FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace
      JOIN pg_class f ON f.oid = con.confrelid
    WHERE con.contype = 'f' AND n.nspname = current_schema()`);
  for (const r of references.rows) {
    if (!tables.has(r.table_name)) continue;
    put(
      schema,
      r.table_name,
      'foreign keys',
      r.columns.join(', '),
      foreignKey(r.ref_table, r.ref_columns, ON_ACTION[r.on_delete], ON_ACTION[r.on_update]),
    );
  }
  return schema;
}

/** The schema the database holds now, in the snapshot's form. */
const schemaOf = (db: Knex, dialect: Dialect): Promise<Tree> => (dialect === 'sqlite' ? sqliteSchema(db) : postgresSchema(db));

// The snapshot compared and merged entry by entry: `table.section.name` → one string.
function flatten(tree: Tree, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(tree)) {
    if (key.includes('.')) throw new Error(`schema snapshot: a name with a dot cannot be recorded: ${prefix}${key}`);
    if (typeof value === 'string') out.set(prefix + key, value);
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}
function unflatten(entries: Map<string, string>): Tree {
  const tree: Tree = {};
  for (const key of [...entries.keys()].sort()) {
    const parts = key.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) node = (node[part] ??= {}) as Tree;
    node[parts[parts.length - 1]] = entries.get(key)!;
  }
  return tree;
}

interface SnapshotFile {
  both: Tree;
  sqlite: Tree;
  postgres: Tree;
}
const readSnapshot = (): SnapshotFile => JSON.parse(fs.readFileSync(SNAPSHOT_FILE, 'utf8'));
/** What the snapshot says one database holds: what both agree on, and what is that database's own. */
const recorded = (file: SnapshotFile, dialect: Dialect) => new Map([...flatten(file.both), ...flatten(file[dialect])]);

interface Difference {
  entry: string;
  recorded: string | undefined;
  now: string | undefined;
}
function differences(expected: Map<string, string>, actual: Map<string, string>): Difference[] {
  const entries = [...new Set([...expected.keys(), ...actual.keys()])].sort();
  return entries.filter((e) => expected.get(e) !== actual.get(e)).map((e) => ({ entry: e, recorded: expected.get(e), now: actual.get(e) }));
}

function failureMessage(dialect: Dialect, diffs: Difference[]): string {
  const lines = diffs.map((d) => `  ${d.entry}\n    recorded: ${d.recorded ?? '(none)'}\n    now:      ${d.now ?? '(none)'}`);
  return [
    `The ${dialect} schema differs from ${path.relative(process.cwd(), SNAPSHOT_FILE)} in ${diffs.length} entries:`,
    ...lines,
    `If the change is meant (a migration makes it), record it: UPDATE_SCHEMA_SNAPSHOT=1 npx jest --selectProjects ${dialect} -- test/db/migrations.test.ts (then the other database too), and review the diff.`,
  ].join('\n');
}

/** Writes one database's schema into the snapshot, keeping the other's. */
function record(dialect: Dialect, actual: Map<string, string>) {
  const file = readSnapshot();
  const other: Dialect = dialect === 'sqlite' ? 'postgres' : 'sqlite';
  const theirs = recorded(file, other);
  const both = new Map([...actual].filter(([entry, value]) => theirs.get(entry) === value));
  const mine = new Map([...actual].filter(([entry]) => !both.has(entry)));
  const them = new Map([...theirs].filter(([entry]) => !both.has(entry)));
  const next = { both: unflatten(both), [dialect]: unflatten(mine), [other]: unflatten(them) };
  const text = `${JSON.stringify({ both: next.both, sqlite: next.sqlite, postgres: next.postgres }, null, 2)}\n`;
  fs.writeFileSync(SNAPSHOT_FILE, text);
}

/**
 * Runs fn holding a lock on the snapshot file: `UPDATE_SCHEMA_SNAPSHOT=1 npx jest` with both
 * databases runs the two projects side by side, and each reads, merges and writes the one file.
 */
async function withSnapshotLock(fn: () => void): Promise<void> {
  const lock = path.join(os.tmpdir(), `schema-snapshot-${createHash('sha256').update(SNAPSHOT_FILE).digest('hex').slice(0, 12)}.lock`);
  const started = Date.now();
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      if (Date.now() - started > 20_000) throw new Error(`${lock} has been held for 20 s; remove it if no test is running`, { cause: err });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  try {
    fn();
  } finally {
    fs.rmdirSync(lock);
  }
}

/**
 * Fails, naming every entry that differs, unless the database holds the recorded schema; with
 * `mayRecord` and UPDATE_SCHEMA_SNAPSHOT=1 it records the schema instead.
 */
async function expectRecordedSchema(db: Knex, dialect: Dialect, mayRecord = false) {
  const actual = flatten(await schemaOf(db, dialect));
  if (mayRecord && UPDATE) {
    await withSnapshotLock(() => record(dialect, actual));
    return;
  }
  const diffs = differences(recorded(readSnapshot(), dialect), actual);
  if (diffs.length > 0) throw new Error(failureMessage(dialect, diffs));
}

describe('migrations', () => {
  it('are listed in timestamp order with unique names', () => {
    const names = migrations.map((m) => m.name);
    expect([...names].sort()).toEqual(names);
    expect(new Set(names).size).toBe(names.length);
  });

  it('build the recorded schema, tear it down completely and build it again', async () => {
    await migrateToLatest(t.db);
    await expectRecordedSchema(t.db, t.dialect, true);
    await rollbackAll(t.db);
    expect(await schemaOf(t.db, t.dialect)).toEqual({});
    await migrateToLatest(t.db);
    await expectRecordedSchema(t.db, t.dialect);
  });

  it('are checked by a snapshot that notices a changed type, nullability or default, and an index made without a migration', async () => {
    // The canary must bite: the schema changed behind the migrations' back, in a scratch database.
    const scratch = await freshDatabase();
    try {
      await scratch.db.schema.alterTable('idempotency_keys', (table) => {
        table.setNullable('fingerprint');
      });
      await scratch.db.schema.alterTable('idempotency_keys', (table) => {
        table.string('object_type', 80).nullable().alter();
        table.integer('status_code').nullable().defaultTo(200).alter();
        table.index(['object_type', 'object_id'], 'idempotency_keys_by_object');
      });
      const diffs = differences(recorded(readSnapshot(), scratch.dialect), flatten(await schemaOf(scratch.db, scratch.dialect)));
      expect(diffs.map((d) => [d.entry, d.now])).toEqual([
        ['idempotency_keys.columns.fingerprint', 'varchar(64) null'],
        ['idempotency_keys.columns.object_type', 'varchar(80) null'],
        ['idempotency_keys.columns.status_code', 'integer null default 200'],
        ['idempotency_keys.indexes.idempotency_keys_by_object', '(object_type, object_id)'],
      ]);
      expect(failureMessage(scratch.dialect, diffs)).toContain('UPDATE_SCHEMA_SNAPSHOT=1 npx jest');
    } finally {
      await scratch.destroy();
    }
  });

  it('add and remove the (status, id) index, and on PostgreSQL the change-notification triggers and functions, which the snapshot does not record', async () => {
    // Functions outlive the tables they serve, so a down() that forgot one would pass the snapshot.
    const objects = async () => {
      if (t.dialect === 'sqlite') {
        const rows = await t.db.raw(
          "SELECT type, name FROM sqlite_master WHERE name = 'resources_status_id' OR type = 'trigger' ORDER BY name",
        );
        return rows.map((r: { type: string; name: string }) => `${r.type} ${r.name}`);
      }
      const indexes = await t.db.raw(
        "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname = 'resources_status_id'",
      );
      // pg_trigger, not information_schema.triggers, which leaves out TRUNCATE triggers.
      const triggers = await t.db.raw(
        'SELECT tg.tgname AS name FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND NOT tg.tgisinternal',
      );
      const functions = await t.db.raw(
        "SELECT p.proname AS name FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema() AND p.proname LIKE 'notify_%'",
      );
      return [
        ...indexes.rows.map((r: { name: string }) => `index ${r.name}`),
        ...triggers.rows.map((r: { name: string }) => `trigger ${r.name}`),
        ...functions.rows.map((r: { name: string }) => `function ${r.name}`),
      ].sort();
    };
    await migrateToLatest(t.db);
    expect(await objects()).toEqual(
      t.dialect === 'sqlite'
        ? ['index resources_status_id']
        : [
            'function notify_audit_head_moved',
            'function notify_tokens_changed',
            'index resources_status_id',
            'trigger api_tokens_changed',
            'trigger api_tokens_truncated',
            'trigger audit_head_moved',
            'trigger users_changed',
            'trigger users_truncated',
          ],
    );
    await rollbackAll(t.db);
    expect(await objects()).toEqual([]);
    await migrateToLatest(t.db);
  });

  it('allow one bureau department only, even when two registrations race past the service check', async () => {
    const at = new Date().toISOString();
    const row = (id: string, isBureau: boolean) => ({
      id,
      name: `部门${id}`,
      credit_code: `code-${id}`,
      level: 'municipal',
      is_bureau: isBureau,
      created_at: at,
      updated_at: at,
    });
    await t.db('departments').insert([row('b1', true), row('d1', false), row('d2', false)]);
    // Matched on the message: jest's toThrow() does not always recognise a driver's error class.
    await expect(t.db('departments').insert(row('b2', true))).rejects.toMatchObject({
      message: expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
    });
    await t.db('departments').whereIn('id', ['b1', 'd1', 'd2']).delete();
  });

  it('enforce foreign keys on every connection', async () => {
    await expect(
      t.db('users').insert({
        id: 'u1',
        name: 'x',
        department_id: 'no-such-department',
        roles_json: '[]',
        active: true,
        created_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/FOREIGN KEY constraint failed|violates foreign key constraint/) });
  });
});
