import { Conn, Tx } from '../../db/database';
import { hotRow, hotRows } from '../../db/hot-reads';
import { dialectOf } from '../../db/knex';
import { parseJson, Row, toIso } from '../../db/rows';
import { withLock } from '../../db/versions';
import { accessRecordHash, AccessRecordFields } from '../../domain/access-records';
import { GrantTerms, usagePeriods } from '../../domain/exchange-terms';

// The exchange's access records (hash-chained), what each grant used per minute and per day, and
// the producer's terms per grant.

export type AccessRecordInput = Omit<AccessRecordFields, 'seq'>;
export type AccessRecord = AccessRecordFields & { prevHash: string; hash: string };

/** A record as people read it: with the names of who and what it is about (not chained). */
export type AccessRecordView = AccessRecord & {
  userName: string | null;
  callerDepartmentName: string | null;
  resourceName: string | null;
  producerDepartmentName: string | null;
  consumerDepartmentName: string | null;
};

export interface AccessFilter {
  grantId?: string;
  resourceId?: string;
  producerDepartmentId?: string;
  consumerDepartmentId?: string;
  /** Calls of either side of this department (a department's own view). */
  departmentId?: string;
  from?: string;
  to?: string;
  mode?: string;
}

export interface StoredTerms extends GrantTerms {
  updatedBy: string;
  updatedAt: string;
  rowVersion: number;
}

export interface UsageFigures {
  producerDepartmentId: string;
  resourceId: string;
  calls: number;
  rows: number;
  consumers: number;
}

function toRecord(r: Row): AccessRecord {
  return {
    seq: Number(r.seq),
    id: r.id as string,
    occurredAt: toIso(r.occurred_at),
    userId: (r.user_id as string | null) ?? null,
    callerDepartmentId: (r.caller_department_id as string | null) ?? null,
    grantId: (r.grant_id as string | null) ?? null,
    resourceId: (r.resource_id as string | null) ?? null,
    producerDepartmentId: (r.producer_department_id as string | null) ?? null,
    consumerDepartmentId: (r.consumer_department_id as string | null) ?? null,
    mode: r.mode as string,
    operation: r.operation as string,
    items: parseJson<string[]>(r.items_json, []),
    rows: Number(r.rows),
    result: r.result as string,
    status: Number(r.status),
    latencyMs: Number(r.latency_ms),
    requestId: (r.request_id as string | null) ?? null,
    prevHash: r.prev_hash as string,
    hash: r.hash as string,
  };
}

function toStoredTerms(r: Row): StoredTerms {
  return {
    clearItems: parseJson<string[]>(r.clear_items_json, []),
    requestsPerMinute: Number(r.requests_per_minute),
    rowsPerDay: Number(r.rows_per_day),
    updatedBy: r.updated_by as string,
    updatedAt: toIso(r.updated_at),
    rowVersion: Number(r.row_version),
  };
}

// One statement for both (terms LEFT JOIN usage) cost SQLite six times the two of them: with the
// planner's statistics it scanned the terms.
const TERMS_SQL = 'SELECT * FROM exchange_grant_terms WHERE grant_id = ?';
const USAGE_SQL = 'SELECT period, requests, "rows" FROM exchange_usage WHERE grant_id = ? AND period IN (?, ?)';

export class AccessStore {
  /**
   * Appends records to the chain, in order, and counts them into their grants' usage. The chain's
   * head is locked for the rest of the transaction (PostgreSQL; SQLite has one writer anyway), so
   * instances appending at once take turns.
   */
  async append(tx: Tx, records: AccessRecordInput[]): Promise<void> {
    if (records.length === 0) return;
    const headQuery = tx('exchange_access_head').where({ id: 1 });
    const head = dialectOf(tx) === 'postgres' ? await headQuery.forUpdate().first() : await headQuery.first();
    let seq = Number(head.last_seq);
    let prev = head.last_hash as string;
    const rows = records.map((r) => {
      seq++;
      const hash = accessRecordHash(prev, { ...r, seq });
      const row = {
        seq,
        id: r.id,
        occurred_at: r.occurredAt,
        user_id: r.userId,
        caller_department_id: r.callerDepartmentId,
        grant_id: r.grantId,
        resource_id: r.resourceId,
        producer_department_id: r.producerDepartmentId,
        consumer_department_id: r.consumerDepartmentId,
        mode: r.mode,
        operation: r.operation,
        items_json: JSON.stringify(r.items),
        rows: r.rows,
        result: r.result,
        status: r.status,
        latency_ms: r.latencyMs,
        request_id: r.requestId,
        prev_hash: prev,
        hash,
      };
      prev = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += 200) await tx('exchange_access_records').insert(rows.slice(i, i + 200));
    await tx('exchange_access_head').where({ id: 1 }).update({ last_seq: seq, last_hash: prev });
    // Usage counts the holder's calls, refused or not (a refused try still costs one), never
    // another department's: nobody can use up a grant that is not theirs.
    const usage = new Map<string, { grant_id: string; period: string; requests: number; calls_ok: number; rows: number }>();
    for (const r of records) {
      if (!r.grantId || r.callerDepartmentId !== r.consumerDepartmentId) continue;
      const periods = usagePeriods(new Date(r.occurredAt));
      for (const period of [periods.minute, periods.day]) {
        const k = `${r.grantId}|${period}`;
        const u = usage.get(k) ?? { grant_id: r.grantId, period, requests: 0, calls_ok: 0, rows: 0 };
        u.requests++;
        if (r.result === 'ok') u.calls_ok++;
        u.rows += r.rows;
        usage.set(k, u);
      }
    }
    const counts = [...usage.values()].sort((a, b) => (a.grant_id + a.period < b.grant_id + b.period ? -1 : 1));
    if (counts.length > 0) {
      await tx('exchange_usage')
        .insert(counts)
        .onConflict(['grant_id', 'period'])
        .merge({
          requests: tx.raw('exchange_usage.requests + excluded.requests'),
          calls_ok: tx.raw('exchange_usage.calls_ok + excluded.calls_ok'),
          rows: tx.raw('exchange_usage.rows + excluded.rows'),
        });
    }
  }

  /** Drops per-minute counts older than `beforeMinute` ('m:YYYY-MM-DDTHH:MM'). */
  async purgeMinuteUsage(db: Conn, beforeMinute: string): Promise<void> {
    await db('exchange_usage').where('period', 'like', 'm:%').where('period', '<', beforeMinute).delete();
  }

  /** What the grant used in its current minute and day (a hot read). */
  async usage(db: Conn, grantId: string, periods: { minute: string; day: string }): Promise<{ minuteRequests: number; dayRows: number }> {
    const rows = await hotRows(db, USAGE_SQL, [grantId, periods.minute, periods.day]);
    let minuteRequests = 0;
    let dayRows = 0;
    for (const r of rows) {
      if (r.period === periods.minute) minuteRequests = Number(r.requests);
      else dayRows = Number(r.rows);
    }
    return { minuteRequests, dayRows };
  }

  async list(db: Conn, f: AccessFilter, afterSeq: number | null, limit: number): Promise<AccessRecordView[]> {
    const name = (table: string, column: string, as: string) => db.raw(`(SELECT name FROM ${table} WHERE id = a.${column}) AS ${as}`);
    const qb = db('exchange_access_records as a').select(
      'a.*',
      name('users', 'user_id', 'user_name'),
      name('departments', 'caller_department_id', 'caller_department_name'),
      name('resources', 'resource_id', 'resource_name'),
      name('departments', 'producer_department_id', 'producer_department_name'),
      name('departments', 'consumer_department_id', 'consumer_department_name'),
    );
    if (f.grantId) qb.where('a.grant_id', f.grantId);
    if (f.resourceId) qb.where('a.resource_id', f.resourceId);
    if (f.producerDepartmentId) qb.where('a.producer_department_id', f.producerDepartmentId);
    if (f.consumerDepartmentId) qb.where('a.consumer_department_id', f.consumerDepartmentId);
    if (f.departmentId) {
      const d = f.departmentId;
      qb.where((w) => w.where('a.producer_department_id', d).orWhere('a.consumer_department_id', d).orWhere('a.caller_department_id', d));
    }
    if (f.mode) qb.where('a.mode', f.mode);
    if (f.from) qb.where('a.occurred_at', '>=', f.from);
    if (f.to) qb.where('a.occurred_at', '<', f.to);
    if (afterSeq !== null) qb.where('a.seq', '<', afterSeq);
    const rows: Row[] = await qb.orderBy('a.seq', 'desc').limit(limit);
    return rows.map((r) => ({
      ...toRecord(r),
      userName: (r.user_name as string | null) ?? null,
      callerDepartmentName: (r.caller_department_name as string | null) ?? null,
      resourceName: (r.resource_name as string | null) ?? null,
      producerDepartmentName: (r.producer_department_name as string | null) ?? null,
      consumerDepartmentName: (r.consumer_department_name as string | null) ?? null,
    }));
  }

  /** Records after `afterSeq` in chain order (verification of the chain). */
  async chainSlice(db: Conn, afterSeq: number, limit: number): Promise<AccessRecord[]> {
    const rows: Row[] = await db('exchange_access_records').where('seq', '>', afterSeq).orderBy('seq').limit(limit);
    return rows.map(toRecord);
  }

  async head(db: Conn): Promise<{ lastSeq: number; lastHash: string }> {
    const head = await db('exchange_access_head').where({ id: 1 }).first();
    return { lastSeq: Number(head.last_seq), lastHash: head.last_hash as string };
  }

  /**
   * Calls answered, rows and distinct consumers per producing department and entry, from the days
   * `fromDay` (a Beijing date) on: read from the per-day usage of each grant, not the records.
   */
  async usageFigures(db: Conn, fromDay: string): Promise<UsageFigures[]> {
    const rows: Row[] = await db('exchange_usage as u')
      .join('grants as g', 'g.id', 'u.grant_id')
      .where('u.period', 'like', 'd:%')
      .where('u.period', '>=', `d:${fromDay}`)
      .where('u.calls_ok', '>', 0)
      .groupBy('g.producer_department_id', 'g.resource_id')
      .select('g.producer_department_id', 'g.resource_id')
      .sum('u.calls_ok as calls')
      .sum('u.rows as rows')
      .countDistinct('g.consumer_department_id as consumers');
    return rows.map((r) => ({
      producerDepartmentId: r.producer_department_id as string,
      resourceId: r.resource_id as string,
      calls: Number(r.calls),
      rows: Number(r.rows ?? 0),
      consumers: Number(r.consumers),
    }));
  }

  /** The grant's stored terms; with `lock`, held for update until the transaction ends. */
  async findTerms(db: Conn, grantId: string, lock?: 'update'): Promise<StoredTerms | null> {
    const query = db('exchange_grant_terms').where('grant_id', grantId).first();
    const r = lock ? await withLock(db, query, lock) : await query;
    return r ? toStoredTerms(r) : null;
  }

  /**
   * What the gate reads of a grant at each call (hot reads): its stored terms (null: the mode's
   * defaults) and what it used in its current minute and day.
   */
  async termsAndUsage(
    db: Conn,
    grantId: string,
    periods: { minute: string; day: string },
  ): Promise<{ terms: StoredTerms | null; minuteRequests: number; dayRows: number }> {
    const [terms, used] = await Promise.all([hotRow(db, TERMS_SQL, [grantId]), this.usage(db, grantId, periods)]);
    return { terms: terms ? toStoredTerms(terms) : null, ...used };
  }

  async saveTerms(tx: Tx, grantId: string, t: StoredTerms): Promise<void> {
    await tx('exchange_grant_terms')
      .insert({
        grant_id: grantId,
        clear_items_json: JSON.stringify(t.clearItems),
        requests_per_minute: t.requestsPerMinute,
        rows_per_day: t.rowsPerDay,
        updated_by: t.updatedBy,
        updated_at: t.updatedAt,
        row_version: t.rowVersion,
      })
      .onConflict('grant_id')
      .merge();
  }
}
