import { Conn } from '../../db/database';
import { parseJson, Row } from '../../db/rows';

// The query and verification APIs' reads of the delivered data: rows by the key of their input
// items (exchange_rows_lookup), current rows only.

export class QueryStore {
  async rowsByLookup(db: Conn, resourceId: string, lookupKey: string, limit: number): Promise<Array<Array<string | null>>> {
    // No ORDER BY in SQL: ordered by row_key, SQLite's planner walked the primary key over the whole
    // entry instead of the lookup index (bench/RESULTS.md, 2026-12-05, query API: 0.5 s a query on a
    // million rows). The few rows of one input are put in key order here.
    const rows: Row[] = await db('exchange_rows')
      .where({ resource_id: resourceId, lookup_key: lookupKey, deleted: false })
      .limit(limit)
      .select('row_key', 'values_json');
    return rows
      .sort((a, b) => ((a.row_key as string) < (b.row_key as string) ? -1 : 1))
      .map((r) => parseJson<Array<string | null>>(r.values_json, []));
  }

  /** Whether the entry has had any delivery (else a stored query has nothing to answer from). */
  async hasDelivery(db: Conn, resourceId: string): Promise<boolean> {
    return (await db('exchange_deliveries').where({ resource_id: resourceId }).first('seq')) !== undefined;
  }
}
