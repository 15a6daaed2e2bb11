import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Database } from '../../db/database';
import { Actor } from '../../domain/actor';
import {
  defaultTerms,
  ExchangeMode,
  GrantTerms,
  quotaExceeded,
  ReleasedColumn,
  releasedColumns,
  secondsUntilReset,
  usagePeriods,
} from '../../domain/exchange-terms';
import { mask } from '../../domain/masking';
import { shanghaiDate } from '../../domain/working-days';
import { Schema } from '../../http/api-types';
import { AppError, ConflictError, ForbiddenError, NotFoundError, QuotaExceededError } from '../../errors';
import type { Resource, ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { AccessLog } from './access-log';
import { AccessStore } from './access.store';

// The one way into the exchange for a grant holder (docs/exchange.md "Who gets data"): every call
// of every mode is admitted here — the caller's department holds the grant, the grant is in force
// now (read from the database at each call, so a revocation or suspension stops the next call on
// every instance), it is for this mode, its quotas are not used up — and leaves an access record,
// admitted or refused. The admission says which items leave and how (clear, masked or withheld).

type Grant = Schema<'Grant'>;

export interface GateDeps {
  db: Database;
  clock: Clock;
  resources: ResourceService;
  sharing: SharingService;
  accessLog: AccessLog;
  accessStore: AccessStore;
  maskingKey: Buffer;
}

export interface Admission {
  actor: Actor;
  grant: Grant;
  entry: Resource;
  mode: ExchangeMode;
  operation: string;
  terms: GrantTerms;
  /** The granted items in the entry's order, with how each leaves. */
  columns: ReleasedColumn[];
  /** A stored row's values (entry order) as they leave: the granted items only, masked or withheld. */
  release(values: Array<string | null>): Array<string | null>;
  started: number;
}

export interface Outcome {
  rows: number;
  /** 'ok', or the problem code of a refusal after admission. */
  result?: string;
  status?: number;
  /** The items the call carried, when not every released column (a verification's input items). */
  items?: string[];
}

const MODE_NAMES: Record<ExchangeMode, string> = {
  batch_exchange: '数据批量交换',
  query_api: '信息查询接口',
  verification_api: '信息核验接口',
  certificate: '电子证照',
};

export class ExchangeGate {
  constructor(private readonly deps: GateDeps) {}

  /** Admits a call under a grant, or records the refusal and throws it. */
  async admit(actor: Actor, grantId: string, mode: ExchangeMode, operation: string): Promise<Admission> {
    const started = Date.now();
    let grant: Grant | null = null;
    try {
      grant = await this.deps.sharing.getGrant(actor, grantId);
      return await this.check(actor, grant, mode, operation, started);
    } catch (err) {
      if (err instanceof AppError) {
        await this.deps.accessLog.record(
          this.record(actor, grant, mode, operation, started, { rows: 0, result: err.code, status: err.status }, []),
        );
      }
      throw err;
    }
  }

  /** Records how an admitted call ended (before its answer ends). */
  async finish(a: Admission, outcome: Outcome): Promise<void> {
    try {
      const items = outcome.items ?? a.columns.filter((c) => c.release !== 'withheld').map((c) => c.name);
      await this.deps.accessLog.record(this.record(a.actor, a.grant, a.mode, a.operation, a.started, outcome, items));
    } finally {
      this.deps.accessLog.released(a.grant.id);
    }
  }

  /** Records a call that is not under a grant (a producer's delivery, a probe). */
  recordCall(
    actor: Actor | null,
    c: { resourceId: string; producerDepartmentId: string; mode: ExchangeMode; operation: string; started: number } & Outcome,
  ): Promise<void> {
    return this.deps.accessLog.record({
      id: randomUUID(),
      occurredAt: this.deps.clock.now().toISOString(),
      userId: actor?.userId ?? null,
      callerDepartmentId: actor?.departmentId ?? null,
      grantId: null,
      resourceId: c.resourceId,
      producerDepartmentId: c.producerDepartmentId,
      consumerDepartmentId: null,
      mode: c.mode,
      operation: c.operation,
      items: c.items ?? [],
      rows: c.rows,
      result: c.result ?? 'ok',
      status: c.status ?? 200,
      latencyMs: elapsedSince(c.started),
      requestId: actor?.requestId ?? null,
    });
  }

  private async check(actor: Actor, grant: Grant, mode: ExchangeMode, operation: string, started: number): Promise<Admission> {
    if (grant.consumerDepartmentId !== actor.departmentId) {
      throw new ForbiddenError(
        'not_grant_holder',
        '只有持有授权的使用部门可以获取数据 (only the department holding the grant receives its data)',
      );
    }
    const now = this.deps.clock.now();
    if (grant.status !== 'active' || shanghaiDate(now) < grant.validFrom) {
      const state =
        grant.status === 'active'
          ? '尚未生效'
          : ({ revoked: '已撤销', suspended: '已中止', expired: '已过期' }[grant.status] ?? grant.status);
      throw new ConflictError('grant_not_active', `授权当前${state}，不能调用 (the grant is not in force)`);
    }
    if (grant.provisionMode !== mode) {
      throw new ConflictError('wrong_provision_mode', `该授权的提供方式不是${MODE_NAMES[mode]} (the grant is not for ${mode})`);
    }
    const entry = await this.deps.resources.entryForRules(this.deps.db, grant.resourceId);
    if (!entry) throw new NotFoundError('信息资源');
    const state = await this.deps.accessStore.termsAndUsage(this.deps.db, grant.id, usagePeriods(now));
    const terms: GrantTerms = state.terms ?? defaultTerms(mode);
    const used = { minuteRequests: state.minuteRequests + this.deps.accessLog.pendingFor(grant.id), dayRows: state.dayRows };
    const exceeded = quotaExceeded(used, terms);
    if (exceeded) {
      const wait = secondsUntilReset(now);
      throw exceeded === 'requests_per_minute'
        ? new QuotaExceededError(exceeded, terms.requestsPerMinute, wait.minute)
        : new QuotaExceededError(exceeded, terms.rowsPerDay, wait.day);
    }
    const columns = releasedColumns(
      entry.items,
      grant.items.map((i) => i.name),
      terms.clearItems,
    );
    const key = { secret: this.deps.maskingKey, consumer: grant.consumerDepartmentId };
    this.deps.accessLog.admitted(grant.id);
    return {
      actor,
      grant,
      entry,
      mode,
      operation,
      terms,
      columns,
      started,
      release: (values) =>
        columns.map((c) =>
          c.release === 'clear' ? values[c.index] : c.release === 'masked' ? mask(values[c.index], c.masking!, key) : null,
        ),
    };
  }

  private record(actor: Actor, grant: Grant | null, mode: ExchangeMode, operation: string, started: number, o: Outcome, items: string[]) {
    return {
      id: randomUUID(),
      occurredAt: this.deps.clock.now().toISOString(),
      userId: actor.userId,
      callerDepartmentId: actor.departmentId,
      grantId: grant?.id ?? null,
      resourceId: grant?.resourceId ?? null,
      producerDepartmentId: grant?.producerDepartmentId ?? null,
      consumerDepartmentId: grant?.consumerDepartmentId ?? null,
      mode,
      operation,
      items,
      rows: o.rows,
      result: o.result ?? 'ok',
      status: o.status ?? 200,
      latencyMs: elapsedSince(started),
      requestId: actor.requestId,
    };
  }
}

/** Milliseconds since `started` (Date.now()), kept within the column's integer range. */
function elapsedSince(started: number): number {
  return Math.min(Math.max(Date.now() - started, 0), 2_147_483_647);
}
