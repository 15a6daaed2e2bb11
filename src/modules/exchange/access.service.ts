import { stringify } from 'csv-stringify/sync';
import express from 'express';
import { Clock } from '../../clock';
import { Conn, Database, transaction } from '../../db/database';
import { decodeCursor, encodeCursor, SortSpec } from '../../db/pagination';
import { assertIfMatch, withRowVersion } from '../../db/versions';
import { firstBrokenLink, GENESIS_HASH } from '../../domain/access-records';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { defaultTerms, GrantTerms, usagePeriods } from '../../domain/exchange-terms';
import { canonicalInstant } from '../../domain/instants';
import { normalizeItemName } from '../../domain/text';
import { shanghaiDateTime } from '../../domain/working-days';
import { Schema } from '../../http/api-types';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import type { FieldError } from '../../errors';
import type { AuditService } from '../audit/audit.service';
import type { ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { AccessFilter, AccessRecordView, AccessStore, UsageFigures } from './access.store';

// What the exchange recorded (调用记录) and the producer's terms per grant (docs/exchange.md). The
// producer sees how its data is used, per grant and consumer; the consumer sees its own calls; the
// bureau and the auditors see all; each can export what it sees.

export interface AccessDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  resources: ResourceService;
  sharing: SharingService;
  accessStore: AccessStore;
}

export interface AccessQuery {
  grantId?: string;
  resourceId?: string;
  side?: 'producer' | 'consumer';
  mode?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

const PAGE = 50;
/** Newest first: the records' sequence number, descending. */
const BY_SEQ: SortSpec = { name: 'access_seq', keys: [{ sql: 'a.seq', type: 'integer', direction: 'desc' }] };
const EXPORT_SLICE = 1000;
const EXPORT_MAX = 200_000;

export class AccessService {
  constructor(private readonly deps: AccessDeps) {}

  async list(actor: Actor, q: AccessQuery): Promise<{ items: AccessRecordView[]; nextCursor: string | null }> {
    const filter = this.filterFor(actor, q);
    const limit = q.limit ?? PAGE;
    const after = q.cursor === undefined ? null : Number(decodeCursor(BY_SEQ, q.cursor)[0]);
    const rows = await this.deps.accessStore.list(this.deps.db, filter, after, limit + 1);
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeCursor(BY_SEQ, [items[items.length - 1].seq]) : null };
  }

  /** What `list` shows, as CSV Excel opens (UTF-8 with BOM, Beijing time), streamed. */
  async export(actor: Actor, q: AccessQuery, res: express.Response): Promise<void> {
    const filter = this.filterFor(actor, q);
    res.status(200);
    res.type('text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', 'attachment; filename="access-records.csv"');
    res.setHeader('Cache-Control', 'no-store');
    res.write(
      `\ufeff${stringify([['序号', '时间(北京时间)', '调用人', '调用部门', '授权', '目录', '提供部门', '使用部门', '方式', '操作', '信息项', '行数', '结果', '状态码', '耗时(ms)', '哈希']])}`,
    );
    let after: number | null = null;
    let written = 0;
    while (written < EXPORT_MAX && !res.destroyed) {
      const rows = await this.deps.accessStore.list(this.deps.db, filter, after, EXPORT_SLICE);
      if (rows.length === 0) break;
      const text = stringify(
        rows.map((r) => [
          r.seq,
          shanghaiDateTime(new Date(r.occurredAt)),
          r.userName ?? r.userId ?? '',
          r.callerDepartmentName ?? '',
          r.grantId ?? '',
          r.resourceName ?? '',
          r.producerDepartmentName ?? '',
          r.consumerDepartmentName ?? '',
          r.mode,
          r.operation,
          r.items.join('、'),
          r.rows,
          r.result,
          r.status,
          r.latencyMs,
          r.hash,
        ]),
      );
      if (!res.write(text)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
      written += rows.length;
      after = rows[rows.length - 1].seq;
      if (rows.length < EXPORT_SLICE) break;
    }
    res.end();
  }

  /** Walks the whole chain (bureau, auditors): every link must hold, up to the head. */
  async verifyChain(actor: Actor): Promise<Schema<'AccessChainCheck'>> {
    requireRole(actor, 'bureau', 'auditor');
    const head = await this.deps.accessStore.head(this.deps.db);
    let at = { seq: 0, hash: GENESIS_HASH };
    let checked = 0;
    for (;;) {
      const slice = await this.deps.accessStore.chainSlice(this.deps.db, at.seq, 2000);
      if (slice.length === 0) break;
      const broken = firstBrokenLink(slice, at);
      if (broken) return { valid: false, checked, lastSeq: head.lastSeq, brokenAt: broken.seq, reason: broken.reason };
      checked += slice.length;
      const last = slice[slice.length - 1];
      at = { seq: last.seq, hash: last.hash };
      if (at.seq >= head.lastSeq) break;
    }
    // The head must be where the chain ends: records removed from the tail show here.
    if (at.seq !== head.lastSeq || at.hash !== head.lastHash) {
      return { valid: false, checked, lastSeq: head.lastSeq, brokenAt: at.seq + 1, reason: 'head' };
    }
    return { valid: true, checked, lastSeq: head.lastSeq, brokenAt: null, reason: null };
  }

  /** Real sharing per producing department and entry since a Beijing date (the board's figures). */
  usageFigures(fromDay: string): Promise<UsageFigures[]> {
    return this.deps.accessStore.usageFigures(this.deps.db, fromDay);
  }

  // ---- terms per grant ------------------------------------------------------------------------

  async getTerms(actor: Actor, grantId: string): Promise<GrantTermsView> {
    const grant = await this.deps.sharing.getGrant(actor, grantId);
    return this.termsView(this.deps.db, grant.id, grant.provisionMode);
  }

  /**
   * The producer's terms for a grant: sensitive items it releases clear, and the quotas. Replaces
   * them as a whole, at the version the caller read (If-Match; a grant without terms is at "v0").
   */
  async setTerms(actor: Actor, grantId: string, body: GrantTerms, ifMatch: string | undefined): Promise<GrantTermsView> {
    requireRole(actor, 'producer');
    const grant = await this.deps.sharing.getGrant(actor, grantId);
    if (grant.producerDepartmentId !== actor.departmentId) {
      throw new ForbiddenError('not_producer', '只有提供部门可以设定授权的交换条件 (only the producing department sets a grant’s terms)');
    }
    const entry = await this.deps.resources.entryForRules(this.deps.db, grant.resourceId);
    if (!entry) throw new NotFoundError('信息资源');
    const granted = new Set(grant.items.map((i) => normalizeItemName(i.name)));
    const sensitive = new Map(entry.items.filter((i) => i.sensitive).map((i) => [normalizeItemName(i.name), i.name]));
    const errors: FieldError[] = [];
    const clearItems: string[] = [];
    body.clearItems.forEach((name, i) => {
      const n = normalizeItemName(name);
      if (!granted.has(n)) {
        errors.push({ path: `/clearItems/${i}`, code: 'not_granted', message: `“${name}”不在该授权的信息项中 (not a granted item)` });
      } else if (!sensitive.has(n)) {
        errors.push({
          path: `/clearItems/${i}`,
          code: 'not_sensitive',
          message: `“${name}”不是敏感信息项，本就明文提供 (not a sensitive item)`,
        });
      } else if (!clearItems.includes(sensitive.get(n)!)) clearItems.push(sensitive.get(n)!);
    });
    if (errors.length > 0) {
      throw new RuleViolationError('invalid_terms', '交换条件中有不能明文提供的信息项 (some items cannot be released clear)', errors);
    }
    const terms = { clearItems, requestsPerMinute: body.requestsPerMinute, rowsPerDay: body.rowsPerDay };
    return transaction(this.deps.db, async (tx) => {
      const stored = await this.deps.accessStore.findTerms(tx, grant.id, 'update');
      const version = stored?.rowVersion ?? 0;
      assertIfMatch(ifMatch, version);
      await this.deps.accessStore.saveTerms(tx, grant.id, {
        ...terms,
        updatedBy: actor.userId,
        updatedAt: this.deps.clock.now().toISOString(),
        rowVersion: version + 1,
      });
      await this.deps.audit.record(tx, actor, { action: 'grant.terms_set', objectType: 'grant', objectId: grant.id, details: terms });
      return this.termsView(tx, grant.id, grant.provisionMode);
    });
  }

  private async termsView(db: Conn, grantId: string, mode: string): Promise<GrantTermsView> {
    const stored = await this.deps.accessStore.findTerms(db, grantId);
    const terms = stored ?? defaultTerms(mode);
    const used = await this.deps.accessStore.usage(db, grantId, usagePeriods(this.deps.clock.now()));
    const view: GrantTermsView = {
      grantId,
      clearItems: terms.clearItems,
      requestsPerMinute: terms.requestsPerMinute,
      rowsPerDay: terms.rowsPerDay,
      isDefault: stored === null,
      updatedBy: stored?.updatedBy ?? null,
      updatedAt: stored?.updatedAt ?? null,
      usedToday: { rows: used.dayRows },
    };
    return withRowVersion(view, stored?.rowVersion ?? 0);
  }

  // ---- who sees which records -------------------------------------------------------------------

  private filterFor(actor: Actor, q: AccessQuery): AccessFilter {
    // The ends as the stored UTC text: SQLite compares the times as text, so `…T00:00:00+08:00` must
    // become `…T16:00:00.000Z` of the day before to mean Beijing's midnight.
    const filter: AccessFilter = {
      grantId: q.grantId,
      resourceId: q.resourceId,
      mode: q.mode,
      from: q.from ? canonicalInstant(q.from) : undefined,
      to: q.to ? canonicalInstant(q.to) : undefined,
    };
    if (hasRole(actor, 'bureau') || hasRole(actor, 'auditor')) {
      return filter;
    }
    if (!hasRole(actor, 'producer') && !hasRole(actor, 'consumer')) {
      throw new ForbiddenError('role_required', '无权查看调用记录 (no role that reads access records)');
    }
    if (q.side === 'producer') return { ...filter, producerDepartmentId: actor.departmentId };
    if (q.side === 'consumer') return { ...filter, consumerDepartmentId: actor.departmentId };
    return { ...filter, departmentId: actor.departmentId };
  }
}

export interface GrantTermsView extends GrantTerms {
  grantId: string;
  isDefault: boolean;
  updatedBy: string | null;
  updatedAt: string | null;
  usedToday: { rows: number };
}
