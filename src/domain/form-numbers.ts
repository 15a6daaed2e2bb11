// Numbers a clerk can read and file by, and the dates printed on forms (issue 18, ADR 0037).
// Every sharing request gets 'RJ-SQ-2026-000123' (申请, SQ) and every achievement registration
// 'RJ-DJ-2026-000045' (登记, DJ): the year of creation in Beijing time and a counter of that year,
// six digits (a seventh appears only after 999,999 in one year). The counter is handed out in the
// creating transaction (src/db/form-counters.ts).
// Forms show Beijing time: dates as 2026年3月2日, times as 2026年3月2日 09:05. Beijing has had no
// daylight saving since 1991, so Beijing time is UTC+8 throughout.

export type NumberSeries = 'SQ' | 'DJ';

/** 数据共享申请 (sharing request) and 成果登记 (achievement registration). */
export const NUMBER_SERIES: Record<'sharingRequest' | 'registration', NumberSeries> = { sharingRequest: 'SQ', registration: 'DJ' };

const PREFIX = 'RJ';
const BEIJING_OFFSET_MS = 8 * 3600_000;
const NUMBER_PATTERN = /^RJ-(SQ|DJ)-(\d{4})-(\d{6,})$/;

/** 'RJ-SQ-2026-000123' of the series, year and the year's counter (from 1). */
export function formatNumber(series: NumberSeries, year: number, seq: number): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(seq) || seq < 1) throw new RangeError(`counter out of range: ${seq}`);
  return `${PREFIX}-${series}-${year}-${String(seq).padStart(6, '0')}`;
}

/** The parts of a number, or null when the text is not one. */
export function parseNumber(text: string): { series: NumberSeries; year: number; seq: number } | null {
  const m = NUMBER_PATTERN.exec(text.trim());
  if (!m) return null;
  const seq = Number(m[3]);
  if (seq < 1 || !Number.isSafeInteger(seq)) return null;
  return { series: m[1] as NumberSeries, year: Number(m[2]), seq };
}

/** The instant as a Date whose UTC fields read Beijing wall-clock time. */
function beijingFields(instant: Date | string): Date {
  const t = new Date(instant).getTime();
  if (!Number.isFinite(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(t + BEIJING_OFFSET_MS);
}

/** The year in Beijing time of an instant (a request created at 2026-12-31T17:00Z belongs to 2027). */
export function beijingYear(instant: Date | string): number {
  return beijingFields(instant).getUTCFullYear();
}

/** '2026-03-02' → '2026年3月2日'; text that is not a date is returned trimmed, as given. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate.trim());
  if (!m) return isoDate.trim();
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}

/** An instant as its Beijing date in Chinese: 2026年3月2日. */
export function chineseDateOf(instant: Date | string): string {
  return chineseDate(beijingFields(instant).toISOString().slice(0, 10));
}

/** An instant as Beijing date and minute: 2026年3月2日 09:05. */
export function chineseDateTimeOf(instant: Date | string): string {
  const b = beijingFields(instant).toISOString();
  return `${chineseDate(b.slice(0, 10))} ${b.slice(11, 16)}`;
}

/**
 * An instant as the value of a spreadsheet date cell showing Beijing time. A spreadsheet has no
 * time zones: a cell holds a wall-clock day serial, and exceljs writes a Date's UTC fields, so the
 * Date handed to it carries the Beijing wall-clock time in its UTC fields.
 */
export function beijingCellDate(instant: Date | string): Date {
  return beijingFields(instant);
}

/** A calendar date 'YYYY-MM-DD' as the value of a spreadsheet date cell (midnight of that day); null when it is not one. */
export function cellDateOf(isoDate: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate.trim());
  if (!m) return null;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCDate() === Number(m[3]) ? d : null;
}

/** The number formats of date cells on forms and exports. */
export const CELL_DATE_FORMAT = 'yyyy"年"m"月"d"日"';
export const CELL_DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm';

/**
 * 附件1's 数据总量 when the department leaves it to the service: the project's published entries and
 * their records. An entry without a registered record count is not counted as 0 records (the form
 * once printed 共约 0 条记录 for a project none of whose entries gave a count): the text says how many
 * were left uncounted, or that no count was registered at all.
 */
export function dataVolumeText(records: Array<number | null | undefined>): string {
  const n = records.length;
  if (n === 0) return '无已发布的信息资源';
  const known = records.filter((r): r is number => typeof r === 'number' && Number.isFinite(r));
  const sum = known.reduce((a, b) => a + b, 0).toLocaleString('en-US');
  if (known.length === 0) return `${n} 个信息资源（未登记记录数）`;
  if (known.length < n) return `${n} 个信息资源，其中 ${known.length} 个共约 ${sum} 条记录（另 ${n - known.length} 个未登记记录数）`;
  return `${n} 个信息资源，共约 ${sum} 条记录`;
}
