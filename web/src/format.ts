// How the console shows times, dates and amounts: Beijing time (the platform's people are in
// one time zone, whatever the browser's), dates as 2026年12月5日, money in 万元 as the forms do.

const BEIJING = 'Asia/Shanghai';

const dateFormat = new Intl.DateTimeFormat('zh-CN', { timeZone: BEIJING, year: 'numeric', month: 'long', day: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('zh-CN', {
  timeZone: BEIJING,
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** 2026年12月5日, in Beijing time; a plain date (2026-12-05) is shown as that day. */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const at = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+08:00`) : new Date(value);
  return Number.isNaN(at.getTime()) ? value : dateFormat.format(at);
}

/** 2026年12月5日 14:30, in Beijing time. */
export function formatTime(value: string | null | undefined): string {
  if (!value) return '—';
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : timeFormat.format(at).replace(/\s+/, ' ');
}

/** An amount of 万元 as the forms print it: 1,234.50 万元. */
export function formatWanYuan(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? `${n.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元` : String(value);
}

/** Today's date in Beijing (YYYY-MM-DD). */
export function beijingToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: BEIJING }).format(new Date());
}
