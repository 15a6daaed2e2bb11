// How the console shows times, dates and amounts: Beijing time (the platform's people are in
// one time zone, whatever the browser's), dates as 2026年12月5日, money in 万元 as the forms do.

// Beijing time is UTC+8 all year (no daylight saving since 1991), so a time's Beijing fields are its
// UTC fields eight hours on: plain arithmetic, where an Intl.DateTimeFormat costs the first page
// 20 ms to build (its time-zone and locale data).
const EIGHT_HOURS = 8 * 3600_000;

function beijingFields(at: Date) {
  const b = new Date(at.getTime() + EIGHT_HOURS);
  return { year: b.getUTCFullYear(), month: b.getUTCMonth() + 1, day: b.getUTCDate(), hour: b.getUTCHours(), minute: b.getUTCMinutes() };
}

const two = (n: number) => String(n).padStart(2, '0');

/** 2026年12月5日, in Beijing time; a plain date (2026-12-05) is shown as that day. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+08:00`) : new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const { year, month, day } = beijingFields(at);
  return `${year}年${month}月${day}日`;
}

/** 2026年12月5日 14:30, in Beijing time. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return value;
  const { year, month, day, hour, minute } = beijingFields(at);
  return `${year}年${month}月${day}日 ${two(hour)}:${two(minute)}`;
}

/** An amount of 万元 as the forms print it: 1,234.50 万元. */
export function formatWanYuan(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元` : String(value);
}

/** Today's date in Beijing (YYYY-MM-DD). */
export function beijingToday(): string {
  const { year, month, day } = beijingFields(new Date());
  return `${year}-${two(month)}-${two(day)}`;
}
