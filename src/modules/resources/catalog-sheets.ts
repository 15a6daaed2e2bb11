import ExcelJS from 'exceljs';
import {
  ChoiceList,
  columnLetter,
  Column,
  ENTRY_COLUMNS,
  ENTRY_SHEET,
  ITEM_COLUMNS,
  ITEM_SHEET,
  LISTS_SHEET,
  MAX_IMPORT_ENTRIES,
  MAX_IMPORT_ITEMS,
  NOTES_MARK,
  NOTES_SHEET,
  WorkbookChoices,
} from '../../domain/catalog-workbook';

// The catalog workbook as exceljs writes it (src/domain/catalog-workbook.ts says what is in it):
// headings in row 1, the notes row in row 2, drop-downs on every enumeration column pointing at the
// options sheet (选项), and the explanation sheet (填写说明). The import template is this workbook
// without data; the .xlsx export fills it (resources.export.ts), so an export can be imported back.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

type Sheet = ExcelJS.Worksheet;
const HEADING_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
const READ_ONLY_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEDEDED' } };
const LIST_ORDER: ChoiceList[] = [
  'category',
  'format',
  'sharingType',
  'openType',
  'updateCycle',
  'provisionMode',
  'dataType',
  'queryRole',
  'flag',
];
const LIST_NAMES: Record<ChoiceList, string> = {
  category: '资源分类',
  format: '资源格式',
  sharingType: '共享类型',
  openType: '开放类型',
  updateCycle: '更新周期',
  provisionMode: '提供方式',
  dataType: '数据类型',
  queryRole: '查询接口角色',
  flag: '是/否',
};

/** A streamed sheet is written out when committed; a sheet of a workbook in memory has nothing to commit. */
export function commitSheet(sheet: Sheet): void {
  (sheet as Sheet & { commit?: () => void }).commit?.();
}

/** Where each drop-down's options are on the options sheet, as a formula. */
function listRanges(choices: WorkbookChoices): Record<ChoiceList, string> {
  return Object.fromEntries(
    LIST_ORDER.map((list, i) => {
      const col = columnLetter(i + 1);
      return [list, `'${LISTS_SHEET}'!$${col}$2:$${col}$${choices[list].length + 1}`];
    }),
  ) as Record<ChoiceList, string>;
}

type AnyWorkbook = ExcelJS.Workbook | ExcelJS.stream.xlsx.WorkbookWriter;

/** A data sheet with its columns, the heading row and the notes row, both frozen. */
export function addDataSheet(workbook: AnyWorkbook, name: string, columns: Column[]): Sheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 2 }],
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:2' },
  });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const heading = sheet.getRow(1);
  const notes = sheet.getRow(2);
  columns.forEach((c, i) => {
    const h = heading.getCell(i + 1);
    h.value = c.heading;
    h.font = { bold: true, color: c.required ? { argb: 'FFC00000' } : undefined };
    h.fill = c.readOnly ? READ_ONLY_FILL : HEADING_FILL;
    h.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    const n = notes.getCell(i + 1);
    n.value = i === 0 ? `${NOTES_MARK}${c.note}` : c.note;
    n.font = { italic: true, size: 9, color: { argb: 'FF7F7F7F' } };
    n.alignment = { vertical: 'top', wrapText: true };
  });
  heading.height = 24;
  notes.height = 52;
  heading.commit();
  notes.commit();
  return sheet;
}

/** Drop-downs on the enumeration columns for rows 3 to `lastRow`. */
export function addDropDowns(sheet: Sheet, columns: Column[], choices: WorkbookChoices, lastRow: number): void {
  const ranges = listRanges(choices);
  columns.forEach((c, i) => {
    if (!c.list || c.readOnly) return;
    const col = columnLetter(i + 1);
    // Several provision modes are typed with 、 between them, so that column warns rather than refuses.
    const several = c.kind === 'choices';
    (sheet as Sheet & { dataValidations: { add: (range: string, v: ExcelJS.DataValidation) => void } }).dataValidations.add(
      `${col}3:${col}${lastRow}`,
      {
        type: 'list',
        allowBlank: !c.required,
        formulae: [ranges[c.list]],
        showErrorMessage: !several,
        errorStyle: 'stop',
        errorTitle: '不在选项中',
        error: `请从下拉列表选择“${c.heading}”`,
        showInputMessage: true,
        promptTitle: c.heading,
        prompt: c.note,
      },
    );
  });
}

/** The options sheet: one column per drop-down. */
export function addListsSheet(workbook: AnyWorkbook, choices: WorkbookChoices): void {
  const sheet = workbook.addWorksheet(LISTS_SHEET);
  sheet.columns = LIST_ORDER.map((list) => ({ key: list, width: list === 'category' ? 28 : 18 }));
  const longest = Math.max(...LIST_ORDER.map((l) => choices[l].length));
  const head = sheet.addRow(LIST_ORDER.map((l) => LIST_NAMES[l]));
  head.font = { bold: true };
  head.commit();
  for (let r = 0; r < longest; r++) sheet.addRow(LIST_ORDER.map((l) => choices[l][r]?.text ?? null)).commit();
  commitSheet(sheet);
}

const NOTES = [
  '目录导入模板填写说明',
  '',
  `1. “${ENTRY_SHEET}”表每行一个信息资源目录，“${ITEM_SHEET}”表每行一个信息项，以“条目编号”关联到所属目录。`,
  '2. 第 1 行为列标题，请勿修改；第 2 行为填写说明（以【填写说明】开头），导入时跳过；数据从第 3 行起填写。',
  '3. 标题为红色的列必填。资源分类、资源格式、共享类型、开放类型、更新周期、提供方式、数据类型、查询接口角色和“是/否”列请从下拉列表选择（选项见“选项”表）。',
  '4. 有条件共享须填写共享条件；不予共享须填写法律、行政法规或政策依据；基础信息资源不能设为不予共享。',
  '5. 提供方式可填多种，以“、”分隔；含电子证照/可信文件时填写证照名称，含其他时填写其他提供方式说明。',
  '6. 灰色标题的列（资源代码、提供方、状态、发布日期等）由导出填写，导入时忽略。',
  `7. 一次至多导入 ${MAX_IMPORT_ENTRIES} 个目录、${MAX_IMPORT_ITEMS} 个信息项。导入的目录均为本部门的草稿，提交审核前可在系统中补充完善。`,
  '8. 先“试导入”（dryRun=true，默认）检查：所有问题按工作表、行、列列出；确认导入时有任何问题则一条也不导入。',
];

export function addNotesSheet(workbook: AnyWorkbook): void {
  const sheet = workbook.addWorksheet(NOTES_SHEET);
  sheet.columns = [{ key: 'text', width: 120 }];
  NOTES.forEach((line, i) => {
    const row = sheet.addRow([line]);
    if (i === 0) row.font = { bold: true, size: 14 };
    row.commit();
  });
  commitSheet(sheet);
}

/** Rows the template's drop-downs cover. */
export const TEMPLATE_ENTRY_ROWS = MAX_IMPORT_ENTRIES + 2;
export const TEMPLATE_ITEM_ROWS = 20_000 + 2;

/** The import template: the workbook with its headings, notes and drop-downs, and no data. */
export async function templateWorkbook(choices: WorkbookChoices): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '信息资源目录';
  const entries = addDataSheet(workbook, ENTRY_SHEET, editableEntryColumns());
  addDropDowns(entries, editableEntryColumns(), choices, TEMPLATE_ENTRY_ROWS);
  const items = addDataSheet(workbook, ITEM_SHEET, editableItemColumns());
  addDropDowns(items, editableItemColumns(), choices, TEMPLATE_ITEM_ROWS);
  addNotesSheet(workbook);
  addListsSheet(workbook, choices);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const editableEntryColumns = () => ENTRY_COLUMNS.filter((c) => !c.readOnly);
export const editableItemColumns = () => ITEM_COLUMNS.filter((c) => !c.readOnly);
