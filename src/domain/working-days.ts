// Working days of the mainland Chinese calendar, counted in Asia/Shanghai (UTC+8 all year, no DST).
// A day is a working day when it is an adjusted working day (调休上班), else not when it is a
// public-holiday day off, else when it is Monday to Friday. The arrangements are published a year
// at a time (国办发明电); days of a year with no loaded arrangement count as plain Mon–Fri, so
// callers that care check coversYear first.
//
// Dates are 'YYYY-MM-DD' strings; internally a date is its day number (days since 1970-01-01 UTC),
// so the hot loops are integer arithmetic and Map lookups, with no Date parsing.

import { CalendarDay } from './official-holidays';

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** More than ten years of days: no sensible request runs this long, so a longer walk is a bug. */
const MAX_STEPS = 3660;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number of a valid 'YYYY-MM-DD' calendar date, or null. */
function dayNumberOrNull(date: unknown): number | null {
  if (typeof date !== 'string') return null;
  const m = DATE_RE.exec(date);
  if (!m) return null;
  const y = +m[1];
  const mo = +m[2];
  const d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return Date.UTC(y, mo - 1, d) / DAY_MS;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function dayNumber(date: string): number {
  const n = dayNumberOrNull(date);
  if (n === null) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${String(date)}`);
  return n;
}

function formatDay(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday. Day 0 (1970-01-01) was a Thursday. */
function isoWeekdayIndex(n: number): number {
  return (((n + 3) % 7) + 7) % 7;
}

function isWeekendDay(n: number): boolean {
  return isoWeekdayIndex(n) >= 5;
}

/** Mondays to Fridays among day numbers -3 … k-4 (k days counted from the Monday 1969-12-29). */
function weekdaysBefore(k: number): number {
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

/** Mondays to Fridays d with a < d ≤ b. */
function weekdaysInRange(a: number, b: number): number {
  return weekdaysBefore(b + 4) - weekdaysBefore(a + 4);
}

export class WorkingDayCalendar {
  /** Day number → kind, for the days that differ from (or restate) the Mon–Fri rule. */
  private readonly overrides = new Map<number, CalendarDay['kind']>();
  /** Day numbers whose kind flips the Mon–Fri rule (holiday on a weekday, workday on a weekend), sorted, with +1/-1. */
  private readonly flips: Array<{ n: number; delta: 1 | -1 }> = [];
  private readonly years: Set<number>;

  constructor(days: CalendarDay[], knownYears: number[]) {
    for (const day of days) {
      const n = dayNumber(day.date);
      if (day.kind !== 'holiday' && day.kind !== 'workday') throw new RangeError(`${day.date}: unknown kind ${String(day.kind)}`);
      const seen = this.overrides.get(n);
      if (seen !== undefined && seen !== day.kind) throw new RangeError(`${day.date} is listed both as a holiday and as a working day`);
      if (seen !== undefined) continue;
      this.overrides.set(n, day.kind);
      const weekend = isWeekendDay(n);
      if (day.kind === 'holiday' && !weekend) this.flips.push({ n, delta: -1 });
      if (day.kind === 'workday' && weekend) this.flips.push({ n, delta: 1 });
    }
    this.flips.sort((a, b) => a.n - b.n);
    this.years = new Set(knownYears);
  }

  private working(n: number): boolean {
    const kind = this.overrides.get(n);
    if (kind !== undefined) return kind === 'workday';
    return !isWeekendDay(n);
  }

  isWorkingDay(date: string): boolean {
    return this.working(dayNumber(date));
  }

  /** The n-th working day strictly after `date` (n ≥ 1). */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`working days must be a positive integer, got ${n}`);
    let day = dayNumber(date);
    let counted = 0;
    for (let step = 0; step < MAX_STEPS; step++) {
      day++;
      if (this.working(day) && ++counted === n) return formatDay(day);
    }
    throw new RangeError(`no ${n}th working day within ${MAX_STEPS} days after ${date}`);
  }

  /** Working days d with fromExclusive < d ≤ toInclusive; 0 when toInclusive ≤ fromExclusive. */
  workingDaysBetween(fromExclusive: string, toInclusive: string): number {
    const a = dayNumber(fromExclusive);
    const b = dayNumber(toInclusive);
    if (b <= a) return 0;
    let count = weekdaysInRange(a, b);
    // Binary search for the first flip after a, then walk the (few) flips up to b.
    let lo = 0;
    let hi = this.flips.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.flips[mid].n <= a) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.flips.length && this.flips[i].n <= b; i++) count += this.flips[i].delta;
    return count;
  }

  /** Whether an arrangement for that year is loaded. */
  coversYear(year: number): boolean {
    return this.years.has(year);
  }
}

/** The calendar date in Asia/Shanghai (UTC+8, no DST) of an instant, YYYY-MM-DD. */
export function shanghaiDate(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date');
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The date and minute in Asia/Shanghai (Beijing time) of an instant, 'YYYY-MM-DD HH:mm', for messages to people. */
export function shanghaiDateTime(instant: Date): string {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new RangeError('invalid Date');
  return new Date(t + SHANGHAI_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** 23:59:59.999 at +08:00 of that date, as an instant. */
export function endOfShanghaiDay(date: string): Date {
  return new Date((dayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1);
}

export interface ReplyDeadline {
  dueDate: string;
  dueAt: Date;
}

/** Due at the end of the n-th working day after the (Shanghai) day of submission; the submission day never counts. */
export function replyDeadline(submittedAt: Date, workingDays: number, calendar: WorkingDayCalendar): ReplyDeadline {
  const dueDate = calendar.addWorkingDays(shanghaiDate(submittedAt), workingDays);
  return { dueDate, dueAt: endOfShanghaiDay(dueDate) };
}

/** Working days elapsed after the due date up to and including today (Shanghai); 0 when not past due (now ≤ dueAt). */
export function overdueWorkingDays(dueDate: string, now: Date, calendar: WorkingDayCalendar): number {
  if (now.getTime() <= endOfShanghaiDay(dueDate).getTime()) return 0;
  return calendar.workingDaysBetween(dueDate, shanghaiDate(now));
}

/**
 * Whether a deadline counted from the (Shanghai) day of `startedAt` to `dueDate` is provisional: the
 * due date, or any day counted to reach it (the days after the start's day), lies in a year the
 * calendar has no holiday arrangement for, so it was counted Monday to Friday and may move when
 * that year is entered. False without a deadline.
 */
export function deadlineIsProvisional(startedAt: string | Date | null, dueDate: string | null, calendar: WorkingDayCalendar): boolean {
  if (startedAt === null || dueDate === null) return false;
  const first = dayNumber(shanghaiDate(new Date(startedAt))) + 1;
  const last = dayNumber(dueDate);
  const firstYear = new Date(Math.min(first, last) * DAY_MS).getUTCFullYear();
  const lastYear = new Date(last * DAY_MS).getUTCFullYear();
  for (let year = firstYear; year <= lastYear; year++) if (!calendar.coversYear(year)) return true;
  return false;
}

export interface CalendarWarning {
  code: 'calendar_year_missing' | 'calendar_next_year_missing';
  year: number;
  /** Chinese, with an English gloss in parentheses */
  message: string;
}

/** The State Council publishes next year's arrangement in October or November: from November 1 on, its absence is worth a warning. */
const NEXT_YEAR_WARNING_MONTH = 11;

/**
 * What the bureau must be told about the calendar on `today` (a Shanghai date): the current year
 * has no arrangement; or, from November 1, next year has none yet — deadlines reaching into it
 * count New Year's Day and the Spring Festival as working days until it is entered.
 */
export function calendarWarnings(today: string, calendar: WorkingDayCalendar): CalendarWarning[] {
  dayNumber(today);
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const warnings: CalendarWarning[] = [];
  if (!calendar.coversYear(year)) {
    warnings.push({
      code: 'calendar_year_missing',
      year,
      message: `工作日历缺少 ${year} 年的节假日安排：期限暂按周一至周五计算，请依国务院办公厅通知录入 (the working-day calendar has no ${year} holiday arrangement: deadlines are counted Monday to Friday and are provisional; enter it from the State Council notice)`,
    });
  }
  if (month >= NEXT_YEAR_WARNING_MONTH && !calendar.coversYear(year + 1)) {
    warnings.push({
      code: 'calendar_next_year_missing',
      year: year + 1,
      message: `工作日历尚未录入 ${year + 1} 年的节假日安排：跨入 ${year + 1} 年的期限暂按周一至周五计算（元旦、春节按工作日计），请在通知发布后录入 (the ${year + 1} holiday arrangement is not entered yet: deadlines reaching into ${year + 1} count New Year's Day and the Spring Festival as working days and are provisional; enter it once the State Council publishes it)`,
    });
  }
  return warnings;
}

export interface ArrangementInput {
  holidays: Array<{ name: string; start: string; end: string }>;
  workdays: Array<{ name: string; date: string }>;
}

export interface ArrangementError {
  /** JSON pointer into the input, e.g. '/holidays/0/end' */
  path: string;
  /** Chinese, with an English gloss in parentheses */
  message: string;
}

/** A holiday break may not run longer than this many days (春节, the longest, is 8 or 9 days in 2024–2026). */
const MAX_BREAK_DAYS = 15;

/**
 * Expands a year's arrangement as a bureau enters it from the notice (holiday ranges, adjusted
 * workdays) into days, or lists every error: invalid calendar date (e.g. 2026-02-30), a date outside
 * `year`, start after end, an adjusted workday that is not a Saturday or Sunday, a date that is both
 * holiday and workday, overlapping holiday ranges, a range longer than 15 days. When there is any
 * error, `days` is empty.
 */
export function expandArrangement(year: number, input: ArrangementInput): { days: CalendarDay[]; errors: ArrangementError[] } {
  const errors: ArrangementError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });

  /** The day number of a date field, reporting why it is unusable. */
  const dateField = (path: string, value: unknown): number | null => {
    if (typeof value !== 'string' || !DATE_RE.test(value)) {
      err(path, `日期格式应为 YYYY-MM-DD (date must be written YYYY-MM-DD): ${String(value)}`);
      return null;
    }
    const n = dayNumberOrNull(value);
    if (n === null) {
      err(path, `${value} 不是有效的日历日期 (not a valid calendar date)`);
      return null;
    }
    if (+value.slice(0, 4) !== year) {
      err(path, `${value} 不在 ${year} 年内 (date is outside the year ${year})`);
      return null;
    }
    return n;
  };
  const nameField = (path: string, value: unknown): string | null => {
    if (typeof value !== 'string' || value.trim() === '') {
      err(path, '名称不能为空 (name is required)');
      return null;
    }
    return value.trim();
  };

  const holidays = Array.isArray(input?.holidays) ? input.holidays : null;
  const workdays = Array.isArray(input?.workdays) ? input.workdays : null;
  if (!holidays) err('/holidays', '放假安排应为数组 (holidays must be an array)');
  if (!workdays) err('/workdays', '调休上班日应为数组 (workdays must be an array)');

  const ranges: Array<{ index: number; name: string; first: number; last: number }> = [];
  (holidays ?? []).forEach((h, i) => {
    const name = nameField(`/holidays/${i}/name`, h?.name);
    const first = dateField(`/holidays/${i}/start`, h?.start);
    const last = dateField(`/holidays/${i}/end`, h?.end);
    if (first === null || last === null) return;
    if (first > last) {
      err(`/holidays/${i}/end`, `结束日期 ${h.end} 早于开始日期 ${h.start} (end is before start)`);
      return;
    }
    if (last - first + 1 > MAX_BREAK_DAYS) {
      err(
        `/holidays/${i}/end`,
        `放假区间共 ${last - first + 1} 天，超过 ${MAX_BREAK_DAYS} 天 (range is longer than ${MAX_BREAK_DAYS} days)`,
      );
      return;
    }
    for (const other of ranges) {
      if (first <= other.last && other.first <= last) {
        err(`/holidays/${i}`, `与 /holidays/${other.index} 的放假区间重叠 (overlaps the holiday range /holidays/${other.index})`);
      }
    }
    ranges.push({ index: i, name: name ?? '', first, last });
  });

  const workSeen = new Map<number, number>();
  const work: Array<{ name: string; n: number }> = [];
  (workdays ?? []).forEach((w, j) => {
    const name = nameField(`/workdays/${j}/name`, w?.name);
    const n = dateField(`/workdays/${j}/date`, w?.date);
    if (n === null) return;
    if (!isWeekendDay(n)) {
      err(`/workdays/${j}/date`, `调休上班日 ${w.date} 不是周六或周日 (an adjusted workday must be a Saturday or Sunday)`);
    }
    const holiday = ranges.find((r) => r.first <= n && n <= r.last);
    if (holiday) {
      err(
        `/workdays/${j}/date`,
        `${w.date} 同时在 /holidays/${holiday.index} 的放假区间内 (date is both a holiday and an adjusted workday)`,
      );
    }
    const previous = workSeen.get(n);
    if (previous !== undefined) {
      err(`/workdays/${j}/date`, `${w.date} 与 /workdays/${previous} 重复 (duplicate adjusted workday)`);
    } else {
      workSeen.set(n, j);
    }
    if (name !== null) work.push({ name, n });
  });

  if (errors.length > 0) return { days: [], errors };
  const days: Array<{ n: number; day: CalendarDay }> = [];
  for (const r of ranges) {
    for (let n = r.first; n <= r.last; n++) days.push({ n, day: { date: formatDay(n), kind: 'holiday', name: r.name } });
  }
  for (const w of work) days.push({ n: w.n, day: { date: formatDay(w.n), kind: 'workday', name: w.name } });
  days.sort((a, b) => a.n - b.n);
  return { days: days.map((d) => d.day), errors };
}
