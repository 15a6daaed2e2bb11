import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import express from 'express';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { DeliveryItem } from '../../domain/delivery-rows';
import { canSeeEntry } from '../../domain/visibility';
import {
  AppError,
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  RuleViolationError,
  UnsupportedMediaTypeError,
} from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { Resource, ResourceService } from '../resources/resources.service';
import { downloadWriter, DownloadFormat } from './download-writers';
import { ExchangeGate } from './exchange-gate';
import { DeliveryFormat, EncodingChoice, receiveDelivery, REJECTIONS_LISTED } from './delivery-intake';
import { Delivery, ExchangeStore } from './exchange.store';

// The exchange (数据交换, docs/exchange.md): the platform delivers an entry's data to the departments
// holding a grant for it — only the granted items, masked where the entry's rules say — and records
// every access (docs/domain.md rule 7; Guangyuan art. 17, 19; Wendeng art. 6, 20). This first part
// is the batch exchange (数据批量交换): producers deliver files, grant holders download.

export interface ExchangeDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The catalog: the entry a delivery is of, its items and masking rules. */
  resources: ResourceService;
  /** Every call of a grant holder is admitted and recorded here. */
  gate: ExchangeGate;
  /** Where received files are kept (one folder per entry; docs/exchange.md). */
  filesDir: string;
  /** The installation's key of the keyed-hash masking rule. */
  maskingKey: Buffer;
  /** The largest delivery accepted, in bytes. */
  maxDeliveryBytes: number;
}

export interface UploadOptions {
  contentType: string | undefined;
  kind: 'full' | 'increment';
  onRejected: 'refuse' | 'skip';
  encoding: EncodingChoice;
  fileName: string | null;
  idempotencyKey: string | undefined;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
const SLICE = 5000;
/** A delivery's own files (./delivery-intake.ts), named so that no kept delivery (`<seq>.<format>`) matches. */
const IN_PROGRESS_FILE = /^\.(incoming|staging)-[0-9a-f-]{36}\.[a-z]+$/;
/** How long a delivery's own files go untouched before they count as a killed delivery's leftovers. */
const LEFTOVER_AFTER_MS = 24 * 3_600_000;
const FORMATS: Record<string, DeliveryFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
};

export class ExchangeService {
  private readonly store = new ExchangeStore();

  constructor(private readonly deps: ExchangeDeps) {}

  // ---- deliveries (the producer's side) -----------------------------------------------------

  /**
   * Receives a delivery of the caller's published entry: streamed to disk and checked row by row
   * first (nothing is written to the database while the upload arrives), then stored in one
   * transaction — so a refused delivery leaves the data as it was, and an interrupted one leaves
   * the previous data or the new, never a mix.
   */
  async upload(actor: Actor, entryId: string, body: Readable, o: UploadOptions): Promise<{ delivery: Delivery; replayed: boolean }> {
    const started = Date.now();
    requireRole(actor, 'producer');
    // Who may deliver is answered before what was sent (the authorization matrix's order).
    const entry = this.deliverable(actor, await this.deps.resources.entryForRules(this.deps.db, entryId));
    const format = FORMATS[(o.contentType ?? '').split(';')[0].trim().toLowerCase()];
    if (!format)
      throw new UnsupportedMediaTypeError('交付须为 text/csv 或 application/x-ndjson (a delivery is text/csv or application/x-ndjson)');
    if (o.idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(o.idempotencyKey)) {
      throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符 (invalid Idempotency-Key)');
    }
    const items = deliveryItems(entry);
    if (o.kind === 'increment' && !items.some((i) => i.key)) {
      throw new RuleViolationError(
        'no_key_items',
        '增量交付须按主键更新，该目录未标明主键信息项 (an increment needs the entry to mark its key items)',
        [{ path: '/items', code: 'no_key_items', message: '请在目录中标明主键信息项 (mark the key items)' }],
      );
    }
    const folder = path.join(this.deps.filesDir, entry.id);
    await fs.promises.mkdir(folder, { recursive: true });
    const token = randomUUID();
    const receivedPath = path.join(folder, `.incoming-${token}.${format}`);
    const stagingPath = path.join(folder, `.staging-${token}.jsonl`);
    try {
      const intake = await receiveDelivery(body, {
        format,
        encoding: o.encoding,
        items,
        increment: o.kind === 'increment',
        receivedPath,
        stagingPath,
        maxBytes: this.deps.maxDeliveryBytes,
      });
      if (o.idempotencyKey) {
        const earlier = await this.store.findByIdempotencyKey(this.deps.db, entry.id, actor.userId, o.idempotencyKey);
        if (earlier) {
          if (earlier.sha256 !== intake.sha256) {
            throw new RuleViolationError(
              'idempotency_key_reused',
              '同一 Idempotency-Key 已用于另一份交付文件 (the key was used for a different file)',
            );
          }
          return { delivery: earlier, replayed: true };
        }
      }
      if (intake.rowsRejected > 0 && o.onRejected === 'refuse') {
        throw new RuleViolationError(
          'delivery_rejected',
          `交付有 ${intake.rowsRejected} 行不符合目录的信息项，整批未接收（可改用 onRejected=skip 只接收合格的行）(${intake.rowsRejected} rows were rejected; nothing was stored)`,
          intake.rejections,
        );
      }
      if (intake.rowsAccepted === 0) {
        throw new RuleViolationError(
          'no_rows',
          '交付中没有可接收的数据行 (the delivery has no acceptable row)',
          intake.rejections.slice(0, REJECTIONS_LISTED),
        );
      }
      const delivery = await transaction(this.deps.db, async (tx) => {
        // Locked for the delivery: deliveries of one entry are numbered one after another, and a
        // withdrawal waits for the delivery or is seen by it.
        const current = this.deliverable(actor, await this.deps.resources.entryForRules(tx, entry.id, 'update'));
        const seq = await this.store.nextSeq(tx, current.id);
        // The staged rows carry their lookup keys (the items' queryRole, deliveryItemOf): ADR 0031.
        await this.store.ingest(tx, current.id, seq, o.kind === 'full', stagingPath);
        const record: Delivery = {
          id: randomUUID(),
          resourceId: current.id,
          seq,
          kind: o.kind,
          format,
          encoding: intake.encoding,
          onRejected: o.onRejected,
          bytes: intake.bytes,
          sha256: intake.sha256,
          rowsReceived: intake.rowsReceived,
          rowsAccepted: intake.rowsAccepted,
          rowsRejected: intake.rowsRejected,
          rowsDeleted: intake.rowsDeleted,
          rejections: intake.rejections,
          fileName: o.fileName,
          deliveredBy: actor.userId,
          deliveredAt: this.deps.clock.now().toISOString(),
        };
        await this.store.insertDelivery(tx, record, o.idempotencyKey ?? null);
        await this.deps.audit.record(tx, actor, {
          action: 'exchange.delivered',
          objectType: 'resource',
          objectId: current.id,
          details: { seq, kind: o.kind, rowsAccepted: intake.rowsAccepted, rowsRejected: intake.rowsRejected, sha256: intake.sha256 },
        });
        return record;
      });
      // The file as received is kept under its delivery's number (docs/exchange.md).
      await fs.promises.rename(receivedPath, path.join(folder, `${delivery.seq}.${format}`));
      await this.deps.gate.recordCall(actor, {
        resourceId: entry.id,
        producerDepartmentId: entry.departmentId,
        mode: 'batch_exchange',
        operation: 'deliver',
        started,
        rows: delivery.rowsAccepted,
        items: items.map((i) => i.name),
      });
      return { delivery, replayed: false };
    } catch (err) {
      // A refused delivery is a call too: the producer and the bureau see it with its reason.
      if (err instanceof AppError) {
        await this.deps.gate.recordCall(actor, {
          resourceId: entry.id,
          producerDepartmentId: entry.departmentId,
          mode: 'batch_exchange',
          operation: 'deliver',
          started,
          rows: 0,
          result: err.code,
          status: err.status,
        });
      }
      throw err;
    } finally {
      await fs.promises.rm(stagingPath, { force: true });
      await fs.promises.rm(receivedPath, { force: true });
    }
  }

  /**
   * Removes what killed deliveries left in the entries' folders (a crash in either pass leaves its
   * received and staging files): those untouched for a day. A delivery in progress writes or reads
   * its own files, here or, where instances share the folder, on another instance. Run at start
   * and daily (src/main.ts); returns how many files it removed.
   */
  async sweepLeftovers(): Promise<number> {
    const entries = await fs.promises.readdir(this.deps.filesDir, { withFileTypes: true }).catch(() => []);
    const before = Date.now() - LEFTOVER_AFTER_MS;
    let removed = 0;
    for (const folder of entries.filter((e) => e.isDirectory())) {
      const dir = path.join(this.deps.filesDir, folder.name);
      for (const name of await fs.promises.readdir(dir)) {
        if (!IN_PROGRESS_FILE.test(name)) continue;
        const file = path.join(dir, name);
        const stat = await fs.promises.stat(file).catch(() => null);
        if (stat && stat.mtimeMs < before) {
          await fs.promises.rm(file, { force: true });
          removed++;
        }
      }
    }
    return removed;
  }

  async listDeliveries(actor: Actor, entryId: string): Promise<{ items: Delivery[] }> {
    const entry = this.ownOrBureau(actor, await this.deps.resources.entryForRules(this.deps.db, entryId));
    return { items: await this.store.listDeliveries(this.deps.db, entry.id) };
  }

  async getDelivery(actor: Actor, entryId: string, seq: number): Promise<Delivery> {
    const entry = this.ownOrBureau(actor, await this.deps.resources.entryForRules(this.deps.db, entryId));
    const delivery = await this.store.findDelivery(this.deps.db, entry.id, seq);
    if (!delivery) throw new NotFoundError('数据交付');
    return delivery;
  }

  // ---- downloads (the grant holder's side) ----------------------------------------------------

  /**
   * Streams the data a grant gives its holder: only the granted items, sensitive items masked by
   * the entry's rules (and withheld where an item has none), the current data or the changes since
   * a delivery. Recorded in the audit trail with what it carried.
   */
  async download(actor: Actor, grantId: string, q: { format: DownloadFormat; since: number | null }, res: express.Response): Promise<void> {
    const a = await this.deps.gate.admit(actor, grantId, 'batch_exchange', q.since === null ? 'download' : 'download_changes');
    let rows = 0;
    let outcome = 'ok';
    try {
      const columns = a.columns;
      const upTo = await this.store.lastSeq(this.deps.db, a.entry.id);
      const changes = q.since !== null;
      const writer = downloadWriter(q.format, res);
      res.status(200);
      res.setHeader('X-Exchange-Cursor', String(upTo));
      res.setHeader('Cache-Control', 'no-store');
      res.type(writer.contentType);
      res.setHeader(
        'Content-Disposition',
        `attachment; filename="grant-${a.grant.id}${changes ? `-since-${q.since}` : ''}.${writer.extension}"`,
      );
      await writer.header(
        columns.map((c) => c.name),
        changes,
      );
      let after: { seq: number; key: string } | null = null;
      for (;;) {
        if (res.destroyed) {
          outcome = 'aborted';
          break;
        }
        const slice = await this.store.rowsSlice(this.deps.db, a.entry.id, { since: q.since, upTo, after, limit: SLICE });
        if (slice.length === 0) break;
        await writer.lines(
          slice.map((r) => ({
            // A deletion carries its key items only, released as they would be in a row.
            values: a.release(r.values).map((v, i) => (r.deleted && !columns[i].key ? null : v)),
            deleted: r.deleted,
          })),
        );
        rows += slice.length;
        const last = slice[slice.length - 1];
        after = { seq: last.changedSeq, key: last.key };
        if (slice.length < SLICE) break;
      }
      if (outcome === 'ok') await writer.end();
    } catch (err) {
      outcome = 'failed';
      throw err;
    } finally {
      // The access is recorded before the answer ends, so whoever sees the download complete sees its record.
      await this.deps.gate.finish(a, { rows, result: outcome, status: outcome === 'ok' ? 200 : 499 });
    }
    res.end();
  }

  // ---- shared steps ----------------------------------------------------------------------------

  /** The entry a department may deliver: its own, published, offering a mode served from delivered data. */
  private deliverable(actor: Actor, entry: Resource | null): Resource {
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    if (entry.departmentId !== actor.departmentId)
      throw new ForbiddenError('not_owner', '只能交付本部门目录的数据 (a department delivers only its own entries)');
    if (entry.status !== 'published')
      throw new ConflictError('resource_not_published', '只有已发布的目录可以交付数据 (only a published entry takes deliveries)');
    // Data is delivered for batch exchange, and for a query or verification API the platform answers
    // from the delivered data (one without an endpoint of the producer's own).
    const takesDeliveries = entry.provisionModes.some(
      (m) => m.mode === 'batch_exchange' || ((m.mode === 'query_api' || m.mode === 'verification_api') && !('endpoint' in m && m.endpoint)),
    );
    if (!takesDeliveries) {
      throw new RuleViolationError(
        'mode_not_offered',
        '该目录不提供数据批量交换，也没有由平台以交付数据答复的查询或核验接口 (the entry offers no mode that takes deliveries)',
      );
    }
    return entry;
  }

  /** An entry's deliveries are its department's and the bureau's to read. */
  private ownOrBureau(actor: Actor, entry: Resource | null): Resource {
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    if (entry.departmentId !== actor.departmentId && !hasRole(actor, 'bureau')) {
      throw new ForbiddenError(
        'not_owner',
        "数据交付记录只对提供部门和大数据管理局开放 (deliveries are the producing department's and the bureau's)",
      );
    }
    return entry;
  }
}

/** The entry's items as a delivery is checked against them. */
export function deliveryItems(entry: Resource): DeliveryItem[] {
  return entry.items.map(deliveryItemOf);
}

function deliveryItemOf(i: Resource['items'][number]): DeliveryItem {
  return {
    name: i.name,
    dataType: i.dataType,
    length: i.length ?? null,
    key: i.key ?? false,
    required: i.required ?? false,
    queryRole: i.queryRole ?? null,
  };
}
