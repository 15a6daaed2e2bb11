import { Clock } from '../../clock';
import { Actor, hasRole } from '../../domain/actor';
import { canSeeEntry } from '../../domain/visibility';
import { Schema } from '../../http/api-types';
import { DeliveryItem } from '../../domain/delivery-rows';
import { LookupItem, lookupKey, readSentValues } from '../../domain/exchange-lookup';
import { normalizeItemName } from '../../domain/text';
import { AppError, ConflictError, ForbiddenError, NotFoundError, RuleViolationError, UpstreamError } from '../../errors';
import type { FieldError } from '../../errors';
import { Database } from '../../db/database';
import type { Resource, ResourceService } from '../resources/resources.service';
import { Admission, ExchangeGate } from './exchange-gate';
import { Forwarder } from '../../http/forwarding';
import { QueryStore } from './query.store';

// The query API (信息查询接口) and the verification API (信息核验接口), docs/exchange.md. A grant
// holder sends the values of the entry's input items; a query answers the granted output items of
// the matching rows (masked as the admission says), a verification answers only whether the values
// it was sent match — never the data. Either is served from the latest delivered data, or, when
// the entry registers an endpoint for the mode, forwarded to the producer's own endpoint and its
// answer checked against what the entry declares.

export interface QueryDeps {
  db: Database;
  clock: Clock;
  gate: ExchangeGate;
  forwarder: Forwarder;
  /** The entries whose endpoints are probed. */
  resources: ResourceService;
}

export type ProbeResult = Schema<'ProbeResult'>;
type EndpointMode = ProbeResult['mode'];

export interface QueryAnswer {
  items: Array<Record<string, string | null>>;
  truncated: boolean;
  source: 'delivered' | 'endpoint';
}

export interface VerificationAnswer {
  match: boolean;
  items: Array<{ name: string; match: boolean }> | null;
  source: 'delivered' | 'endpoint';
}

/** Most rows one query answers. */
export const QUERY_ROWS_MAX = 100;

interface ModeSettings {
  endpoint?: string;
  perItemResult?: boolean;
}

export class QueryService {
  private readonly store = new QueryStore();

  constructor(private readonly deps: QueryDeps) {}

  async query(actor: Actor, grantId: string, input: Record<string, unknown>): Promise<QueryAnswer> {
    const a = await this.deps.gate.admit(actor, grantId, 'query_api', 'query');
    return this.within<QueryAnswer>(a, async () => {
      const items = lookupItems(a.entry);
      const sent = readSentValues(
        input,
        items,
        (i) => i.queryRole === 'input',
        (i) => i.queryRole === 'input',
        '/input',
      );
      if ('problems' in sent) throw invalid(sent.problems);
      const outputs = a.columns.filter((c) => c.queryRole === 'output');
      const settings = modeSettings(a.entry, 'query_api');
      if (settings.endpoint) {
        const answer = await this.deps.forwarder.postJson(settings.endpoint, { input: sentObject(items, sent.values) });
        const rows = checkQueryAnswer(answer, a.entry);
        const released = rows.slice(0, QUERY_ROWS_MAX).map((row) => {
          const values = a.entry.items.map((item) => row.get(normalizeItemName(item.name)) ?? null);
          const out = a.release(values);
          return Object.fromEntries(outputs.map((c) => [c.name, out[a.columns.indexOf(c)]]));
        });
        return {
          answer: { items: released, truncated: rows.length > QUERY_ROWS_MAX, source: 'endpoint' },
          rows: released.length,
          items: outputs.filter((c) => c.release !== 'withheld').map((c) => c.name),
        };
      }
      const found = await this.store.rowsByLookup(this.deps.db, a.entry.id, lookupKey(sent.values, items)!, QUERY_ROWS_MAX + 1);
      if (!found) throw new ConflictError('no_data', '该目录尚未交付数据，暂不能查询 (the entry has no delivered data yet)');
      const released = found.slice(0, QUERY_ROWS_MAX).map((values) => {
        const out = a.release(values);
        return Object.fromEntries(outputs.map((c) => [c.name, out[a.columns.indexOf(c)]]));
      });
      return {
        answer: { items: released, truncated: found.length > QUERY_ROWS_MAX, source: 'delivered' },
        rows: released.length,
        items: outputs.filter((c) => c.release !== 'withheld').map((c) => c.name),
      };
    });
  }

  async verify(actor: Actor, grantId: string, values: Record<string, unknown>): Promise<VerificationAnswer> {
    const a = await this.deps.gate.admit(actor, grantId, 'verification_api', 'verify');
    return this.within<VerificationAnswer>(a, async () => {
      const items = lookupItems(a.entry);
      const granted = new Set(a.columns.map((c) => c.index));
      // The input items find the row; any other granted item may be checked against it.
      const sent = readSentValues(
        values,
        items,
        (i) => i.queryRole === 'input',
        (i) => i.queryRole === 'input' || granted.has(items.indexOf(i)),
        '/values',
      );
      if ('problems' in sent) throw invalid(sent.problems);
      const checked = items.map((item, i) => ({ item, i })).filter(({ i }) => sent.given[i] && items[i].queryRole !== 'input');
      if (checked.length === 0) {
        throw invalid([
          {
            path: '/values',
            code: 'nothing_to_verify',
            message: '除输入项外至少提供一个要核验的信息项 (send at least one item to check besides the input items)',
          },
        ]);
      }
      const settings = modeSettings(a.entry, 'verification_api');
      let perItem: boolean[];
      let source: 'delivered' | 'endpoint';
      if (settings.endpoint) {
        const answer = await this.deps.forwarder.postJson(settings.endpoint, { values: sentObject(items, sent.values) });
        perItem = checkVerificationAnswer(
          answer,
          checked.map(({ item }) => item.name),
        );
        source = 'endpoint';
      } else {
        const found = await this.store.rowsByLookup(this.deps.db, a.entry.id, lookupKey(sent.values, items)!, 2);
        if (!found) throw new ConflictError('no_data', '该目录尚未交付数据，暂不能核验 (the entry has no delivered data yet)');
        // Several rows under one input: a match is a row that matches every value sent.
        perItem = checked.map(() => false);
        for (const row of found) {
          const here = checked.map(({ i }) => row[i] === sent.values[i]);
          if (here.every(Boolean)) {
            perItem = here;
            break;
          }
          if (found.length === 1) perItem = here;
        }
        source = 'delivered';
      }
      const match = perItem.every(Boolean);
      const answer: VerificationAnswer = {
        match,
        items: settings.perItemResult ? checked.map(({ item }, k) => ({ name: item.name, match: perItem[k] })) : null,
        source,
      };
      return { answer, rows: 1, items: items.filter((_, i) => sent.given[i]).map((i) => i.name) };
    });
  }

  // ---- probes of producers' endpoints ---------------------------------------------------------

  /** Probes an entry's endpoint now (its producing department, the bureau). */
  async probeNow(actor: Actor, entryId: string, mode: EndpointMode): Promise<ProbeResult> {
    const entry = await this.deps.resources.entryForRules(this.deps.db, entryId);
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    if (entry.departmentId !== actor.departmentId && !hasRole(actor, 'bureau')) {
      throw new ForbiddenError('not_owner', '只有提供部门和大数据管理局可以探测接口 (only the producing department or the bureau probes)');
    }
    if (!(hasRole(actor, 'producer') || hasRole(actor, 'bureau'))) {
      throw new ForbiddenError('role_required', '此操作需要提供部门经办人或大数据管理局角色 (producer or bureau)');
    }
    if (!modeSettings(entry, mode).endpoint) {
      throw new ConflictError(
        'no_endpoint',
        '该目录的此提供方式未登记自有接口，由平台以交付的数据答复，无需探测 (no endpoint registered for this mode)',
      );
    }
    return this.probe(actor, entry, mode);
  }

  /** Probes every published entry's endpoints (the schedule); returns how many were probed. */
  async probeAll(): Promise<number> {
    const ids = await this.deps.resources.publishedOffering(this.deps.db, ['query_api', 'verification_api']);
    let probed = 0;
    for (const id of ids) {
      const entry = await this.deps.resources.entryForRules(this.deps.db, id);
      if (!entry) continue;
      for (const mode of ['query_api', 'verification_api'] as const) {
        if (modeSettings(entry, mode).endpoint) {
          await this.probe(null, entry, mode);
          probed++;
        }
      }
    }
    return probed;
  }

  /**
   * Calls the endpoint as the exchange would, with `probe: true` and no values: it must answer
   * 200 with a well-formed, empty answer. The outcome is an access record (operation 'probe'),
   * which the onboarding checklist reads.
   */
  private async probe(actor: Actor | null, entry: Resource, mode: EndpointMode): Promise<ProbeResult> {
    const endpoint = modeSettings(entry, mode).endpoint!;
    const started = Date.now();
    let result = 'ok';
    let message: string | null = null;
    try {
      const answer = await this.deps.forwarder.postJson(
        endpoint,
        mode === 'query_api' ? { probe: true, input: {} } : { probe: true, values: {} },
      );
      if (mode === 'query_api') checkQueryAnswer(answer, entry);
      else checkVerificationAnswer(answer, []);
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      result = err.code;
      message = err.message;
    }
    const latencyMs = Date.now() - started;
    await this.deps.gate.recordCall(actor, {
      resourceId: entry.id,
      producerDepartmentId: entry.departmentId,
      mode,
      operation: 'probe',
      started,
      rows: 0,
      result,
      status: result === 'ok' ? 200 : result === 'upstream_timeout' ? 504 : 502,
    });
    return { mode, endpoint, ok: result === 'ok', result, message, latencyMs, probedAt: this.deps.clock.now().toISOString() };
  }

  /** Runs the admitted call and records how it ended, refused or answered. */
  private async within<T>(a: Admission, work: () => Promise<{ answer: T; rows: number; items: string[] }>): Promise<T> {
    try {
      const done = await work();
      await this.deps.gate.finish(a, { rows: done.rows, items: done.items });
      return done.answer;
    } catch (err) {
      await this.deps.gate.finish(a, {
        rows: 0,
        result: err instanceof AppError ? err.code : 'failed',
        status: err instanceof AppError ? err.status : 500,
        items: [],
      });
      throw err;
    }
  }
}

function lookupItems(entry: Resource): LookupItem[] {
  return entry.items.map((i): LookupItem & DeliveryItem => ({
    name: i.name,
    dataType: i.dataType,
    length: i.length ?? null,
    key: i.key ?? false,
    required: i.required ?? false,
    queryRole: i.queryRole ?? null,
  }));
}

function modeSettings(entry: Resource, mode: string): ModeSettings {
  const found = entry.provisionModes.find((m) => m.mode === mode) as ModeSettings | undefined;
  return found ?? {};
}

function sentObject(items: LookupItem[], values: Array<string | null>): Record<string, string> {
  const out: Record<string, string> = {};
  items.forEach((item, i) => {
    if (values[i] !== null) out[item.name] = values[i]!;
  });
  return out;
}

function invalid(problems: FieldError[]): RuleViolationError {
  return new RuleViolationError('invalid_input', '输入的信息项有误，详见 errors (the values sent do not fit the entry)', problems);
}

/** A forwarded query's answer: `{ items: [ { item: value } ] }`, only items the entry declares as output. */
function checkQueryAnswer(answer: unknown, entry: Resource): Array<Map<string, string | null>> {
  const declared = new Map(entry.items.filter((i) => i.queryRole === 'output').map((i) => [normalizeItemName(i.name), i.name]));
  const list = (answer as { items?: unknown })?.items;
  if (typeof answer !== 'object' || answer === null || !Array.isArray(list)) {
    throw new UpstreamError('bad_answer', '接口答复须为 {"items": [...]} (the answer must be {"items": [...]})');
  }
  return list.map((row) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) {
      throw new UpstreamError('bad_answer', '接口答复的每一行须为对象 (every row must be an object)');
    }
    const out = new Map<string, string | null>();
    for (const [name, value] of Object.entries(row as Record<string, unknown>)) {
      const n = normalizeItemName(name);
      if (!declared.has(n)) {
        // Not named: the consumer learns that the producer's answer was wrong, nothing of what it held.
        throw new UpstreamError('undeclared_items', '接口答复含目录未声明的输出项 (the answer holds an item the entry does not declare)');
      }
      if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
        throw new UpstreamError('bad_answer', '接口答复中有值不是文本或数值 (a value is not a scalar)');
      }
      out.set(n, value === null ? null : String(value));
    }
    return out;
  });
}

/** A forwarded verification's answer: `{ match: boolean, items?: { item: boolean } }`. */
function checkVerificationAnswer(answer: unknown, checked: string[]): boolean[] {
  const a = answer as { match?: unknown; items?: unknown };
  if (typeof answer !== 'object' || answer === null || typeof a.match !== 'boolean') {
    throw new UpstreamError('bad_answer', '接口答复须为 {"match": true|false} (the answer must be {"match": boolean})');
  }
  if (a.items === undefined || a.items === null) return checked.map(() => a.match as boolean);
  if (typeof a.items !== 'object' || Array.isArray(a.items)) {
    throw new UpstreamError('bad_answer', '接口答复的 items 须为对象 (items must be an object)');
  }
  const byName = new Map(Object.entries(a.items as Record<string, unknown>).map(([k, v]) => [normalizeItemName(k), v]));
  for (const [k, v] of byName) {
    if (!checked.some((c) => normalizeItemName(c) === k)) {
      throw new UpstreamError('undeclared_items', '接口答复含未核验的信息项 (the answer names an item that was not checked)');
    }
    if (typeof v !== 'boolean')
      throw new UpstreamError('bad_answer', '接口答复的核验结果须为 true 或 false (each result must be a boolean)');
  }
  return checked.map((c) => (byName.get(normalizeItemName(c)) as boolean | undefined) ?? (a.match as boolean));
}
