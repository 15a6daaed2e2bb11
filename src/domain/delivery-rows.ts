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
const DATE = /^\d{4}-\d{2}-\d{2}$/;
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

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The value as stored, or a reason it does not fit the item: dates as YYYY-MM-DD, date-times as
 * ISO 8601 instants (a space between date and time is taken, as spreadsheets write it), logical
 * values as true/false, numbers as written. Empty means no value.
 */
export function normalizeValue(raw: string, item: DeliveryItem): { value: string | null } | { reason: string } {
  const value = raw.trim();
  if (value === '') return { value: null };
  const chars = [...value].length;
  switch (item.dataType) {
    case 'I':
      return DIGITS.test(value) && Number.isSafeInteger(Number(value)) ? { value } : { reason: '须为整数 (must be an integer)' };
    case 'N':
    case 'Y':
    case 'B':
    case 'F':
      if (!DECIMAL.test(value) || !Number.isFinite(Number(value))) return { reason: '须为数值 (must be a number)' };
      if (item.dataType === 'Y' && /\.\d{3,}$/.test(value)) return { reason: '货币最多两位小数 (money has at most two decimals)' };
      break;
    case 'D':
      return realDate(value) ? { value } : { reason: '须为日期 YYYY-MM-DD (must be a date)' };
    case 'T': {
      const iso = value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
      const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}+08:00`;
      return isAcceptedInstant(withZone)
        ? { value: new Date(withZone).toISOString() }
        : { reason: '须为日期时间，如 2026-03-02 09:00:00 (must be a date-time)' };
    }
    case 'L': {
      const truth = TRUTHS.get(value.toLowerCase());
      return truth === undefined ? { reason: '须为逻辑值 是/否 (must be true or false)' } : { value: String(truth) };
    }
    default:
      break;
  }
  if (item.length && chars > item.length) return { reason: `长度 ${chars} 超过 ${item.length} (longer than the item's length)` };
  return { value };
}

/** A checked row: its values by item index, whether it marks a deletion, or why it is rejected. */
export type CheckedRow = { values: Array<string | null>; deleted: boolean } | { problems: FieldError[] };

/** Checks one row (its cells in the header's order) against the items; `line` is the file's line or record number. */
export function checkRow(cells: string[], plan: HeaderPlan, items: DeliveryItem[], line: number): CheckedRow {
  const problems: FieldError[] = [];
  if (cells.length !== plan.columns.length) {
    return {
      problems: [
        {
          path: `/rows/${line}`,
          code: 'column_count',
          message: `第 ${line} 行有 ${cells.length} 列，表头有 ${plan.columns.length} 列 (the row has a different number of columns)`,
        },
      ],
    };
  }
  const values: Array<string | null> = items.map(() => null);
  let deleted = false;
  cells.forEach((cell, position) => {
    const index = plan.columns[position];
    if (index === -1) {
      deleted = TRUTHS.get(cell.trim().toLowerCase()) === true;
      return;
    }
    const item = items[index];
    const checked = normalizeValue(cell, item);
    if ('reason' in checked)
      problems.push({
        path: `/rows/${line}/${item.name}`,
        code: 'invalid_value',
        message: `第 ${line} 行“${item.name}”：${checked.reason}`,
      });
    else values[index] = checked.value;
  });
  items.forEach((item, i) => {
    // A deletion needs only its key.
    if (values[i] === null && (item.key || (item.required && !deleted)) && !problems.some((p) => p.path === `/rows/${line}/${item.name}`)) {
      problems.push({
        path: `/rows/${line}/${item.name}`,
        code: 'value_required',
        message: `第 ${line} 行“${item.name}”不能为空 (a value is required)`,
      });
    }
  });
  return problems.length > 0 ? { problems } : { values, deleted };
}

/** The key of a row: its key items' values (all of them, when the entry declares no key item). */
export function rowKey(values: Array<string | null>, items: DeliveryItem[]): string {
  const keyed = items.some((i) => i.key);
  return JSON.stringify(values.filter((_, i) => !keyed || items[i].key));
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
