// The audit trail's time range as people choose it: whole days in Beijing time, whatever the
// browser's time zone. A range of days [first, last] is the instants [first 00:00, the day after
// last 00:00) Beijing time — occurredFrom inclusive, occurredTo exclusive, as listAuditEvents takes them.
import dayjs, { type Dayjs } from 'dayjs';
import { beijingToday } from '../../format';

const BEIJING_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** 00:00 Beijing time of a calendar day, as an instant the API takes. */
function beijingMidnight(day: Dayjs): string {
  return `${day.format('YYYY-MM-DD')}T00:00:00+08:00`;
}

/** The Beijing calendar day an instant falls on. */
function beijingDayOf(ms: number): Dayjs | null {
  return Number.isFinite(ms) ? dayjs(BEIJING_DAY.format(new Date(ms))) : null;
}

export interface TimeRange {
  occurredFrom?: string;
  occurredTo?: string;
}

/** The instants of a range of days, either end open. */
export function rangeOfDays(days: [Dayjs | null, Dayjs | null] | null | undefined): TimeRange {
  const [first, last] = days ?? [null, null];
  return {
    ...(first ? { occurredFrom: beijingMidnight(first) } : {}),
    ...(last ? { occurredTo: beijingMidnight(last.add(1, 'day')) } : {}),
  };
}

/** The days a range of instants covers, for the picker: the last is the day before occurredTo's instant ends it. */
export function daysOfRange(range: TimeRange): [Dayjs | null, Dayjs | null] | null {
  if (!range.occurredFrom && !range.occurredTo) return null;
  return [
    range.occurredFrom ? beijingDayOf(Date.parse(range.occurredFrom)) : null,
    range.occurredTo ? beijingDayOf(Date.parse(range.occurredTo) - 1) : null,
  ];
}

/** The picker's quick choices, counted from today in Beijing; weeks start on Monday. */
export function rangePresets(): Array<{ label: string; value: [Dayjs, Dayjs] }> {
  const today = dayjs(beijingToday());
  const monday = today.subtract((today.day() + 6) % 7, 'day');
  const firstOfMonth = today.startOf('month');
  return [
    { label: '今天', value: [today, today] },
    { label: '最近 7 天', value: [today.subtract(6, 'day'), today] },
    { label: '本周', value: [monday, today] },
    { label: '上周', value: [monday.subtract(7, 'day'), monday.subtract(1, 'day')] },
    { label: '本月', value: [firstOfMonth, today] },
    { label: '上月', value: [firstOfMonth.subtract(1, 'month'), firstOfMonth.subtract(1, 'day')] },
  ];
}
