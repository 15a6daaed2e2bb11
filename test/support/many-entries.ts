import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { normalizeSearchText } from '../../src/domain/text';
import { rebuildSearchRows } from '../../src/modules/resources/search-rows.store';
import { DIALECT } from './db';

// Thousands of catalog entries for a test, made from one entry saved through the API: its row is
// copied with a new id, code, name and last-save time (its items and modes are not), then SQLite's
// search indexes are rebuilt as after a bulk load (the FTS tables, by the order of saves).

export interface Copy {
  name: string;
  /** Added to the search text only (a keyword the name does not hold). */
  extraText?: string;
  updatedAt: string;
  /** Other columns of the copy's row (sharing_type, update_cycle …). */
  columns?: Record<string, unknown>;
}

/** Copies entry `sourceId` once per `copies`; returns the new ids in the same order. */
export async function copyEntry(db: Knex, sourceId: string, copies: Copy[]): Promise<string[]> {
  const source = await db('resources').where({ id: sourceId }).first();
  const offset = Number((await db('resources').count('* as n').first())!.n);
  const ids: string[] = [];
  const rows = copies.map((c, i) => {
    const id = randomUUID();
    ids.push(id);
    const searchName = normalizeSearchText(c.name);
    return {
      ...source,
      id,
      // Codes far above those the test's own entries get.
      code: source.code ? `${String(source.code).split('/')[0]}/${String(500000 + offset + i)}` : null,
      name: c.name,
      search_name: searchName,
      search_text: normalizeSearchText(`${c.name} ${c.extraText ?? ''} 副本${i}`),
      updated_at: c.updatedAt,
      row_version: 1,
      ...c.columns,
    };
  });
  for (let i = 0; i < rows.length; i += 20) await db('resources').insert(rows.slice(i, i + 20));
  if (DIALECT === 'sqlite') await db.transaction((trx) => rebuildSearchRows(trx));
  return ids;
}
