import { Conn } from '../../db/database';
import { hotRow, hotRows } from '../../db/hot-reads';
import { parseJson } from '../../db/rows';

// The query and verification APIs' reads of the delivered data: rows by the key of their input
// items (exchange_rows_lookup), current rows only. Both are hot reads (src/db/hot-reads.ts).

// No ORDER BY in SQL: ordered by row_key, SQLite's planner walked the primary key over the whole
// entry instead of the lookup index (bench/RESULTS.md, 2026-12-05, query API). The few rows of one
// input are put in key order here.
const LOOKUP_SQL = 'SELECT row_key, values_json FROM exchange_rows WHERE resource_id = ? AND lookup_key = ? AND NOT deleted LIMIT ?';
const HAS_DELIVERY_SQL = 'SELECT seq FROM exchange_deliveries WHERE resource_id = ? LIMIT 1';

export class QueryStore {
  /**
   * The current rows under one input (at most `limit`, in key order), or null when the entry has
   * had no delivery at all, so there is nothing to answer from. Whether it had one is read only
   * when no row is found: a row found is a delivery had.
   */
  async rowsByLookup(db: Conn, resourceId: string, lookupKey: string, limit: number): Promise<Array<Array<string | null>> | null> {
    const rows = await hotRows<{ row_key: string; values_json: unknown }>(db, LOOKUP_SQL, [resourceId, lookupKey, limit]);
    if (rows.length === 0 && !(await hotRow(db, HAS_DELIVERY_SQL, [resourceId]))) return null;
    return rows.sort((a, b) => (a.row_key < b.row_key ? -1 : 1)).map((r) => parseJson<Array<string | null>>(r.values_json, []));
  }
}
