// A year's days as the service answers them (one row a day) and as the bureau enters them (the
// State Council notice's holidays as ranges, its adjusted working days one by one).
import type { components } from '@contract';

export type CalendarYear = components['schemas']['CalendarYear'];
export type Arrangement = components['schemas']['CalendarArrangement'];

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The holidays of a year as ranges of consecutive days of one name, and its working days. */
export function arrangementOf(year: CalendarYear): Arrangement {
  const days = [...year.days].sort((a, b) => a.date.localeCompare(b.date));
  const holidays: Arrangement['holidays'] = [];
  for (const day of days.filter((d) => d.kind === 'holiday')) {
    const last = holidays[holidays.length - 1];
    if (last && last.name === day.name && nextDay(last.end) === day.date) last.end = day.date;
    else holidays.push({ name: day.name, start: day.date, end: day.date });
  }
  const workdays = days.filter((d) => d.kind === 'workday').map((d) => ({ name: d.name, date: d.date }));
  return { source: year.source, holidays, workdays };
}

/** Days from start to end, both counted. */
export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Which years' arrangements are missing while deadlines count in them (the board's rule: next year from November 1). */
export function missingYears(loaded: number[], today: string): Array<{ year: number; level: 'error' | 'warning' | 'info'; text: string }> {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const out: Array<{ year: number; level: 'error' | 'warning' | 'info'; text: string }> = [];
  if (!loaded.includes(year))
    out.push({ year, level: 'error', text: `今年（${year}年）的节假日安排尚未录入：期限只按周末计算，答复期限可能算错。请立即录入。` });
  if (!loaded.includes(year + 1))
    out.push({
      year: year + 1,
      level: month >= 11 ? 'warning' : 'info',
      text:
        month >= 11
          ? `明年（${year + 1}年）的节假日安排尚未录入：跨入明年的答复期限目前只按周末计算，标为“暂定”。国务院办公厅通知发布后请尽快录入。`
          : `明年（${year + 1}年）的节假日安排尚未录入，通常在每年 11 月国务院办公厅通知发布后录入。`,
    });
  return out;
}
