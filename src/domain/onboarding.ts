import { FieldError } from '../errors';
import { canonicalMaskingRule, MaskingRule } from './masking';

// A project's onboarding readiness (平台接入, docs/domain.md rules 10–11; Wendeng art. 22–23, 37,
// Sanming art. 18), computed from the data and never ticked by hand. Each item says whether it
// holds and exactly what is missing.

export type ChecklistKey = 'resources_declared' | 'metadata_complete' | 'modes_connected' | 'video_connected' | 'sharing_forms';
export type ConnectionMode = 'certificate' | 'query_api' | 'verification_api' | 'batch_exchange' | 'other' | 'video_centre';

export interface ChecklistEntry {
  id: string;
  name: string;
  status: string;
  updateCycle: string | null;
  provisionModes: string[];
  isVideo: boolean;
  /** The query or verification modes the entry serves from the producer's own endpoint (else from delivered data). */
  endpointModes: string[];
  /** What the entry still lacks for submission (resource-rules.submissionGaps), empty when complete. */
  metadataGaps: FieldError[];
}

export interface ChecklistConnection {
  resourceId: string;
  mode: ConnectionMode;
  confirmed: boolean;
  /** Delivery time (batch) or health-probe time (APIs). */
  occurredAt: string | null;
}

/**
 * What the exchange observed of an entry (docs/exchange.md): its latest delivery, the latest
 * successful probe of an endpoint, the latest verification of a certificate it issued.
 */
export interface ObservedExchange {
  resourceId: string;
  kind: 'delivery' | 'probe' | 'certificate';
  mode: string;
  at: string;
}

export interface ChecklistInput {
  entries: ChecklistEntry[];
  connections: ChecklistConnection[];
  /** What the exchange observed of the entries: the evidence for the modes it carries. */
  observed: ObservedExchange[];
  /** A non-draft request or a grant exists for one of the project's entries. */
  sharingOnFile: boolean;
  noRequestDeclaration: string | null;
  now: Date;
}

export interface Missing {
  resourceId?: string;
  resourceName?: string;
  mode?: string;
  message: string;
}

export interface ChecklistItem {
  key: ChecklistKey;
  label: string;
  applicable: boolean;
  met: boolean;
  missing: Missing[];
}

export interface Checklist {
  ready: boolean;
  items: ChecklistItem[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** How recent a batch delivery must be for its update cycle (a day's grace); null: any delivery. */
export const BATCH_FRESHNESS_DAYS: Record<string, number | null> = {
  realtime: 1,
  daily: 2,
  weekly: 8,
  monthly: 32,
  quarterly: 93,
  half_yearly: 184,
  yearly: 367,
  irregular: null,
};

/**
 * When a batch delivery stream is overdue (Sanming art. 21: no silent interruption): the moment
 * its update cycle, with the day's grace, has passed since the last delivery; null for an
 * irregular (or unknown) cycle, which is never overdue.
 */
export function deliveryDueBy(updateCycle: string | null, lastDeliveredAt: string): Date | null {
  const days = BATCH_FRESHNESS_DAYS[updateCycle ?? 'irregular'] ?? null;
  return days === null ? null : new Date(new Date(lastDeliveredAt).getTime() + days * DAY_MS);
}

const modeLabels: Record<string, string> = {
  certificate: '电子证照/可信文件',
  query_api: '信息查询接口',
  verification_api: '信息核验接口',
  batch_exchange: '数据批量交换',
  other: '其他方式',
  video_centre: '视频共享平台',
};

/** The modes the exchange carries: their evidence is what it observed, never a declaration. */
export const OBSERVED_MODES = ['batch_exchange', 'query_api', 'verification_api', 'certificate'];

/** How recent a successful probe of a producer's endpoint must be. */
export const PROBE_FRESHNESS_DAYS = 7;

function observedProblem(entry: ChecklistEntry, mode: string, observed: ObservedExchange[], now: Date): string | null {
  const what = modeLabels[mode] ?? mode;
  const latest = (kind: ObservedExchange['kind'], ofMode?: string) => {
    const times = observed
      .filter((o) => o.resourceId === entry.id && o.kind === kind && (ofMode === undefined || o.mode === ofMode))
      .map((o) => new Date(o.at).getTime());
    return times.length > 0 ? Math.max(...times) : null;
  };
  const deliveryProblem = (lead: string) => {
    const last = latest('delivery');
    if (last === null) return `${lead}尚未收到数据交付 (no delivery received by the platform)`;
    const window = BATCH_FRESHNESS_DAYS[entry.updateCycle ?? 'irregular'] ?? null;
    if (window !== null && now.getTime() - last > window * DAY_MS) {
      return `${lead}最近一次交付已超出更新周期 (no delivery within the update cycle)`;
    }
    return null;
  };
  if (mode === 'batch_exchange') return deliveryProblem(`${what}：`);
  if (mode === 'query_api' || mode === 'verification_api') {
    if (!entry.endpointModes.includes(mode)) return deliveryProblem(`${what}（由平台以交付的数据答复）：`);
    const last = latest('probe', mode);
    if (last === null) return `${what}：登记的接口尚未通过平台探测 (the endpoint has not answered a probe)`;
    if (now.getTime() - last > PROBE_FRESHNESS_DAYS * DAY_MS) {
      return `${what}：最近一次成功探测已超过 ${PROBE_FRESHNESS_DAYS} 天 (no successful probe in ${PROBE_FRESHNESS_DAYS} days)`;
    }
    return null;
  }
  // certificate
  return latest('certificate') === null
    ? `${what}：平台尚未签发并核验过该目录的证照 (no certificate issued and verified on the platform)`
    : null;
}

function connectionProblem(
  entry: ChecklistEntry,
  mode: string,
  connections: ChecklistConnection[],
  observed: ObservedExchange[],
  now: Date,
): string | null {
  if (OBSERVED_MODES.includes(mode)) return observedProblem(entry, mode, observed, now);
  // The modes the exchange does not carry ('other', the video centre): declared with evidence,
  // confirmed by the bureau.
  const declared = connections.filter((c) => c.resourceId === entry.id && c.mode === mode);
  const confirmed = declared.filter((c) => c.confirmed);
  const what = modeLabels[mode] ?? mode;
  if (declared.length === 0) {
    if (mode === 'video_centre') return '视频资源未接入视频共享平台 (not connected to the video centre)';
    return `${what}：未登记接入情况 (no connection recorded)`;
  }
  if (confirmed.length === 0) return `${what}：已申报，待大数据管理局确认 (declared, awaiting the bureau's confirmation)`;
  return null;
}

export function onboardingChecklist(input: ChecklistInput): Checklist {
  const current = input.entries.filter((e) => e.status !== 'withdrawn');
  const published = current.filter((e) => e.status === 'published');

  const declared: ChecklistItem = {
    key: 'resources_declared',
    label: '项目产生的信息资源已登记并发布',
    applicable: true,
    met: false,
    missing:
      current.length === 0
        ? [{ message: '项目尚未登记任何信息资源 (the project has declared no data resources)' }]
        : current
            .filter((e) => e.status !== 'published')
            .map((e) => ({ resourceId: e.id, resourceName: e.name, message: `目录状态为 ${e.status}，尚未发布 (not published)` })),
  };

  const metadata: ChecklistItem = {
    key: 'metadata_complete',
    label: '目录元数据完整（含敏感信息项的脱敏规则）',
    applicable: true,
    met: false,
    missing: published.flatMap((e) => e.metadataGaps.map((g) => ({ resourceId: e.id, resourceName: e.name, message: g.message }))),
  };

  const modes: ChecklistItem = {
    key: 'modes_connected',
    label: '每种提供方式均已接入共享平台',
    applicable: true,
    met: false,
    missing: published.flatMap((e) =>
      e.provisionModes.flatMap((mode) => {
        const problem = connectionProblem(e, mode, input.connections, input.observed, input.now);
        return problem ? [{ resourceId: e.id, resourceName: e.name, mode, message: problem }] : [];
      }),
    ),
  };

  const videos = published.filter((e) => e.isVideo);
  const video: ChecklistItem = {
    key: 'video_connected',
    label: '视频监控资源已接入视频共享平台',
    applicable: videos.length > 0,
    met: false,
    missing: videos.flatMap((e) => {
      const problem = connectionProblem(e, 'video_centre', input.connections, input.observed, input.now);
      return problem ? [{ resourceId: e.id, resourceName: e.name, mode: 'video_centre', message: problem }] : [];
    }),
  };

  const forms: ChecklistItem = {
    key: 'sharing_forms',
    label: '数据共享应用（需求）表已备案，或已声明无共享需求',
    applicable: true,
    met: false,
    missing:
      input.sharingOnFile || input.noRequestDeclaration
        ? []
        : [
            {
              message:
                '无共享申请或授权，提供部门也未声明无共享需求 (no request or grant on file, and no declaration that none was requested)',
            },
          ],
  };

  // Without a published entry there is nothing whose metadata or connections could hold.
  if (published.length === 0) {
    for (const item of [metadata, modes]) item.missing = [{ message: '没有已发布的信息资源 (no published data resource)' }];
  }
  const items = [declared, metadata, modes, video, forms];
  for (const item of items) item.met = item.missing.length === 0;
  return { ready: items.every((i) => i.met), items };
}

/** Why a stored verification no longer holds: the unmet items now, one line each. */
export function staleReasons(now: Checklist): string[] {
  return now.items
    .filter((i) => !i.met)
    .flatMap((i) => i.missing.map((m) => `${i.label}：${m.resourceName ? `${m.resourceName} — ` : ''}${m.message}`));
}

/**
 * What a verification covered of one entry: enough to tell later that the entry was withdrawn,
 * returned, or had its provision modes or data items changed since the bureau looked at it.
 */
export interface CoveredEntry {
  resourceId: string;
  name: string;
  status: string;
  provisionModes: string[];
  /** One line per data item: name, type, length, sensitivity, masking rule, query role. */
  items: string[];
}

export interface CoverableEntry {
  id: string;
  name: string;
  status: string;
  provisionModes: Array<{ mode: string }>;
  items: Array<{
    name: string;
    dataType: string;
    length?: number | null;
    sensitive?: boolean;
    desensitizationRule?: string | null;
    queryRole?: string | null;
    masking?: MaskingRule | null;
  }>;
}

/** The coverage of a verification: the project's entries that are not withdrawn, as they are now. */
export function coverageOf(entries: CoverableEntry[]): CoveredEntry[] {
  return entries
    .filter((e) => e.status !== 'withdrawn')
    .map((e) => ({
      resourceId: e.id,
      name: e.name,
      status: e.status,
      provisionModes: e.provisionModes.map((m) => m.mode).sort(),
      items: e.items.map((i) => {
        const line = [i.name, i.dataType, i.length ?? '', i.sensitive ? 'sensitive' : '', i.desensitizationRule ?? '', i.queryRole ?? ''];
        // The masking rule only where there is one: the lines of items without one are what they
        // were before rules existed (2026-12), so the verifications stored then still stand.
        if (i.masking) line.push(`masking=${JSON.stringify(canonicalMaskingRule(i.masking))}`);
        return line.join('|');
      }),
    }));
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Why what a verification covered no longer stands: an entry withdrawn or returned, or its
 * provision modes or items changed. One line each.
 */
export function coverageChanges(covered: CoveredEntry[], now: CoveredEntry[]): string[] {
  const reasons: string[] = [];
  const current = new Map(now.map((e) => [e.resourceId, e]));
  for (const before of covered) {
    const after = current.get(before.resourceId);
    if (!after) {
      reasons.push(`目录“${before.name}”已撤销或不再属于本项目 (an entry the verification covered was withdrawn or moved)`);
      continue;
    }
    if (after.status !== before.status)
      reasons.push(
        `目录“${before.name}”的状态已由 ${before.status} 变为 ${after.status} (an entry the verification covered changed its status)`,
      );
    if (!sameList(after.provisionModes, before.provisionModes))
      reasons.push(`目录“${before.name}”的提供方式已变更 (its provision modes changed)`);
    if (!sameList(after.items, before.items)) reasons.push(`目录“${before.name}”的信息项已变更 (its data items changed)`);
  }
  // An entry registered after the verification is not in it: the checklist, which must still hold,
  // requires it published, complete and connected like the others.
  return reasons;
}
