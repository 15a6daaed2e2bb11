import { consistencyErrors, DataItemFields, EntryTerms, ProvisionModeFields } from './resource-rules';
import { spreadsheetCellText } from './spreadsheet-cells';
import { hasLoneSurrogate, isPlainName, normalizeItemName } from './text';
import { dataTypes, openTypes, provisionModes, queryRoles, resourceFormats, sharingTypes, Term, updateCycles } from './vocabularies';

// The catalog workbook (目录导入模板 and the catalog's .xlsx export, docs/resources.md "Excel 导入与导出"):
// which sheets and columns it has, what each column's drop-down offers, and how a filled workbook
// is read back into draft entries with every problem named by sheet, row and column. Pure: the
// module reads the .xlsx into rows of cell values (as exceljs gives them) and hands them here.
//
// One sheet of entries (目录), one of items (信息项) tied to their entry by the row key (条目编号),
// headings in row 1, an optional notes row (its first cell starts with 【填写说明】) under them,
// data below. Columns are found by their heading, so their order does not matter and the export's
// read-only columns (资源代码, 提供方, 状态 …) are skipped when the export is imported back.

export const ENTRY_SHEET = '目录';
export const ITEM_SHEET = '信息项';
export const NOTES_SHEET = '填写说明';
export const LISTS_SHEET = '选项';
/** The first cell of a notes row starts with this; such a row is never data. */
export const NOTES_MARK = '【填写说明】';

/** At most this many entries (and items) in one import (docs/resources.md). */
export const MAX_IMPORT_ENTRIES = 2000;
export const MAX_IMPORT_ITEMS = 50_000;
/** Items of one entry, as the contract allows (ResourceFields.items maxItems). */
export const MAX_ITEMS_PER_ENTRY = 500;
const MAX_SAFE = 9007199254740991;
const YES = '是';
const NO = '否';

export type ChoiceList =
  'category' | 'format' | 'sharingType' | 'openType' | 'updateCycle' | 'provisionMode' | 'dataType' | 'queryRole' | 'flag';

/** One option of a drop-down: the stored code and the text the cell shows. */
export interface Choice {
  code: string;
  text: string;
}

export type WorkbookChoices = Record<ChoiceList, Choice[]>;

type Kind = 'text' | 'name' | 'choice' | 'choices' | 'integer' | 'flag' | 'codes';

export interface Column {
  key: string;
  heading: string;
  kind: Kind;
  list?: ChoiceList;
  required?: boolean;
  maxLength?: number;
  min?: number;
  max?: number;
  /** Shown in the export only; skipped on import. */
  readOnly?: boolean;
  /** What the notes row says of the column. */
  note: string;
  width: number;
}

// maxLength, min and max as the contract's ResourceFields and DataItem say (test/unit/catalog-workbook.test.ts checks).
export const ENTRY_COLUMNS: Column[] = [
  {
    key: 'rowKey',
    heading: '条目编号',
    kind: 'text',
    required: true,
    maxLength: 50,
    width: 10,
    note: '必填；本表内不重复，信息项表以此关联',
  },
  { key: 'name', heading: '资源名称', kind: 'name', required: true, maxLength: 200, width: 28, note: '必填；本文件内不重复' },
  { key: 'code', heading: '资源代码', kind: 'text', readOnly: true, width: 14, note: '导出时填写，导入时忽略' },
  { key: 'departmentName', heading: '提供方', kind: 'text', readOnly: true, width: 20, note: '导出时填写，导入时忽略' },
  { key: 'categoryCode', heading: '资源分类', kind: 'choice', list: 'category', required: true, width: 22, note: '必填；从下拉列表选择' },
  { key: 'summary', heading: '资源摘要', kind: 'text', maxLength: 2000, width: 36, note: '提交审核前须填写' },
  { key: 'format', heading: '资源格式', kind: 'choice', list: 'format', width: 14, note: '从下拉列表选择' },
  { key: 'formatDetail', heading: '格式说明', kind: 'text', maxLength: 100, width: 14, note: '如 OFD、xlsx、PostgreSQL' },
  { key: 'sharingType', heading: '共享类型', kind: 'choice', list: 'sharingType', width: 14, note: '从下拉列表选择' },
  { key: 'sharingConditions', heading: '共享条件', kind: 'text', maxLength: 2000, width: 24, note: '有条件共享时必填' },
  { key: 'sharingBasis', heading: '不予共享依据', kind: 'text', maxLength: 2000, width: 24, note: '不予共享时必填' },
  { key: 'openType', heading: '开放类型', kind: 'choice', list: 'openType', width: 14, note: '从下拉列表选择' },
  { key: 'openConditions', heading: '开放条件', kind: 'text', maxLength: 2000, width: 24, note: '有条件开放时须填写' },
  { key: 'updateCycle', heading: '更新周期', kind: 'choice', list: 'updateCycle', width: 12, note: '从下拉列表选择' },
  { key: 'scopeOfUse', heading: '使用范围', kind: 'text', maxLength: 2000, width: 24, note: '提交审核前须填写' },
  {
    key: 'provisionModes',
    heading: '提供方式',
    kind: 'choices',
    list: 'provisionMode',
    width: 24,
    note: '从下拉列表选择；多种方式以“、”分隔',
  },
  { key: 'certificateName', heading: '证照名称', kind: 'name', maxLength: 200, width: 18, note: '提供方式含电子证照/可信文件时必填' },
  { key: 'otherModeDescription', heading: '其他提供方式说明', kind: 'text', maxLength: 1000, width: 20, note: '提供方式含其他时必填' },
  { key: 'records', heading: '数据量（条）', kind: 'integer', min: 0, max: MAX_SAFE, width: 14, note: '非负整数' },
  { key: 'bytes', heading: '数据量（字节）', kind: 'integer', min: 0, max: MAX_SAFE, width: 14, note: '非负整数' },
  {
    key: 'relatedResourceCodes',
    heading: '关联资源代码',
    kind: 'codes',
    width: 20,
    note: '已发布目录的资源代码，如 301/000001；多个以“、”分隔',
  },
  { key: 'projectName', heading: '所属项目', kind: 'text', readOnly: true, width: 20, note: '导出时填写，导入时忽略' },
  { key: 'status', heading: '状态', kind: 'text', readOnly: true, width: 10, note: '导出时填写，导入时忽略' },
  { key: 'publishedAt', heading: '发布日期', kind: 'text', readOnly: true, width: 12, note: '导出时填写（北京时间），导入时忽略' },
  { key: 'updatedAt', heading: '更新时间', kind: 'text', readOnly: true, width: 18, note: '导出时填写（北京时间），导入时忽略' },
];

export const ITEM_COLUMNS: Column[] = [
  { key: 'entryKey', heading: '条目编号', kind: 'text', required: true, maxLength: 50, width: 10, note: '必填；目录表中的条目编号' },
  { key: 'entryName', heading: '资源名称', kind: 'text', readOnly: true, width: 24, note: '导出时填写，导入时忽略' },
  { key: 'name', heading: '信息项名称', kind: 'name', required: true, maxLength: 100, width: 20, note: '必填；同一目录内不重复' },
  { key: 'dataType', heading: '数据类型', kind: 'choice', list: 'dataType', required: true, width: 12, note: '必填；从下拉列表选择' },
  { key: 'length', heading: '数据长度', kind: 'integer', min: 1, max: 1_000_000, width: 10, note: '正整数' },
  { key: 'description', heading: '信息项说明', kind: 'text', maxLength: 500, width: 24, note: '' },
  { key: 'sensitive', heading: '是否敏感', kind: 'flag', list: 'flag', width: 10, note: '是/否，空为否' },
  { key: 'desensitizationRule', heading: '脱敏脱密规则', kind: 'text', maxLength: 500, width: 24, note: '敏感信息项提交审核前须填写' },
  { key: 'queryRole', heading: '查询接口角色', kind: 'choice', list: 'queryRole', width: 12, note: '信息查询接口的输入项或输出项' },
  { key: 'key', heading: '是否主键', kind: 'flag', list: 'flag', width: 10, note: '是/否，空为否' },
  { key: 'required', heading: '是否必填', kind: 'flag', list: 'flag', width: 10, note: '是/否，空为否' },
];

/** The editable columns (the template's), in order. */
export const editableColumns = (columns: Column[]): Column[] => columns.filter((c) => !c.readOnly);

const termChoices = (terms: Term[]): Choice[] => terms.map((t) => ({ code: t.code, text: t.label }));

/** Every drop-down of the workbook; the categories come from the caller (the bureau may maintain them). */
export function workbookChoices(categories: Array<{ code: string; label: string }>): WorkbookChoices {
  return {
    // Code and name: two categories may share a name (交通运输 is 206 and 309).
    category: categories.map((c) => ({ code: c.code, text: `${c.code} ${c.label}` })),
    format: termChoices(resourceFormats),
    sharingType: termChoices(sharingTypes),
    openType: termChoices(openTypes),
    updateCycle: termChoices(updateCycles),
    provisionMode: termChoices(provisionModes),
    dataType: termChoices(dataTypes),
    queryRole: termChoices(queryRoles),
    flag: [
      { code: 'true', text: YES },
      { code: 'false', text: NO },
    ],
  };
}

/** The text a cell shows for a code (the export); the code itself when the list does not hold it. */
export function choiceText(choices: Choice[], code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return choices.find((c) => c.code === code)?.text ?? code;
}

/** Column letters of a 1-based index: 1 → A, 27 → AA. */
export function columnLetter(index: number): string {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// ---- reading a filled workbook ------------------------------------------------------------------

/** A sheet as read: its name, and its non-empty rows with their row numbers and cell values (column A first). */
export interface SheetRows {
  name: string;
  rows: Array<{ number: number; values: unknown[] }>;
}

/** One problem of an import, where it is and what is wrong, in Chinese with an English gloss. */
export interface ImportProblem {
  sheet: string;
  row: number | null;
  column: string | null;
  cell: string | null;
  heading: string | null;
  code: string;
  message: string;
}

export interface ImportedItem extends DataItemFields {
  queryRole: 'input' | 'output' | null;
}

/** An entry as the import creates it: the body of a createResource call. */
export interface ImportedEntry {
  rowKey: string;
  row: number;
  body: EntryTerms & {
    formatDetail: string | null;
    provisionModes: ProvisionModeFields[];
    totalDataVolume: { records: number | null; bytes: number | null };
    relatedResourceCodes: string[];
    items: ImportedItem[];
  };
  /** Sheet row of each item, in order (to name an item's problem). */
  itemRows: number[];
}

export interface ParsedWorkbook {
  entries: ImportedEntry[];
  problems: ImportProblem[];
  /** Headings the import does not know, skipped. */
  ignoredHeadings: string[];
  itemCount: number;
}

/** The file is larger than an import takes: too many rows (the caller answers 422 with it). */
export class TooManyRowsError extends Error {
  constructor(
    readonly sheet: string,
    readonly max: number,
  ) {
    super(`${sheet} has more than ${max} rows`);
  }
}

const SEPARATORS = /[、,，;；\n]+/;
const RESOURCE_CODE = /^[1-3][0-9]{2}\/[0-9]{6}$/;

function cellText(value: unknown): string {
  return spreadsheetCellText(value, 'C').trim();
}

interface Located {
  sheet: string;
  row: number;
  index: number;
  heading: string;
}

/** A problem at a cell; `index` 0: the sheet has no such column, so the problem is the row's. */
function problemAt(at: Located, code: string, message: string): ImportProblem {
  if (at.index === 0) {
    return {
      sheet: at.sheet,
      row: at.row,
      column: null,
      cell: null,
      heading: at.heading,
      code,
      message: `${at.sheet}表第 ${at.row} 行“${at.heading}”：${message}`,
    };
  }
  const column = columnLetter(at.index);
  return {
    sheet: at.sheet,
    row: at.row,
    column,
    cell: `${column}${at.row}`,
    heading: at.heading,
    code,
    message: `${at.sheet}表 ${column}${at.row}“${at.heading}”：${message}`,
  };
}

function sheetProblem(sheet: string, row: number | null, code: string, message: string): ImportProblem {
  return { sheet, row, column: null, cell: null, heading: null, code, message: `${sheet}表${row ? `第 ${row} 行` : ''}：${message}` };
}

/** Finds a choice by the text shown, its code, or (categories) the name alone when only one has it. */
function findChoice(choices: Choice[], text: string): Choice | undefined {
  const plain = text.replace(/\s+/g, ' ');
  return (
    choices.find((c) => c.text === plain) ??
    choices.find((c) => c.code.toLowerCase() === plain.toLowerCase()) ??
    (() => {
      const byName = choices.filter((c) => c.text.split(' ').slice(1).join(' ') === plain);
      return byName.length === 1 ? byName[0] : undefined;
    })()
  );
}

type Value = string | number | boolean | string[] | null;

/** One cell read for its column: the value, or a problem. */
function readCell(column: Column, raw: unknown, at: Located, choices: WorkbookChoices): { value: Value } | { problem: ImportProblem } {
  if (raw instanceof Date && column.kind !== 'text') {
    return { problem: problemAt(at, 'wrong_type', '此列不应为日期 (a date is not expected here)') };
  }
  const text = cellText(raw);
  if (text === '') {
    if (column.required) return { problem: problemAt(at, 'required', '必填，不能为空 (required)') };
    return { value: null };
  }
  if (text.includes('\u0000') || hasLoneSurrogate(text)) {
    return { problem: problemAt(at, 'invalid_character', '含有不能保存的字符 (the text holds a character that cannot be stored)') };
  }
  if (column.maxLength !== undefined && [...text].length > column.maxLength) {
    return {
      problem: problemAt(
        at,
        'too_long',
        `不能超过 ${column.maxLength} 个字，现有 ${[...text].length} 个 (at most ${column.maxLength} characters)`,
      ),
    };
  }
  switch (column.kind) {
    case 'text':
      return { value: text };
    case 'name':
      return isPlainName(text)
        ? { value: text }
        : { problem: problemAt(at, 'invalid_name', '名称不能含控制字符、换行或只含不可见字符 (not a plain name)') };
    case 'choice': {
      const list = choices[column.list!];
      const found = findChoice(list, text);
      if (!found) {
        return {
          problem: problemAt(
            at,
            'unknown_choice',
            `“${text}”不是下拉列表中的选项，可选：${listed(list)} (not one of the drop-down's options)`,
          ),
        };
      }
      return { value: found.code };
    }
    case 'choices': {
      const list = choices[column.list!];
      const codes: string[] = [];
      for (const part of text.split(SEPARATORS).map((p) => p.trim())) {
        if (part === '') continue;
        const found = findChoice(list, part);
        if (!found) {
          return {
            problem: problemAt(
              at,
              'unknown_choice',
              `“${part}”不是下拉列表中的选项，可选：${listed(list)} (not one of the drop-down's options)`,
            ),
          };
        }
        if (codes.includes(found.code)) return { problem: problemAt(at, 'duplicate_choice', `“${part}”重复 (listed twice)`) };
        codes.push(found.code);
      }
      return { value: codes };
    }
    case 'flag': {
      if ([YES, 'Y', 'YES', 'TRUE', '1', '√'].includes(text.toUpperCase())) return { value: true };
      if ([NO, 'N', 'NO', 'FALSE', '0'].includes(text.toUpperCase())) return { value: false };
      return { problem: problemAt(at, 'unknown_choice', `“${text}”应为“是”或“否” (yes or no)`) };
    }
    case 'integer': {
      const n = typeof raw === 'number' ? raw : /^[+-]?\d+(\.0+)?$/.test(text.replace(/,/g, '')) ? Number(text.replace(/,/g, '')) : NaN;
      if (!Number.isInteger(n)) return { problem: problemAt(at, 'wrong_type', `“${text}”不是整数 (not a whole number)`) };
      if ((column.min !== undefined && n < column.min) || (column.max !== undefined && n > column.max)) {
        return { problem: problemAt(at, 'out_of_range', `应在 ${column.min} 到 ${column.max} 之间 (out of range)`) };
      }
      return { value: n };
    }
    case 'codes': {
      const codes = [...new Set(text.split(SEPARATORS).map((p) => p.trim()))].filter((p) => p !== '');
      const bad = codes.find((c) => !RESOURCE_CODE.test(c));
      if (bad) return { problem: problemAt(at, 'invalid_code', `“${bad}”不是资源代码，格式如 301/000001 (not a resource code)`) };
      if (codes.length > 50) return { problem: problemAt(at, 'too_many', '至多 50 个 (at most 50)') };
      return { value: codes };
    }
  }
}

function listed(list: Choice[]): string {
  const shown = list.slice(0, 12).map((c) => c.text);
  return `${shown.join('、')}${list.length > shown.length ? ` 等 ${list.length} 项` : ''}`;
}

interface ReadSheet {
  /** Column index (1-based) of each known heading's column. */
  at: Map<string, number>;
  rows: Array<{ number: number; cells: Map<string, unknown> }>;
}

/** Reads a sheet's headings and data rows; problems of its headings go to `problems`. */
function readSheet(sheet: SheetRows, columns: Column[], max: number, problems: ImportProblem[], ignored: string[]): ReadSheet {
  const [head, ...rest] = sheet.rows;
  const at = new Map<string, number>();
  if (!head || head.number !== 1) {
    problems.push(sheetProblem(sheet.name, 1, 'missing_headings', '第 1 行应为列标题 (row 1 must hold the headings)'));
    return { at, rows: [] };
  }
  head.values.forEach((v, i) => {
    const heading = cellText(v);
    if (heading === '') return;
    const column = columns.find((c) => c.heading === heading);
    if (!column) {
      ignored.push(`${sheet.name}!${columnLetter(i + 1)}1 ${heading}`);
      return;
    }
    if (at.has(column.key)) {
      problems.push(
        problemAt({ sheet: sheet.name, row: 1, index: i + 1, heading }, 'duplicate_heading', '列标题重复 (the heading appears twice)'),
      );
      return;
    }
    if (!column.readOnly) at.set(column.key, i + 1);
  });
  for (const c of columns.filter((col) => col.required && !at.has(col.key))) {
    problems.push(sheetProblem(sheet.name, 1, 'missing_column', `缺少必需的列“${c.heading}” (a required column is missing)`));
  }
  const rows: ReadSheet['rows'] = [];
  for (const r of rest) {
    if (cellText(r.values.find((v) => cellText(v) !== '')).startsWith(NOTES_MARK)) continue;
    const cells = new Map<string, unknown>();
    let any = false;
    for (const [key, index] of at) {
      const value = r.values[index - 1];
      cells.set(key, value);
      if (cellText(value) !== '') any = true;
    }
    if (!any) continue;
    if (rows.length >= max) throw new TooManyRowsError(sheet.name, max);
    rows.push({ number: r.number, cells });
  }
  return { at, rows };
}

/** Reads every cell of a row for its columns; null when any cell had a problem. */
function readRow(
  sheet: string,
  columns: Column[],
  read: ReadSheet,
  row: ReadSheet['rows'][number],
  choices: WorkbookChoices,
  problems: ImportProblem[],
): Record<string, Value> | null {
  const out: Record<string, Value> = {};
  let ok = true;
  for (const column of columns) {
    const index = read.at.get(column.key);
    if (index === undefined) {
      out[column.key] = null;
      continue;
    }
    const got = readCell(column, row.cells.get(column.key), { sheet, row: row.number, index, heading: column.heading }, choices);
    if ('problem' in got) {
      problems.push(got.problem);
      ok = false;
    } else out[column.key] = got.value;
  }
  return ok ? out : null;
}

const str = (v: Value): string | null => (typeof v === 'string' ? v : null);

/**
 * The draft entries of a filled workbook, or every problem found: unknown drop-down text, missing
 * required cells, too-long text, wrong types, an item whose row key names no entry, duplicate row
 * keys, entry names and item names, and the catalog's own consistency rules (resource-rules.ts).
 * `sheets`: the workbook's sheets as read; a missing 目录 or 信息项 sheet is a problem.
 */
export function parseCatalogWorkbook(sheets: SheetRows[], choices: WorkbookChoices): ParsedWorkbook {
  const problems: ImportProblem[] = [];
  const ignoredHeadings: string[] = [];
  const entrySheet = sheets.find((s) => s.name.trim() === ENTRY_SHEET);
  const itemSheet = sheets.find((s) => s.name.trim() === ITEM_SHEET);
  for (const [name, found] of [
    [ENTRY_SHEET, entrySheet],
    [ITEM_SHEET, itemSheet],
  ] as const) {
    if (!found) problems.push(sheetProblem(name, null, 'missing_sheet', `缺少工作表“${name}”，请使用导入模板 (the sheet is missing)`));
  }
  if (!entrySheet || !itemSheet) return { entries: [], problems, ignoredHeadings, itemCount: 0 };

  const entryRead = readSheet(entrySheet, ENTRY_COLUMNS, MAX_IMPORT_ENTRIES, problems, ignoredHeadings);
  const itemRead = readSheet(itemSheet, ITEM_COLUMNS, MAX_IMPORT_ITEMS, problems, ignoredHeadings);
  const cellOf = (read: ReadSheet, sheet: string, row: number, key: string, columns: Column[]): Located => {
    const column = columns.find((c) => c.key === key)!;
    return { sheet, row, index: read.at.get(key) ?? 0, heading: column.heading };
  };
  const entryCell = (row: number, key: string) => cellOf(entryRead, ENTRY_SHEET, row, key, ENTRY_COLUMNS);
  const itemCell = (row: number, key: string) => cellOf(itemRead, ITEM_SHEET, row, key, ITEM_COLUMNS);

  // Entries, by row key; a row with a problem is left out of what follows (its problems are listed).
  const entries: ImportedEntry[] = [];
  const keys = new Map<string, number>();
  const names = new Map<string, number>();
  for (const row of entryRead.rows) {
    const v = readRow(ENTRY_SHEET, ENTRY_COLUMNS, entryRead, row, choices, problems);
    const rowKey = cellText(row.cells.get('rowKey'));
    if (rowKey !== '') {
      if (keys.has(rowKey)) {
        problems.push(
          problemAt(
            entryCell(row.number, 'rowKey'),
            'duplicate_key',
            `条目编号“${rowKey}”与第 ${keys.get(rowKey)} 行重复 (duplicate row key)`,
          ),
        );
      } else keys.set(rowKey, row.number);
    }
    // Names are compared as read, also on a row with other problems.
    const name = cellText(row.cells.get('name'));
    const nameKey = normalizeItemName(name);
    if (nameKey !== '' && names.has(nameKey)) {
      problems.push(
        problemAt(
          entryCell(row.number, 'name'),
          'duplicate_name',
          `资源名称“${name}”与第 ${names.get(nameKey)} 行重复 (duplicate entry name)`,
        ),
      );
      continue;
    }
    if (nameKey !== '') names.set(nameKey, row.number);
    if (!v) continue;
    const modes = (v.provisionModes as string[] | null) ?? [];
    const provision: ProvisionModeFields[] = [];
    let modesOk = true;
    for (const mode of modes) {
      if (mode === 'certificate') {
        if (!v.certificateName) {
          problems.push(
            problemAt(entryCell(row.number, 'certificateName'), 'required', '提供方式含电子证照/可信文件时必填 (required for certificate)'),
          );
          modesOk = false;
        } else provision.push({ mode, certificateName: v.certificateName as string });
      } else if (mode === 'other') {
        if (!v.otherModeDescription) {
          problems.push(problemAt(entryCell(row.number, 'otherModeDescription'), 'required', '提供方式含其他时必填 (required for other)'));
          modesOk = false;
        } else provision.push({ mode, description: v.otherModeDescription as string });
      } else provision.push({ mode });
    }
    if (!modesOk) continue;
    entries.push({
      rowKey,
      row: row.number,
      body: {
        name: v.name as string,
        categoryCode: v.categoryCode as string,
        summary: str(v.summary),
        format: str(v.format),
        formatDetail: str(v.formatDetail),
        sharingType: str(v.sharingType),
        sharingConditions: str(v.sharingConditions),
        sharingBasis: str(v.sharingBasis),
        openType: str(v.openType),
        openConditions: str(v.openConditions),
        updateCycle: str(v.updateCycle),
        scopeOfUse: str(v.scopeOfUse),
        provisionModes: provision,
        totalDataVolume: { records: (v.records as number | null) ?? null, bytes: (v.bytes as number | null) ?? null },
        relatedResourceCodes: (v.relatedResourceCodes as string[] | null) ?? [],
        items: [],
      },
      itemRows: [],
    });
  }

  // Items, attached to their entries in sheet order.
  const byKey = new Map(entries.map((e) => [e.rowKey, e]));
  let itemCount = 0;
  for (const row of itemRead.rows) {
    const v = readRow(ITEM_SHEET, ITEM_COLUMNS, itemRead, row, choices, problems);
    const key = cellText(row.cells.get('entryKey'));
    if (key !== '' && !keys.has(key)) {
      problems.push(
        problemAt(itemCell(row.number, 'entryKey'), 'unknown_entry_key', `目录表中没有条目编号“${key}” (no entry has this row key)`),
      );
      continue;
    }
    if (!v) continue;
    itemCount += 1;
    const entry = byKey.get(key);
    // An entry with problems of its own: its items are checked, not attached.
    if (!entry) continue;
    if (entry.body.items.length >= MAX_ITEMS_PER_ENTRY) {
      problems.push(
        problemAt(itemCell(row.number, 'entryKey'), 'too_many_items', `一个目录至多 ${MAX_ITEMS_PER_ENTRY} 个信息项 (too many items)`),
      );
      continue;
    }
    entry.body.items.push({
      name: v.name as string,
      dataType: v.dataType as string,
      length: (v.length as number | null) ?? null,
      description: str(v.description),
      sensitive: v.sensitive === true,
      desensitizationRule: str(v.desensitizationRule),
      queryRole: (str(v.queryRole) as 'input' | 'output' | null) ?? null,
      key: v.key === true,
      required: v.required === true,
    });
    entry.itemRows.push(row.number);
  }

  // The catalog's own rules on each entry, placed on the cell they concern.
  const ruleCells: Record<string, string> = {
    '/categoryCode': 'categoryCode',
    '/sharingType': 'sharingType',
    '/sharingConditions': 'sharingConditions',
    '/sharingBasis': 'sharingBasis',
    '/openConditions': 'openConditions',
  };
  for (const entry of entries) {
    const errors = consistencyErrors({ ...entry.body, video: null });
    for (const e of errors) {
      const item = /^\/items\/(\d+)\//.exec(e.path ?? '');
      const at = item
        ? itemCell(entry.itemRows[Number(item[1])], 'name')
        : entryCell(entry.row, ruleCells[e.path ?? ''] ?? (e.path?.startsWith('/provisionModes') ? 'provisionModes' : 'name'));
      problems.push(problemAt(at, e.code ?? 'invalid_entry', e.message));
    }
  }
  problems.sort(
    (a, b) =>
      (a.sheet === b.sheet ? 0 : a.sheet === ENTRY_SHEET ? -1 : 1) ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.column ?? '').localeCompare(b.column ?? ''),
  );
  return { entries, problems, ignoredHeadings, itemCount };
}

// ---- writing: an entry and its items as cells ---------------------------------------------------

export interface ExportedEntryFields extends EntryTerms {
  code: string | null;
  departmentName: string;
  formatDetail: string | null;
  provisionModes: Array<{ mode: string; certificateName?: string; description?: string }>;
  totalDataVolume: { records?: number | null; bytes?: number | null };
  relatedResourceCodes: string[];
  projectName: string | null;
  status: string;
  publishedAt: string | null;
  updatedAt: string;
}

/**
 * An entry's cells by column key, as text and numbers (dates are left as ISO instants: the writer
 * turns them into Beijing-time dates for a workbook, text for CSV). `statusText`: the status's label.
 */
export function entryCells(
  rowKey: string,
  e: ExportedEntryFields,
  choices: WorkbookChoices,
  statusText: string,
): Record<string, string | number | null> {
  return {
    rowKey,
    name: e.name,
    code: e.code,
    departmentName: e.departmentName,
    categoryCode: choiceText(choices.category, e.categoryCode),
    summary: e.summary,
    format: choiceText(choices.format, e.format),
    formatDetail: e.formatDetail,
    sharingType: choiceText(choices.sharingType, e.sharingType),
    sharingConditions: e.sharingConditions,
    sharingBasis: e.sharingBasis,
    openType: choiceText(choices.openType, e.openType),
    openConditions: e.openConditions,
    updateCycle: choiceText(choices.updateCycle, e.updateCycle),
    scopeOfUse: e.scopeOfUse,
    provisionModes: e.provisionModes.map((m) => choiceText(choices.provisionMode, m.mode)).join('、'),
    certificateName: e.provisionModes.find((m) => m.mode === 'certificate')?.certificateName ?? null,
    otherModeDescription: e.provisionModes.find((m) => m.mode === 'other')?.description ?? null,
    records: e.totalDataVolume.records ?? null,
    bytes: e.totalDataVolume.bytes ?? null,
    relatedResourceCodes: e.relatedResourceCodes.join('、'),
    projectName: e.projectName,
    status: statusText,
    publishedAt: e.publishedAt,
    updatedAt: e.updatedAt,
  };
}

export function itemCells(
  entryKey: string,
  entryName: string,
  i: DataItemFields,
  choices: WorkbookChoices,
): Record<string, string | number | null> {
  const flag = (b: boolean | undefined) => (b ? YES : NO);
  return {
    entryKey,
    entryName,
    name: i.name,
    dataType: choiceText(choices.dataType, i.dataType),
    length: i.length ?? null,
    description: i.description ?? null,
    sensitive: flag(i.sensitive),
    desensitizationRule: i.desensitizationRule ?? null,
    queryRole: choiceText(choices.queryRole, i.queryRole ?? null),
    key: flag(i.key),
    required: flag(i.required),
  };
}
