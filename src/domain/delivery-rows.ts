import { FieldError } from '../errors';
import { isAcceptedInstant } from './instants';
import { normalizeItemName } from './text';

// The rows of a batch delivery (数据批量交换), checked against the entry's data items: the header
// names items of the entry, every required item is there, and each value fits its item's national
// type code and length. Pure: the intake streams rows through these checks.

export interface DeliveryItem {
  name: string;
  dataType: string;
  length?: number | null;
  /** A value must be given (the key items always). */
  required?: boolean;
  /** Identifies a row: an increment upserts and deletes rows by their key items. */
  key?: boolean;
  /** The query API's role of the item: rows are looked up by their 'input' items (src/domain/exchange-lookup.ts). */
  queryRole?: string | null;
}

/** The column an increment marks a row to delete with (值 1/true/是/Y). */
export const DELETE_COLUMN = '_delete';

/** Where each column of the header goes: an item's index, the delete mark, or nothing (refused). */
export interface HeaderPlan {
  /** For each column of the file, the index of its item, or -1 for the delete column. */
  columns: number[];
  hasDeleteColumn: boolean;
}

/**
 * Maps a header to the entry's items (names compared as the catalog compares them: case, width and
 * invisible characters aside). Refuses unknown and repeated columns, and a header that lacks a
 * required or key item; a delete column only in an increment.
 */
export function planHeader(
  header: string[],
  items: DeliveryItem[],
  increment: boolean,
): { plan: HeaderPlan | null; problems: FieldError[] } {
  const byName = new Map(items.map((item, i) => [normalizeItemName(item.name), i]));
  const problems: FieldError[] = [];
  const columns: number[] = [];
  const seen = new Set<number>();
  let hasDeleteColumn = false;
  header.forEach((raw, position) => {
    const name = raw.trim();
    if (name === DELETE_COLUMN) {
      if (!increment)
        problems.push({
          path: `/header/${position}`,
          code: 'delete_in_full',
          message: `全量交付不能含“${DELETE_COLUMN}”列 (a full delivery has no delete column)`,
        });
      hasDeleteColumn = true;
      columns.push(-1);
      return;
    }
    const index = byName.get(normalizeItemName(name));
    if (index === undefined) {
      problems.push({
        path: `/header/${position}`,
        code: 'unknown_column',
        message: `第 ${position + 1} 列“${name}”不是该目录的信息项 (not an item of the entry)`,
      });
    } else if (seen.has(index)) {
      problems.push({
        path: `/header/${position}`,
        code: 'repeated_column',
        message: `信息项“${items[index].name}”重复出现 (the item appears twice)`,
      });
    } else {
      seen.add(index);
    }
    columns.push(index ?? -2);
  });
  items.forEach((item, i) => {
    if ((item.required || item.key) && !seen.has(i)) {
      problems.push({
        path: '/header',
        code: 'missing_column',
        message: `缺少${item.key ? '主键' : '必填'}信息项“${item.name}” (a ${item.key ? 'key' : 'required'} item is missing)`,
      });
    }
  });
  return problems.length > 0 ? { plan: null, problems } : { plan: { columns, hasDeleteColumn }, problems };
}

const DIGITS = /^-?\d+$/;
const DECIMAL = /^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const TRUTHS = new Map([
  ['1', true],
  ['true', true],
  ['t', true],
  ['y', true],
  ['yes', true],
  ['是', true],
  ['0', false],
  ['false', false],
  ['f', false],
  ['n', false],
  ['no', false],
  ['否', false],
]);

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of `count` decimal digits at `at`, or -1 if one of them is not a digit. */
function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Year, month and day of a YYYY-MM-DD date that exists (not 1990-02-30), or null. */
function dateParts(value: string): [number, number, number] | null {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null;
  const y = digitsAt(value, 0, 4);
  const m = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  // Years before 100 were refused by the Date-based check this replaces (Date.UTC reads them as 19xx).
  if (y < 100 || m < 1 || m > 12 || d < 1) return null;
  const last = m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1];
  return d <= last ? [y, m, d] : null;
}

function realDate(value: string): boolean {
  return value.length === 10 && dateParts(value) !== null;
}

const DATE_TIME_REASON = '须为日期时间，如 2026-03-02 09:00:00 (must be a date-time)';

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/**
 * A date-time as a spreadsheet writes it, YYYY-MM-DD HH:MM:SS (or with a T) and no zone, read as
 * Beijing time: the ISO instant (what `new Date(…+08:00).toISOString()` gives, computed without a
 * Date: this runs for every such cell of a delivery), null for an instant before 1970, or
 * undefined for any other form (read by the general rule).
 */
function plainBeijingDateTime(value: string): string | null | undefined {
  if (value.length !== 19) return undefined;
  const sep = value.charCodeAt(10);
  if ((sep !== 32 && sep !== 84) || value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return undefined;
  const date = dateParts(value);
  const h = digitsAt(value, 11, 2);
  const mi = digitsAt(value, 14, 2);
  const s = digitsAt(value, 17, 2);
  if (!date || date[0] < 1970 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return undefined;
  let [y, m, d] = date;
  let hour = h - 8;
  if (hour < 0) {
    // Before 08:00 in Beijing is the day before in UTC.
    hour += 24;
    d -= 1;
    if (d === 0) {
      m -= 1;
      if (m === 0) {
        m = 12;
        y -= 1;
        if (y < 1970) return null;
      }
      d = m === 2 && isLeapYear(y) ? 29 : DAYS_IN_MONTH[m - 1];
    }
  }
  const year = y === date[0] ? value.slice(0, 4) : String(y).padStart(4, '0');
  return `${year}-${TWO_DIGITS[m]}-${TWO_DIGITS[d]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[mi]}:${TWO_DIGITS[s]}.000Z`;
}

/** The length of a text in characters (code points), as an item's length counts it. */
function charCount(value: string): number {
  let surrogates = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        surrogates += 1;
        i += 1;
      }
    }
  }
  return value.length - surrogates;
}

/** Why a value does not fit its item. */
class Unfit {
  constructor(readonly reason: string) {}
}

/** The value as stored (null: no value), or why it does not fit: normalizeValue without the wrapping, for the per-cell loop. */
function fitValue(raw: string, item: DeliveryItem): string | null | Unfit {
  const value = raw.trim();
  if (value === '') return null;
  switch (item.dataType) {
    case 'I':
      return DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? value : new Unfit('须为整数 (must be an integer)');
    case 'N':
    case 'Y':
    case 'B':
    case 'F':
      if (!DECIMAL.test(value) || !Number.isFinite(Number(value))) return new Unfit('须为数值 (must be a number)');
      if (item.dataType === 'Y' && /\.\d{3,}$/.test(value)) return new Unfit('货币最多两位小数 (money has at most two decimals)');
      break;
    case 'D':
      return realDate(value) ? value : new Unfit('须为日期 YYYY-MM-DD (must be a date)');
    case 'T': {
      const plain = plainBeijingDateTime(value);
      if (plain !== undefined) return plain ?? new Unfit(DATE_TIME_REASON);
      const iso = value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
      const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}+08:00`;
      return isAcceptedInstant(withZone) ? new Date(withZone).toISOString() : new Unfit(DATE_TIME_REASON);
    }
    case 'L': {
      const truth = TRUTHS.get(value.toLowerCase());
      return truth === undefined ? new Unfit('须为逻辑值 是/否 (must be true or false)') : String(truth);
    }
    default:
      break;
  }
  // A text is never longer in characters than in UTF-16 units: count only when it may be too long.
  if (item.length && value.length > item.length) {
    const chars = charCount(value);
    if (chars > item.length) return new Unfit(`长度 ${chars} 超过 ${item.length} (longer than the item's length)`);
  }
  return value;
}

/**
 * The value as stored, or a reason it does not fit the item: dates as YYYY-MM-DD, date-times as
 * ISO 8601 instants (a space between date and time is taken, as spreadsheets write it), logical
 * values as true/false, numbers as written. Empty means no value.
 */
export function normalizeValue(raw: string, item: DeliveryItem): { value: string | null } | { reason: string } {
  const fit = fitValue(raw, item);
  return fit instanceof Unfit ? { reason: fit.reason } : { value: fit };
}

/** A checked row: its values by item index, whether it marks a deletion, or why it is rejected. */
export type CheckedRow = { values: Array<string | null>; deleted: boolean } | { problems: FieldError[] };

/** Checks one row (its cells in the header's order) against the items; `line` is the file's line or record number. */
export function checkRow(cells: string[], plan: HeaderPlan, items: DeliveryItem[], line: number): CheckedRow {
  const columns = plan.columns;
  if (cells.length !== columns.length) {
    return {
      problems: [
        {
          path: `/rows/${line}`,
          code: 'column_count',
          message: `第 ${line} 行有 ${cells.length} 列，表头有 ${columns.length} 列 (the row has a different number of columns)`,
        },
      ],
    };
  }
  const values: Array<string | null> = new Array(items.length).fill(null);
  let problems: FieldError[] | null = null;
  let deleted = false;
  for (let position = 0; position < cells.length; position++) {
    const index = columns[position];
    if (index === -1) {
      deleted = TRUTHS.get(cells[position].trim().toLowerCase()) === true;
      continue;
    }
    const item = items[index];
    const fit = fitValue(cells[position], item);
    if (fit instanceof Unfit) {
      (problems ??= []).push({
        path: `/rows/${line}/${item.name}`,
        code: 'invalid_value',
        message: `第 ${line} 行“${item.name}”：${fit.reason}`,
      });
    } else {
      values[index] = fit;
    }
  }
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // A deletion needs only its key.
    if (values[i] !== null || !(item.key || (item.required && !deleted))) continue;
    const path = `/rows/${line}/${item.name}`;
    if (problems?.some((p) => p.path === path)) continue;
    (problems ??= []).push({ path, code: 'value_required', message: `第 ${line} 行“${item.name}”不能为空 (a value is required)` });
  }
  return problems ? { problems } : { values, deleted };
}

/** The key of a row: its key items' values (all of them, when the entry declares no key item). */
export function rowKey(values: Array<string | null>, items: DeliveryItem[]): string {
  return rowKeyOf(items)(values);
}

/** rowKey for one entry's items, worked out once for the rows of a delivery. */
export function rowKeyOf(items: DeliveryItem[]): (values: Array<string | null>) => string {
  const keyed = items.some((i) => i.key);
  const indexes = items.flatMap((item, i) => (!keyed || item.key ? [i] : []));
  if (indexes.length === 1) {
    const only = indexes[0];
    return (values) => JSON.stringify([values[only]]);
  }
  return (values) => JSON.stringify(indexes.map((i) => values[i]));
}

/**
 * A cell as a spreadsheet may open it: text starting with = + - @ (or a tab or carriage return) is
 * a formula to Excel and WPS; a leading apostrophe keeps it text (OWASP, CSV injection).
 */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * The character set of a file from its first bytes: UTF-8 (with or without a byte-order mark) when
 * they decode as UTF-8, else GB18030, which is what Excel and WPS write as "CSV" on a Chinese
 * Windows and which includes GBK. `sample` may end inside a character.
 */
export function sniffEncoding(sample: Buffer): 'utf-8' | 'gb18030' {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // Drop a UTF-8 sequence cut off at the end of the sample before deciding.
  let end = sample.length;
  for (let i = Math.max(0, end - 3); i < end; i++) {
    const b = sample[i];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    if (need > 1 && i + need > end) {
      end = i;
      break;
    }
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}
