import { Knex } from 'knex';
import { searchBigrams } from '../../domain/text';
import { Conn } from '../../db/database';

// SQLite's two FTS5 tables (trigrams, character pairs) keep the entry id in an UNINDEXED column,
// so finding an entry's row there by id reads the whole table, on every save of an entry
// (bench/RESULTS.md, 2026-11-22 reading: "Saving an entry on SQLite"). resources_fts_rows remembers
// each entry's row in both tables; a save deletes by rowid (an index lookup) and writes the new
// rows under new rowids.

/** Replaces an entry's rows in both FTS tables, inside the caller's transaction (SQLite only). */
export async function writeSearchRows(trx: Knex.Transaction, resourceId: string, searchText: string, isNew: boolean): Promise<void> {
  const known: { fts_rowid: number; bigrams_rowid: number } | undefined = isNew
    ? undefined
    : await trx('resources_fts_rows').where({ resource_id: resourceId }).first();
  if (known) {
    await trx.raw('DELETE FROM resources_fts WHERE rowid = ?', [known.fts_rowid]);
    await trx.raw('DELETE FROM resources_bigrams WHERE rowid = ?', [known.bigrams_rowid]);
  } else if (!isNew) {
    // Indexed before resources_fts_rows existed (or bulk-loaded without it): found once by a scan.
    await trx.raw('DELETE FROM resources_fts WHERE resource_id = ?', [resourceId]);
    await trx.raw('DELETE FROM resources_bigrams WHERE resource_id = ?', [resourceId]);
  }
  // The single writer holds the transaction, so the next rowid cannot be taken meanwhile.
  const next = async (table: string) => Number((await trx.raw(`SELECT COALESCE(MAX(rowid), 0) + 1 AS n FROM ${table}`))[0].n);
  const ftsRowid = await next('resources_fts');
  const bigramsRowid = await next('resources_bigrams');
  await trx.raw('INSERT INTO resources_fts (rowid, resource_id, search_text) VALUES (?, ?, ?)', [ftsRowid, resourceId, searchText]);
  await trx.raw('INSERT INTO resources_bigrams (rowid, resource_id, bigrams) VALUES (?, ?, ?)', [
    bigramsRowid,
    resourceId,
    searchBigrams(searchText),
  ]);
  await trx.raw('INSERT OR REPLACE INTO resources_fts_rows (resource_id, fts_rowid, bigrams_rowid) VALUES (?, ?, ?)', [
    resourceId,
    ftsRowid,
    bigramsRowid,
  ]);
}

/** Records where every entry's FTS rows are (after a bulk load, or for rows indexed before the map). */
export async function mapSearchRows(db: Conn): Promise<number> {
  const fts: Array<{ rowid: number; resource_id: string }> = await db.raw('SELECT rowid, resource_id FROM resources_fts');
  const pairs: Array<{ rowid: number; resource_id: string }> = await db.raw('SELECT rowid, resource_id FROM resources_bigrams');
  const pairRow = new Map(pairs.map((p) => [p.resource_id, p.rowid]));
  const rows = fts
    .filter((f) => pairRow.has(f.resource_id))
    .map((f) => ({ resource_id: f.resource_id, fts_rowid: f.rowid, bigrams_rowid: pairRow.get(f.resource_id)! }));
  await db('resources_fts_rows').delete();
  // knex writes a multi-row insert as one compound SELECT, which SQLite caps at 500 terms.
  for (let i = 0; i < rows.length; i += 400) await db('resources_fts_rows').insert(rows.slice(i, i + 400));
  return rows.length;
}
