import { Knex } from 'knex';
import { searchBigrams } from '../../domain/text';
import { Conn } from '../../db/database';

// SQLite's search indexes (ADR 0017, amended 2026-12-05): four FTS5 tables — the search text's
// trigrams and character pairs, the name's trigrams and character pairs — whose rows all carry the
// entry's search number as their rowid. resources_fts_rows maps each entry to its number. A save
// gives the entry the next number, so the FTS tables read backwards by rowid are the entries newest
// saved first: a keyword search walks one of them in that order and stops when its page is full
// (resources-search.store.ts), instead of fetching and sorting every match. The FTS tables keep the
// entry id in an UNINDEXED column, so finding an entry's rows there by id would read the whole
// table; its number finds them by rowid.

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
} as const;

/** Replaces an entry's rows in the FTS tables under a new search number, inside the caller's transaction (SQLite only). */
export async function writeSearchRows(
  trx: Knex.Transaction,
  resourceId: string,
  searchName: string,
  searchText: string,
  isNew: boolean,
): Promise<void> {
  const known: { seq: number } | undefined = isNew
    ? undefined
    : await trx('resources_fts_rows').where({ resource_id: resourceId }).first('seq');
  for (const table of Object.values(SEARCH_TABLES)) {
    if (known) await trx.raw(`DELETE FROM ${table} WHERE rowid = ?`, [known.seq]);
    // Indexed without a number (bulk-loaded): found once by a scan.
    else if (!isNew) await trx.raw(`DELETE FROM ${table} WHERE resource_id = ?`, [resourceId]);
  }
  // The single writer holds the transaction, so the next number cannot be taken meanwhile.
  const seq = Number((await trx.raw('SELECT COALESCE(MAX(seq), 0) + 1 AS n FROM resources_fts_rows'))[0].n);
  await insertSearchRows(trx, [{ seq, id: resourceId, searchName, searchText }]);
  await trx.raw('INSERT OR REPLACE INTO resources_fts_rows (resource_id, seq) VALUES (?, ?)', [resourceId, seq]);
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
  }
}

/**
 * Numbers every entry anew in the order of its last save (updated_at, then id) and fills the FTS
 * tables from the entries' rows: after a bulk load, and by the migration that introduced the
 * numbers (20261205070000). Returns how many entries it indexed.
 */
export async function rebuildSearchRows(db: Conn): Promise<number> {
  for (const table of Object.values(SEARCH_TABLES)) await db.raw(`DELETE FROM ${table}`);
  await db('resources_fts_rows').delete();
  await db.raw('INSERT INTO resources_fts_rows (resource_id, seq) SELECT id, ROW_NUMBER() OVER (ORDER BY updated_at, id) FROM resources');
  let count = 0;
  for (let after = 0; ;) {
    const rows: Array<{ seq: number; id: string; search_name: string; search_text: string }> = await db('resources_fts_rows as m')
      .join('resources as r', 'r.id', 'm.resource_id')
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
