import { Knex } from 'knex';
import { searchBigrams, searchChars } from '../../domain/text';
import { Conn } from '../../db/database';

// SQLite's search indexes (ADR 0017, amended 2026-12-05): six FTS5 tables — the search text's and
// the name's trigrams, character pairs and single letters or digits — whose rows all carry the
// entry's search number as their rowid. A save gives the entry the next number, so the FTS tables
// read backwards by rowid are the entries newest saved first: a keyword search walks one of them in
// that order and stops when its page is full (resources-search.store.ts), instead of fetching and
// sorting every match. resources_fts_entries holds each entry under its number (its rowid) with the
// columns search filters and counts by, so facet counts for a keyword read one small row per match
// instead of the entry's. The FTS tables keep the entry id in an UNINDEXED column, so finding an
// entry's rows there by id would read the whole table; its number finds them by rowid.

/** The FTS tables, each holding one row per entry under the entry's search number. */
export const SEARCH_TABLES = {
  /** The search text (name, summary, items …) by trigrams: keywords of three characters or more. */
  text: 'resources_fts',
  /** The search text's character pairs: two-character keywords. */
  textPairs: 'resources_bigrams',
  /** The name by trigrams: the first relevance tier. */
  name: 'resources_fts_names',
  /** The name's character pairs. */
  namePairs: 'resources_fts_name_pairs',
  /** The search text's letters and digits: one-character keywords. */
  textChars: 'resources_fts_text_chars',
  /** The name's letters and digits. */
  nameChars: 'resources_fts_name_chars',
} as const;

/** Each entry under its search number, with the columns search filters and counts by. */
export const SEARCH_ENTRIES = 'resources_fts_entries';
/** The columns of `resources` that SEARCH_ENTRIES repeats (its rows are filtered as `r`, like the entries'). */
export const SEARCH_ENTRY_COLUMNS = [
  'id',
  'status',
  'department_id',
  'classification',
  'category_code',
  'sharing_type',
  'format',
  'update_cycle',
  'project_id',
] as const;

/**
 * Replaces an entry's rows in the search tables under a new search number, inside the caller's
 * transaction (SQLite only); `row`: the entry's row as just written to `resources`.
 */
export async function writeSearchRows(trx: Knex.Transaction, row: Record<string, unknown>, isNew: boolean): Promise<void> {
  const resourceId = row.id as string;
  const known: { seq: number } | undefined = isNew ? undefined : await trx(SEARCH_ENTRIES).where({ id: resourceId }).first('seq');
  for (const table of Object.values(SEARCH_TABLES)) {
    if (known) await trx.raw(`DELETE FROM ${table} WHERE rowid = ?`, [known.seq]);
    // Indexed without a number (bulk-loaded): found once by a scan.
    else if (!isNew) await trx.raw(`DELETE FROM ${table} WHERE resource_id = ?`, [resourceId]);
  }
  if (known) await trx(SEARCH_ENTRIES).where({ seq: known.seq }).delete();
  // The single writer holds the transaction, so the next number cannot be taken meanwhile.
  const seq = Number((await trx.raw(`SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM ${SEARCH_ENTRIES}`))[0].n);
  await insertSearchRows(trx, [{ seq, id: resourceId, searchName: row.search_name as string, searchText: row.search_text as string }]);
  await trx(SEARCH_ENTRIES).insert({ seq, ...Object.fromEntries(SEARCH_ENTRY_COLUMNS.map((c) => [c, row[c] ?? null])) });
}

/** Removes an entry's rows from the search tables, inside the caller's transaction (SQLite only): a deleted draft. */
export async function removeSearchRows(trx: Knex.Transaction, resourceId: string): Promise<void> {
  const known: { seq: number } | undefined = await trx(SEARCH_ENTRIES).where({ id: resourceId }).first('seq');
  for (const table of Object.values(SEARCH_TABLES)) {
    if (known) await trx.raw(`DELETE FROM ${table} WHERE rowid = ?`, [known.seq]);
    // Indexed without a number (bulk-loaded): found by a scan.
    else await trx.raw(`DELETE FROM ${table} WHERE resource_id = ?`, [resourceId]);
  }
  if (known) await trx(SEARCH_ENTRIES).where({ seq: known.seq }).delete();
}

interface Numbered {
  seq: number;
  id: string;
  searchName: string;
  searchText: string;
}

// knex writes a multi-row insert as one compound SELECT, which SQLite caps at 500 terms.
const BATCH = 400;

async function insertSearchRows(db: Conn, rows: Numbered[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    const each = (f: (r: Numbered) => Record<string, unknown>) => batch.map((r) => ({ rowid: r.seq, resource_id: r.id, ...f(r) }));
    await db(SEARCH_TABLES.text).insert(each((r) => ({ search_text: r.searchText })));
    await db(SEARCH_TABLES.textPairs).insert(each((r) => ({ bigrams: searchBigrams(r.searchText) })));
    await db(SEARCH_TABLES.name).insert(each((r) => ({ search_name: r.searchName })));
    await db(SEARCH_TABLES.namePairs).insert(each((r) => ({ bigrams: searchBigrams(r.searchName) })));
    await db(SEARCH_TABLES.textChars).insert(each((r) => ({ chars: searchChars(r.searchText) })));
    await db(SEARCH_TABLES.nameChars).insert(each((r) => ({ chars: searchChars(r.searchName) })));
  }
}

/**
 * Numbers every entry anew in the order of its last save (updated_at, then id) and fills the FTS
 * tables from the entries' rows: after a bulk load, and by the migration that introduced the
 * numbers (20261205070000). Returns how many entries it indexed.
 */
export async function rebuildSearchRows(db: Conn): Promise<number> {
  for (const table of Object.values(SEARCH_TABLES)) await db.raw(`DELETE FROM ${table}`);
  await db(SEARCH_ENTRIES).delete();
  const columns = SEARCH_ENTRY_COLUMNS.join(', ');
  await db.raw(
    `INSERT INTO ${SEARCH_ENTRIES} (seq, ${columns}) SELECT ROW_NUMBER() OVER (ORDER BY updated_at, id), ${columns} FROM resources`,
  );
  let count = 0;
  for (let after = 0; ;) {
    const rows: Array<{ seq: number; id: string; search_name: string; search_text: string }> = await db(`${SEARCH_ENTRIES} as m`)
      .join('resources as r', 'r.id', 'm.id')
      .where('m.seq', '>', after)
      .orderBy('m.seq')
      .limit(2000)
      .select('m.seq', 'r.id', 'r.search_name', 'r.search_text');
    if (rows.length === 0) break;
    await insertSearchRows(
      db,
      rows.map((r) => ({ seq: Number(r.seq), id: r.id, searchName: r.search_name, searchText: r.search_text })),
    );
    count += rows.length;
    after = Number(rows[rows.length - 1].seq);
  }
  return count;
}
