import { Conn } from '../../db/database';
import { parseJson, Row } from '../../db/rows';

// The query and verification APIs' reads of the delivered data: rows by the key of their input
// items (exchange_rows_lookup), current rows only.

export class QueryStore {
  async rowsByLookup(db: Conn, resourceId: string, lookupKey: string, limit: number): Promise<Array<Array<string | null>>> {
    const rows: Row[] = await db('exchange_rows')
      .where({ resource_id: resourceId, lookup_key: lookupKey, deleted: false })
      .orderBy('row_key')
      .limit(limit)
      .select('values_json');
    return rows.map((r) => parseJson<Array<string | null>>(r.values_json, []));
  }

  /** Whether the entry has had any delivery (else a stored query has nothing to answer from). */
  async hasDelivery(db: Conn, resourceId: string): Promise<boolean> {
    return (await db('exchange_deliveries').where({ resource_id: resourceId }).first('seq')) !== undefined;
  }
}
