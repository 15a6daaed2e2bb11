import { Conn, Tx } from '../../db/database';
import { dialectOf } from '../../db/knex';
import { copyFileIn } from '../../db/pg-copy';
import { parseJson, Row, toIso } from '../../db/rows';
import { sqliteTransactionConnection } from '../../db/sqlite-direct';
import { Schema } from '../../http/api-types';
import { stagedByteBatches } from './staging';

// The batch exchange's tables: deliveries (numbered per entry) and the rows they left. A row is
// keyed by its key items' values; it remembers the delivery that last changed it (the cursor a
// grant holder fetches changes since) and the last full snapshot that held it.

export type Delivery = Schema<'Delivery'>;

/** A staged row: its key, its values by item index, whether it marks a deletion. */
export type { StagedRow } from './staging';

/** A stored row as the download reads it. */
export interface ExchangeRow {
  key: string;
  values: Array<string | null>;
  deleted: boolean;
  changedSeq: number;
}

/** Staged rows read from the file between runs of SQLite's statements. */
const INGEST_BATCH = 4096;
/** How many rows a PostgreSQL delivery changes before the table's statistics are taken again. */
const ANALYZE_AFTER_ROWS = 10_000;
/** SQLite's page cache while a delivery's rows go in (KiB, negative as the pragma takes it): also the sorter's memory. */
const INGEST_CACHE_KB = -16384;

/**
 * SQLite's staging of one row. The texts come as the staging file's UTF-8 bytes (bound as blobs,
 * cast to text: the same bytes in a UTF-8 database), never decoded into JavaScript strings and
 * encoded back.
 */
const SQLITE_STAGE = 'INSERT INTO temp.exchange_staging VALUES (CAST(? AS TEXT), CAST(? AS TEXT), ?, CAST(? AS TEXT))';

/** The first delivery of an entry: every staged row inserted, in key order. */
const SQLITE_INSERT = `INSERT INTO exchange_rows (resource_id, row_key, values_json, deleted, changed_seq, seen_seq, lookup_key)
  SELECT ?, row_key, values_json, deleted, ?, ?, lookup_key FROM temp.exchange_staging ORDER BY row_key`;

/**
 * A later delivery: each staged row upserted in key order, its change number moved only when its
 * values or deletion change; seen_seq records the delivery that held the row, for a full snapshot's
 * deletion marking. (WHERE true: SQLite's parser needs it before ON CONFLICT after a SELECT.)
 */
const SQLITE_UPSERT = `INSERT INTO exchange_rows (resource_id, row_key, values_json, deleted, changed_seq, seen_seq, lookup_key)
  SELECT ?, row_key, values_json, deleted, ?, ?, lookup_key FROM temp.exchange_staging WHERE true ORDER BY row_key
  ON CONFLICT (resource_id, row_key) DO UPDATE SET
    changed_seq = CASE WHEN exchange_rows.values_json = excluded.values_json AND exchange_rows.deleted = excluded.deleted
      THEN exchange_rows.changed_seq ELSE excluded.changed_seq END,
    values_json = excluded.values_json,
    deleted = excluded.deleted,
    seen_seq = excluded.seen_seq,
    lookup_key = excluded.lookup_key`;

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
   * Stores the rows of delivery `seq` from the first pass's staging file (./staging.ts), inside the
   * delivery's transaction: each row upserted by its key, its change number moved only when its
   * values or deletion changed; a full snapshot then marks deleted every row it did not hold.
   * Returns how many rows changed (including those marked deleted). PostgreSQL copies the file
   * into a temporary table and upserts from it in one statement; SQLite runs one prepared
   * statement per row on its connection (docs/adr/0031-ingest-copy-and-prepared-batches.md).
   */
  async ingest(tx: Tx, resourceId: string, seq: number, full: boolean, stagingFile: string): Promise<number> {
    return dialectOf(tx) === 'postgres'
      ? this.ingestPostgres(tx, resourceId, seq, full, stagingFile)
      : this.ingestSqlite(tx, resourceId, seq, full, stagingFile);
  }

  private async ingestSqlite(tx: Tx, resourceId: string, seq: number, full: boolean, stagingFile: string): Promise<number> {
    const conn = await sqliteTransactionConnection(tx);
    const had = conn.prepare('SELECT EXISTS (SELECT 1 FROM exchange_rows WHERE resource_id = ?) AS had').get(resourceId) as { had: number };
    // The staged rows into a temporary table first (in the temp database's file, its own pages),
    // then into exchange_rows in key order: the indexes then take their keys in order. Taken in the
    // file's order, a million keys landed on random pages of three indexes and took 15 s instead of 9.
    conn
      .prepare(
        'CREATE TEMPORARY TABLE IF NOT EXISTS exchange_staging (row_key TEXT NOT NULL, values_json TEXT NOT NULL, deleted INTEGER NOT NULL, lookup_key TEXT)',
      )
      .run();
    // Memory while the rows go in (the server's RSS stays within 300 MB): the temporary table's pages
    // mostly in the file, and SQLite's sorter, whose memory follows the main cache's size, a quarter
    // of it. Taken in key order, the inserts need no more cache than that.
    const cacheSize = conn.prepare('PRAGMA cache_size').get() as { cache_size: number };
    conn.prepare('PRAGMA temp.cache_size = -4096').run();
    conn.prepare(`PRAGMA cache_size = ${INGEST_CACHE_KB}`).run();
    try {
      const stage = conn.prepare(SQLITE_STAGE);
      // Batches of the file between reads: the statements themselves run synchronously.
      for await (const batch of stagedByteBatches(stagingFile, INGEST_BATCH)) {
        for (const row of batch) stage.run(row.key, row.valuesJson, row.deleted ? 1 : 0, row.lookupKey);
      }
      conn.prepare(had.had ? SQLITE_UPSERT : SQLITE_INSERT).run(resourceId, seq, seq);
      if (full && had.had) {
        conn
          .prepare('UPDATE exchange_rows SET deleted = 1, changed_seq = ? WHERE resource_id = ? AND deleted = 0 AND seen_seq <> ?')
          .run(seq, resourceId, seq);
      }
    } finally {
      conn.prepare('DROP TABLE IF EXISTS temp.exchange_staging').run();
      conn.prepare(`PRAGMA cache_size = ${Number(cacheSize.cache_size)}`).run();
    }
    const changed = conn.prepare('SELECT count(*) AS n FROM exchange_rows WHERE resource_id = ? AND changed_seq = ?').get(resourceId, seq);
    return Number((changed as { n: number }).n);
  }

  private async ingestPostgres(tx: Tx, resourceId: string, seq: number, full: boolean, stagingFile: string): Promise<number> {
    // Whether the entry has rows yet: its first delivery inserts, with nothing to compare or mark.
    const had =
      (await tx.raw('SELECT EXISTS (SELECT 1 FROM exchange_rows WHERE resource_id = ?) AS had', [resourceId])).rows[0].had === true;
    await tx.raw(
      'CREATE TEMPORARY TABLE exchange_staging (row_key text COLLATE "C" NOT NULL, values_json text NOT NULL, deleted boolean NOT NULL, lookup_key text) ON COMMIT DROP',
    );
    await copyFileIn(tx, 'COPY exchange_staging (row_key, values_json, deleted, lookup_key) FROM STDIN', stagingFile);
    // Room to sort the staged rows in memory (the default 4 MB spills to disk): the index then
    // takes the keys in order.
    await tx.raw("SET LOCAL work_mem = '64MB'");
    let changed: number;
    if (!had) {
      const inserted = await tx.raw(
        `INSERT INTO exchange_rows (resource_id, row_key, values_json, deleted, changed_seq, seen_seq, lookup_key)
         SELECT ?, row_key, values_json, deleted, ?, ?, lookup_key FROM exchange_staging ORDER BY row_key`,
        [resourceId, seq, seq],
      );
      changed = inserted.rowCount;
    } else {
      // Only rows whose values or deletion change are written: an unchanged row keeps its tuple.
      const upserted = await tx.raw(
        `INSERT INTO exchange_rows AS r (resource_id, row_key, values_json, deleted, changed_seq, seen_seq, lookup_key)
         SELECT ?, row_key, values_json, deleted, ?, ?, lookup_key FROM exchange_staging ORDER BY row_key
         ON CONFLICT (resource_id, row_key) DO UPDATE
           SET values_json = excluded.values_json, deleted = excluded.deleted, changed_seq = excluded.changed_seq,
             seen_seq = excluded.seen_seq, lookup_key = excluded.lookup_key
           WHERE r.values_json <> excluded.values_json OR r.deleted <> excluded.deleted OR r.lookup_key IS DISTINCT FROM excluded.lookup_key`,
        [resourceId, seq, seq],
      );
      changed = upserted.rowCount;
      if (full) {
        // A full snapshot: every live row of the entry it does not hold is marked deleted.
        const marked = await tx.raw(
          `UPDATE exchange_rows AS r SET deleted = true, changed_seq = ?
           WHERE r.resource_id = ? AND NOT r.deleted AND NOT EXISTS (SELECT 1 FROM exchange_staging s WHERE s.row_key = r.row_key)`,
          [seq, resourceId],
        );
        changed += marked.rowCount;
      }
    }
    // Statistics for what was just written: without them the planner, still counting the rows
    // from before, read a million-row entry's download slices through the change index and sorted
    // each (1.2 s a slice of 1,000, where the key index answers in milliseconds). ANALYZE samples
    // the table (a fraction of a second); its lock only waits for another ANALYZE or VACUUM.
    if (changed >= ANALYZE_AFTER_ROWS) await tx.raw('ANALYZE exchange_rows');
    return changed;
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
