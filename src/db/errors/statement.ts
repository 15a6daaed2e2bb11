// knex prefixes a driver's message with the statement that failed (`insert into "t" ("a", "b")
// values ($1, $2) - <driver message>`; on SQLite with the values written in). The translators read
// it for what the driver leaves out — which table the statement writes, which columns it writes,
// which column a numbered parameter goes to — and never pass any of it on.

export type Quote = '"' | '`';

export interface Statement {
  verb: 'insert' | 'update' | 'delete' | 'other';
  /** The table written to, unqualified. */
  table?: string;
  /** The columns written: an insert's column list, an update's `set` targets. */
  columns: string[];
  /** PostgreSQL only: the column each `$n` parameter is written to, by n. */
  parameterColumns: Map<number, string>;
}

const EMPTY: Statement = { verb: 'other', columns: [], parameterColumns: new Map() };

function identifier(q: Quote): string {
  return q === '"' ? '"((?:[^"]|"")+)"' : '`((?:[^`]|``)+)`';
}

/**
 * Reads the statement at the start of a knex error message. `sql` is the message up to the
 * driver's part; callers cut it where they know the driver's text begins.
 */
export function parseStatement(sql: string, q: Quote): Statement {
  const id = identifier(q);
  const table = `(?:${id}\\.)?${id}`;
  // SQLite's multi-row insert is `insert into t (a, b) select … union all select …`.
  const insert = new RegExp(`^insert into ${table} \\(([^)]*)\\) (values|select) `, 'i').exec(sql);
  if (insert) {
    const columns = splitColumns(insert[3], q);
    return {
      verb: 'insert',
      table: insert[2],
      columns,
      parameterColumns:
        q === '"' && insert[4].toLowerCase() === 'values' ? insertParameters(sql.slice(insert[0].length), columns) : new Map(),
    };
  }
  const update = new RegExp(`^update ${table} set `, 'i').exec(sql);
  if (update) {
    const rest = sql.slice(update[0].length);
    // The assignments end where the statement's conditions or its returning list begin.
    const end = rest.search(/ (?:where|returning|from) /i);
    const assignments = end < 0 ? rest : rest.slice(0, end);
    const columns: string[] = [];
    const parameterColumns = new Map<number, string>();
    for (const m of assignments.matchAll(new RegExp(`(?:^|, )${id} = (\\$(\\d+)(?![0-9]))?`, 'g'))) {
      columns.push(unquote(m[1], q));
      if (m[3] !== undefined) parameterColumns.set(Number(m[3]), unquote(m[1], q));
    }
    return { verb: 'update', table: update[2], columns, parameterColumns };
  }
  const del = new RegExp(`^delete from ${table}`, 'i').exec(sql);
  if (del) return { ...EMPTY, verb: 'delete', table: del[2] };
  return EMPTY;
}

function unquote(name: string, q: Quote): string {
  return name.split(q + q).join(q);
}

function splitColumns(list: string, q: Quote): string[] {
  const columns: string[] = [];
  for (const m of list.matchAll(new RegExp(identifier(q), 'g'))) columns.push(unquote(m[1], q));
  return columns;
}

/**
 * Maps each `$n` written as a whole value of an insert's rows (`values ($1, $2), ($3, DEFAULT)`) to
 * its column by its place in the row; a parameter inside an expression maps to nothing.
 */
function insertParameters(values: string, columns: string[]): Map<number, string> {
  const map = new Map<number, string>();
  let depth = 0;
  let position = 0;
  for (let i = 0; i < values.length; i++) {
    const ch = values[i];
    if (ch === '(') {
      depth++;
      if (depth === 1) position = 0;
    } else if (ch === ')') {
      depth--;
      if (depth < 0) break;
    } else if (depth === 0) {
      // Past the last row (` returning …`, ` on conflict …`).
      if (ch !== ',' && ch !== ' ') break;
    } else if (depth === 1 && ch === ',') {
      position++;
    } else if (depth === 1 && ch === '$') {
      const digits = /^\d+/.exec(values.slice(i + 1));
      // The whole value is the parameter: `$3`, or `$3::jsonb`, up to the next comma or `)`.
      const before = values.slice(0, i).trimEnd();
      const after = values.slice(i + 1 + (digits?.[0].length ?? 0));
      if (digits && /[(,]$/.test(before) && /^(?:::[a-z ]+)?\s*[,)]/i.test(after) && position < columns.length)
        map.set(Number(digits[0]), columns[position]);
    }
  }
  return map;
}
