import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import express from 'express';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { DeliveryItem, spreadsheetSafe } from '../../domain/delivery-rows';
import { mask, MaskingRule } from '../../domain/masking';
import { normalizeItemName } from '../../domain/text';
import { canSeeEntry } from '../../domain/visibility';
import { shanghaiDate } from '../../domain/working-days';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RuleViolationError, UnsupportedMediaTypeError } from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { Resource, ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { DeliveryFormat, EncodingChoice, receiveDelivery, REJECTIONS_LISTED } from './delivery-intake';
import { Delivery, ExchangeStore, StagedRow } from './exchange.store';

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
  /** The grants a download is made under. */
  sharing: SharingService;
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
const SLICE = 1000;
const FORMATS: Record<string, DeliveryFormat> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl' };

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
        await this.store.ingest(tx, current.id, seq, o.kind === 'full', stagedRows(stagingPath));
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
      return { delivery, replayed: false };
    } finally {
      await fs.promises.rm(stagingPath, { force: true });
      await fs.promises.rm(receivedPath, { force: true });
    }
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
  async download(
    actor: Actor,
    grantId: string,
    q: { format: 'csv' | 'jsonl'; since: number | null },
    res: express.Response,
  ): Promise<void> {
    const started = Date.now();
    const grant = await this.deps.sharing.getGrant(actor, grantId);
    if (grant.consumerDepartmentId !== actor.departmentId) {
      throw new ForbiddenError(
        'not_grant_holder',
        '只有持有授权的使用部门可以获取数据 (only the department holding the grant receives its data)',
      );
    }
    const today = shanghaiDate(this.deps.clock.now());
    if (grant.status !== 'active' || today < grant.validFrom) {
      throw new ConflictError(
        'grant_not_active',
        `授权当前为“${grant.status === 'active' ? '尚未生效' : grant.status}”，不能获取数据 (the grant is not in force)`,
      );
    }
    if (grant.provisionMode !== 'batch_exchange') {
      throw new ConflictError('wrong_provision_mode', '该授权的提供方式不是数据批量交换 (the grant is not for batch exchange)');
    }
    const entry = await this.deps.resources.entryForRules(this.deps.db, grant.resourceId);
    if (!entry) throw new NotFoundError('信息资源');
    const columns = grantedColumns(
      entry,
      grant.items.map((i) => i.name),
    );
    const upTo = await this.store.lastSeq(this.deps.db, entry.id);
    const changes = q.since !== null;
    const key = { secret: this.deps.maskingKey, consumer: grant.consumerDepartmentId };
    const shown = (values: Array<string | null>) =>
      columns.map((c) => (c.withheld ? null : c.masking ? mask(values[c.index], c.masking, key) : values[c.index]));

    res.status(200);
    res.setHeader('X-Exchange-Cursor', String(upTo));
    res.setHeader('Cache-Control', 'no-store');
    const base = `grant-${grant.id}${changes ? `-since-${q.since}` : ''}`;
    if (q.format === 'csv') {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${base}.csv"`);
    } else {
      res.type('application/x-ndjson; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="${base}.jsonl"`);
    }
    const write = async (text: string) => {
      if (!res.write(text)) await new Promise<void>((r) => res.once('drain', () => r()));
    };
    const header = [...columns.map((c) => c.name), ...(changes ? ['_deleted'] : [])];
    if (q.format === 'csv') await write(`\ufeff${stringify([header])}`);
    let rows = 0;
    let after: { seq: number; key: string } | null = null;
    let outcome: 'completed' | 'aborted' = 'completed';
    for (;;) {
      if (res.destroyed) {
        outcome = 'aborted';
        break;
      }
      const slice = await this.store.rowsSlice(this.deps.db, entry.id, { since: q.since, upTo, after, limit: SLICE });
      if (slice.length === 0) break;
      const lines = slice.map((r) => {
        // A deletion carries its key items only, released as they would be in a row.
        const values = shown(r.values).map((v, i) => (r.deleted && !columns[i].key ? null : v));
        return { values, deleted: r.deleted };
      });
      if (q.format === 'csv') {
        await write(
          stringify(
            lines.map((l) => [...l.values.map((v) => (v === null ? '' : spreadsheetSafe(v))), ...(changes ? [l.deleted ? '1' : ''] : [])]),
          ),
        );
      } else {
        await write(
          lines
            .map(
              (l) =>
                `${JSON.stringify(Object.fromEntries([...columns.map((c, i) => [c.name, l.values[i]]), ...(changes ? [['_deleted', l.deleted]] : [])]))}\n`,
            )
            .join(''),
        );
      }
      rows += slice.length;
      const last = slice[slice.length - 1];
      after = { seq: last.changedSeq, key: last.key };
      if (slice.length < SLICE) break;
    }
    // The access is recorded before the answer ends, so whoever sees the download complete sees it in the trail.
    await transaction(this.deps.db, (tx) =>
      this.deps.audit.record(tx, actor, {
        action: 'exchange.downloaded',
        objectType: 'grant',
        objectId: grant.id,
        details: {
          resourceId: entry.id,
          format: q.format,
          since: q.since,
          cursor: upTo,
          rows,
          items: columns.filter((c) => !c.withheld).map((c) => c.name),
          masked: columns.filter((c) => c.masking).map((c) => c.name),
          withheld: columns.filter((c) => c.withheld).map((c) => c.name),
          outcome,
          latencyMs: Date.now() - started,
        },
      }),
    );
    res.end();
  }

  // ---- shared steps ----------------------------------------------------------------------------

  /** The entry a department may deliver: its own, published, offering batch exchange. */
  private deliverable(actor: Actor, entry: Resource | null): Resource {
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    if (entry.departmentId !== actor.departmentId)
      throw new ForbiddenError('not_owner', '只能交付本部门目录的数据 (a department delivers only its own entries)');
    if (entry.status !== 'published')
      throw new ConflictError('resource_not_published', '只有已发布的目录可以交付数据 (only a published entry takes deliveries)');
    if (!entry.provisionModes.some((m) => m.mode === 'batch_exchange')) {
      throw new RuleViolationError('mode_not_offered', '该目录不提供数据批量交换 (the entry does not offer batch exchange)');
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
  return entry.items.map((i) => ({
    name: i.name,
    dataType: i.dataType,
    length: i.length ?? null,
    key: i.key ?? false,
    required: i.required ?? false,
  }));
}

interface Column {
  name: string;
  index: number;
  key: boolean;
  masking: MaskingRule | null;
  /** A sensitive item without a masking rule: the grant names it, but nothing of it is released. */
  withheld: boolean;
}

/** The granted items, in the entry's order, with how each is released. */
function grantedColumns(entry: Resource, granted: string[]): Column[] {
  const names = new Set(granted.map(normalizeItemName));
  return entry.items
    .map((item, index) => ({ item, index }))
    .filter(({ item }) => names.has(normalizeItemName(item.name)))
    .map(({ item, index }) => {
      const masking = item.sensitive ? ((item.masking as MaskingRule | null | undefined) ?? null) : null;
      return { name: item.name, index, key: item.key ?? false, masking, withheld: Boolean(item.sensitive) && !masking };
    });
}

/** The staged rows of the first pass, read back line by line. */
async function* stagedRows(file: string): AsyncIterable<StagedRow> {
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
  for await (const line of lines) if (line) yield JSON.parse(line) as StagedRow;
}
