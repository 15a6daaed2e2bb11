import { Conn, Tx } from '../../db/database';
import { parseJson, Row, toIso } from '../../db/rows';
import { Schema } from '../../http/api-types';

// The batch exchange's tables: deliveries (numbered per entry) and the rows they left. A row is
// keyed by its key items' values; it remembers the delivery that last changed it (the cursor a
// grant holder fetches changes since) and the last full snapshot that held it.

export type Delivery = Schema<'Delivery'>;

/** A staged row: its key, its values by item index, whether it marks a deletion. */
export type StagedRow = [key: string, values: Array<string | null>, deleted: boolean];

/** A stored row as the download reads it. */
export interface ExchangeRow {
  key: string;
  values: Array<string | null>;
  deleted: boolean;
  changedSeq: number;
}

const BATCH = 500;

function toDelivery(row: Row): Delivery {
  return {
    id: row.id as string,
    resourceId: row.resource_id as string,
    seq: Number(row.seq),
    kind: row.kind as Delivery['kind'],
    format: row.format as Delivery['format'],
    encoding: row.encoding as Delivery['encoding'],
    onRejected: row.on_rejected as Delivery['onRejected'],
    bytes: Number(row.bytes),
    sha256: row.sha256 as string,
    rowsReceived: Number(row.rows_received),
    rowsAccepted: Number(row.rows_accepted),
    rowsRejected: Number(row.rows_rejected),
    rowsDeleted: Number(row.rows_deleted),
    rejections: parseJson(row.rejections_json, []),
    fileName: (row.file_name as string | null) ?? null,
    deliveredBy: row.delivered_by as string,
    deliveredAt: toIso(row.delivered_at),
  };
}

export class ExchangeStore {
  /** The number the next delivery of the entry gets (the caller holds the entry's row locked). */
  async nextSeq(tx: Tx, resourceId: string): Promise<number> {
    const row = await tx('exchange_deliveries').where({ resource_id: resourceId }).max('seq as last').first();
    return Number(row?.last ?? 0) + 1;
  }

  async insertDelivery(tx: Tx, d: Delivery, idempotencyKey: string | null): Promise<void> {
    await tx('exchange_deliveries').insert({
      idempotency_key: idempotencyKey,
      id: d.id,
      resource_id: d.resourceId,
      seq: d.seq,
      kind: d.kind,
      format: d.format,
      encoding: d.encoding,
      on_rejected: d.onRejected,
      bytes: d.bytes,
      sha256: d.sha256,
      rows_received: d.rowsReceived,
      rows_accepted: d.rowsAccepted,
      rows_rejected: d.rowsRejected,
      rows_deleted: d.rowsDeleted,
      rejections_json: JSON.stringify(d.rejections),
      file_name: d.fileName,
      delivered_by: d.deliveredBy,
      delivered_at: d.deliveredAt,
    });
  }

  /** The entry's deliveries, newest first. */
  async listDeliveries(db: Conn, resourceId: string): Promise<Delivery[]> {
    const rows: Row[] = await db('exchange_deliveries').where({ resource_id: resourceId }).orderBy('seq', 'desc');
    return rows.map(toDelivery);
  }

  async findDelivery(db: Conn, resourceId: string, seq: number): Promise<Delivery | null> {
    const row = await db('exchange_deliveries').where({ resource_id: resourceId, seq }).first();
    return row ? toDelivery(row) : null;
  }

  /** The delivery this user made of the entry with this Idempotency-Key, and the hash of its file. */
  async findByIdempotencyKey(db: Conn, resourceId: string, userId: string, key: string): Promise<Delivery | null> {
    const row = await db('exchange_deliveries').where({ resource_id: resourceId, delivered_by: userId, idempotency_key: key }).first();
    return row ? toDelivery(row) : null;
  }

  /** The entry's newest delivery number, 0 before any. */
  async lastSeq(db: Conn, resourceId: string): Promise<number> {
    const row = await db('exchange_deliveries').where({ resource_id: resourceId }).max('seq as last').first();
    return Number(row?.last ?? 0);
  }

  /**
   * Stores the rows of delivery `seq`, in batches: each row upserted by its key, its change number
   * moved only when its values or deletion changed; a full snapshot then marks deleted every row it
   * did not hold. Returns how many rows changed (including those marked deleted).
   */
  async ingest(tx: Tx, resourceId: string, seq: number, full: boolean, rows: AsyncIterable<StagedRow>): Promise<number> {
    let batch: StagedRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const values = batch.map(([key, vals, deleted]) => ({
        resource_id: resourceId,
        row_key: key,
        values_json: JSON.stringify(vals),
        deleted,
        changed_seq: seq,
        seen_seq: seq,
      }));
      batch = [];
      await tx('exchange_rows')
        .insert(values)
        .onConflict(['resource_id', 'row_key'])
        .merge({
          changed_seq: tx.raw(
            'CASE WHEN exchange_rows.values_json = excluded.values_json AND exchange_rows.deleted = excluded.deleted THEN exchange_rows.changed_seq ELSE excluded.changed_seq END',
          ),
          values_json: tx.raw('excluded.values_json'),
          deleted: tx.raw('excluded.deleted'),
          seen_seq: tx.raw('excluded.seen_seq'),
        });
    };
    for await (const row of rows) {
      batch.push(row);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    if (full) {
      await tx('exchange_rows')
        .where({ resource_id: resourceId, deleted: false })
        .whereNot('seen_seq', seq)
        .update({ deleted: true, changed_seq: seq });
    }
    const row = await tx('exchange_rows').where({ resource_id: resourceId, changed_seq: seq }).count('* as n').first();
    return Number(row?.n ?? 0);
  }

  /**
   * A slice of the entry's rows for a download, at most `limit`, after `after`: the current data
   * (rows not deleted, by key), or with `since` the changes after that delivery up to `upTo`
   * (deletions included, by change then key). Keyset paging, so a download streams in slices.
   */
  async rowsSlice(
    db: Conn,
    resourceId: string,
    q: { since: number | null; upTo: number; after: { seq: number; key: string } | null; limit: number },
  ): Promise<ExchangeRow[]> {
    const qb = db('exchange_rows').where('resource_id', resourceId).where('changed_seq', '<=', q.upTo);
    if (q.since === null) {
      qb.where('deleted', false);
      if (q.after) qb.where('row_key', '>', q.after.key);
      qb.orderBy('row_key');
    } else {
      qb.where('changed_seq', '>', q.since);
      if (q.after) {
        const { seq, key } = q.after;
        qb.where((w) => w.where('changed_seq', '>', seq).orWhere((e) => e.where('changed_seq', seq).where('row_key', '>', key)));
      }
      qb.orderBy([{ column: 'changed_seq' }, { column: 'row_key' }]);
    }
    const rows: Row[] = await qb.limit(q.limit).select('row_key', 'values_json', 'deleted', 'changed_seq');
    return rows.map((r) => ({
      key: r.row_key as string,
      values: parseJson<Array<string | null>>(r.values_json, []),
      deleted: r.deleted === true || r.deleted === 1,
      changedSeq: Number(r.changed_seq),
    }));
  }
}
