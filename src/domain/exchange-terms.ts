import { MaskingRule } from './masking';
import { normalizeItemName } from './text';
import { shanghaiDate } from './working-days';

// What a grant lets through the exchange (docs/exchange.md "Terms and quotas"): the producer's
// terms per grant — which sensitive items it releases clear rather than masked, how many calls a
// minute and how many rows a day — and how each granted item leaves. A grant never yields more
// than the producer approved: an item outside the grant never leaves; a sensitive item leaves
// masked by the entry's rule unless the producer released it clear for this grant; a sensitive item
// without a masking rule is withheld unless released clear.

export type ExchangeMode = 'batch_exchange' | 'query_api' | 'verification_api' | 'certificate';

export interface Quotas {
  requestsPerMinute: number;
  /** Rows a day (Beijing date): rows downloaded, rows a query returned, values a verification checked. */
  rowsPerDay: number;
}

/**
 * Quotas a grant has until its producer sets others. Verification is held tightest: its answers
 * are yes or no, so its danger is enumeration (trying ID numbers one after another), not volume.
 */
export const DEFAULT_QUOTAS: Record<ExchangeMode, Quotas> = {
  batch_exchange: { requestsPerMinute: 60, rowsPerDay: 10_000_000 },
  query_api: { requestsPerMinute: 600, rowsPerDay: 100_000 },
  verification_api: { requestsPerMinute: 60, rowsPerDay: 10_000 },
  certificate: { requestsPerMinute: 600, rowsPerDay: 100_000 },
};

/** The bounds a producer's terms keep within. */
export const QUOTA_LIMITS = { requestsPerMinuteMax: 1_000_000, rowsPerDayMax: 1_000_000_000 } as const;

export interface GrantTerms extends Quotas {
  /** Sensitive items the producer releases clear to this grant's holder. */
  clearItems: string[];
}

export function defaultTerms(mode: string): GrantTerms {
  const quotas = DEFAULT_QUOTAS[mode as ExchangeMode] ?? DEFAULT_QUOTAS.query_api;
  return { ...quotas, clearItems: [] };
}

export interface ItemForRelease {
  name: string;
  sensitive?: boolean | null;
  masking?: unknown;
  key?: boolean | null;
  queryRole?: string | null;
}

export type Release = 'clear' | 'masked' | 'withheld';

export interface ReleasedColumn {
  name: string;
  /** The item's position in the entry (and in a stored row's values). */
  index: number;
  key: boolean;
  queryRole: string | null;
  release: Release;
  masking: MaskingRule | null;
}

/** The granted items, in the entry's order, with how each leaves under the producer's terms. */
export function releasedColumns(items: ItemForRelease[], granted: string[], clearItems: string[]): ReleasedColumn[] {
  const names = new Set(granted.map(normalizeItemName));
  const clear = new Set(clearItems.map(normalizeItemName));
  const columns: ReleasedColumn[] = [];
  items.forEach((item, index) => {
    const name = normalizeItemName(item.name);
    if (!names.has(name)) return;
    const masking = item.sensitive ? ((item.masking as MaskingRule | null | undefined) ?? null) : null;
    const release: Release = !item.sensitive || clear.has(name) ? 'clear' : masking ? 'masked' : 'withheld';
    columns.push({
      name: item.name,
      index,
      key: item.key ?? false,
      queryRole: item.queryRole ?? null,
      release,
      masking: release === 'masked' ? masking : null,
    });
  });
  return columns;
}

/** The two usage periods a call counts in: its UTC minute and its Beijing day. */
export function usagePeriods(at: Date): { minute: string; day: string } {
  return { minute: `m:${at.toISOString().slice(0, 16)}`, day: `d:${shanghaiDate(at)}` };
}

/** Seconds until the minute turns, and until Beijing midnight. */
export function secondsUntilReset(at: Date): { minute: number; day: number } {
  const ms = at.getTime();
  const minute = Math.ceil((60_000 - (ms % 60_000)) / 1000);
  const beijing = ms + 8 * 3_600_000;
  const day = Math.ceil((86_400_000 - (beijing % 86_400_000)) / 1000);
  return { minute: Math.max(minute, 1), day: Math.max(day, 1) };
}

/** Which quota a call would exceed, given what the grant used so far. */
export function quotaExceeded(
  used: { minuteRequests: number; dayRows: number },
  quotas: Quotas,
): 'requests_per_minute' | 'rows_per_day' | null {
  if (used.minuteRequests >= quotas.requestsPerMinute) return 'requests_per_minute';
  if (used.dayRows >= quotas.rowsPerDay) return 'rows_per_day';
  return null;
}
