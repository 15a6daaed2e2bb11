import type ExcelJS from 'exceljs';
import {
  beijingCellDate,
  CELL_DATE_FORMAT,
  CELL_DATE_TIME_FORMAT,
  cellDateOf,
  chineseDate,
  chineseDateOf,
  chineseDateTimeOf,
} from '../../domain/form-numbers';
import { escalationGrounds, labelOf, provisionModes, sharingRequestStatuses } from '../../domain/vocabularies';
import { loadExcelJs } from '../../lazy-modules';
import { A4_LANDSCAPE, FormPdf, TableColumn } from '../../pdf-layout';
import { SharingRequest } from './sharing.store';

// The Fuzhou rules' 附件2, 数据共享应用（需求）表 with its 信息项明细表 (seed 000, ADR 0037), for one
// request or for every request on file for a project's entries, as .xlsx and as PDF, and the list
// export of requests. Laid out as the seed: the label 附件2 at the top left, the title, the request
// table (序号, 信息资源生产单位, 信息资源应用单位, 信息资源名称, 信息资源可提供方式 — each 必填项 — with
// the request's number and submission date beside them), its 填表说明 numbered 1–4, then the
// 信息项明细表 whose 序号 refers to the request table's, with its notes numbered 1–5. Printed on A4,
// fitted to the page's width, the heading rows repeated on every page. Dates are Beijing time;
// in the workbook they are date cells.
// The seed's fill-in notes swap the two units' definitions (docs/domain.md rule 9; Fuzhou 附件2
// 填表说明 1–2): the notes here say it the right way round: the producing unit provides the data,
// the applying unit uses it.

/** Two ideographic spaces between the parts of a subject line. */
const GAP = '\u3000\u3000';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const SHARING_FORM_LABEL = '附件2';
export const SHARING_FORM_TITLE = '数据共享应用（需求）表';
export const ITEM_TABLE_TITLE = '信息项明细表';

/** The seed's headings of the request table, then the two the service adds. */
export const FORM_HEADINGS = [
  '序号',
  '信息资源生产单位\n（必填项）',
  '信息资源应用单位\n（必填项）',
  '信息资源名称\n（必填项）',
  '信息资源可提供方式\n(必填项)',
  '申请编号',
  '提交日期',
];
export const ITEM_HEADINGS = [
  '序号',
  '信息资源生产单位\n（必填项）',
  '信息资源应用单位\n（必填项）',
  '信息资源名称\n（必填项）',
  '信息项名称\n（必填项）',
];

export const FORM_NOTES = [
  '填表说明：',
  '1.信息资源生产单位：填写提供政务信息资源的政务部门的标准全称。',
  '2.信息资源应用单位：填写申请使用政务信息资源的政务部门的标准全称。',
  '3.信息资源名称：缩略描述政务信息资源内容的标题。',
  '4.信息资源可提供方式：对政务信息资源存在方式的描述。包含：电子证照/可信文件、信息查询接口、信息核验接口、数据批量交换、其他（详细说明）。注意：信息查询接口需提供信息项，详见“信息项明细表”。',
];
export const ITEM_NOTES = [
  '填表说明：',
  '1.序号：对应附件2的“序号”。',
  '2.信息资源生产单位：填写提供政务信息资源的政务部门的标准全称。',
  '3.信息资源应用单位：填写申请使用政务信息资源的政务部门的标准全称。',
  '4.信息资源名称：缩略描述政务信息资源内容的标题。',
  '5.信息项名称：信息查询接口相关参数，标注“输入项”“输出项”。',
];

const DETAIL_HEADINGS = ['序号', '申请编号', '状态', '用途', '法律或业务依据', '使用范围', '使用期限', '提交时间', '答复期限', '答复结果'];

/** What a form is about: one request, or a project's requests. */
export interface SharingFormHeading {
  /** The line under the title: 申请编号：… or 项目：… */
  subject: string;
  /** When the form was produced (its 填报日期). */
  printedAt: Date;
}

const statusLabel = (r: SharingRequest) => labelOf(sharingRequestStatuses, r.status);
const modeLabel = (r: SharingRequest) => labelOf(provisionModes, r.provisionMode);

function itemLabel(item: SharingRequest['items'][number]): string {
  if (item.queryRole === 'input') return `${item.name}（输入项）`;
  if (item.queryRole === 'output') return `${item.name}（输出项）`;
  return item.name;
}

function decisionText(r: SharingRequest): string {
  if (r.decision === 'granted_by_rule') return '无条件共享，自动授权';
  if (r.decision === 'approved') return r.approvalComment ? `同意：${r.approvalComment}` : '同意';
  if (r.decision === 'rejected') {
    const upheld = r.bureauDecision === 'uphold' ? `；大数据管理局维持：${r.bureauReason ?? ''}` : '';
    const granted = r.bureauDecision === 'grant' ? `；大数据管理局裁定共享：${r.bureauReason ?? ''}` : '';
    return `拒绝：${r.rejectReason ?? ''}${upheld}${granted}`;
  }
  // Escalated for no answer by the due date (逾期未答复): pending, before the bureau, or decided by it.
  const bureau = r.bureauReason ?? '';
  if (r.escalationGround === 'overdue') {
    const ground = labelOf(escalationGrounds, r.escalationGround);
    if (r.status === 'escalated') return `${ground}，已提请大数据管理局协调：${r.escalationReason ?? ''}`;
    if (r.bureauDecision === 'grant') return `${ground}；大数据管理局责成授权：${bureau}`;
    if (r.status === 'pending' && r.bureauDecision === 'remand') return `待答复（${ground}，大数据管理局责成答复：${bureau}）`;
  }
  return r.status === 'pending' ? '待答复' : '';
}

/** The items of a request as the form lists them: what was granted once approved, else what was asked. */
const itemsOf = (r: SharingRequest) => r.approvedItems ?? r.items;

// ---------------------------------------------------------------------------------------------
// Spreadsheet

const FONT = '宋体';
const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const BOX: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };

/** Rough printed width of a string in Excel character units (a Chinese character takes about two). */
function textWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0xff ? 2.1 : 1.1;
  return w;
}
/** Lines a text takes in a column of `width` units: Excel does not fit row heights of wrapped text itself. */
function lines(text: string, width: number): number {
  const usable = Math.max(1, width - 1.5);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(textWidth(para) / usable)), 0);
}

function pageSetup(orientation: 'portrait' | 'landscape'): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9, // A4
    orientation,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages down as the rows need
    horizontalCentered: true,
    margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
  };
}

/** The label 附件2 at the top left, the title across the table, the subject line; returns the next row. */
function formHead(sheet: ExcelJS.Worksheet, label: string | null, title: string, subject: string, columns: number): number {
  let row = 1;
  if (label) {
    const cell = sheet.getCell(row, 1);
    cell.value = label;
    cell.font = { name: '黑体', size: 12, bold: true };
    cell.alignment = { horizontal: 'left', vertical: 'middle' };
    sheet.getRow(row).height = 20;
    row++;
  }
  sheet.mergeCells(row, 1, row, columns);
  const titleCell = sheet.getCell(row, 1);
  titleCell.value = title;
  titleCell.font = { name: FONT, bold: true, size: 18 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(row).height = 36;
  row++;
  sheet.mergeCells(row, 1, row, columns);
  const subjectCell = sheet.getCell(row, 1);
  subjectCell.value = subject;
  subjectCell.font = { name: FONT, size: 10 };
  subjectCell.alignment = { horizontal: 'right', vertical: 'middle' };
  sheet.getRow(row).height = 20;
  return row + 1;
}

/** A bordered table with its heading row at `top`; returns the row after it. */
function table(
  sheet: ExcelJS.Worksheet,
  top: number,
  headings: string[],
  rows: ExcelJS.CellValue[][],
  widths: number[],
  formats: Array<string | null> = [],
): number {
  const head = sheet.getRow(top);
  head.values = headings;
  head.height = Math.max(...headings.map((h, i) => lines(h, widths[i]))) * 14 + 8;
  headings.forEach((_, i) => {
    const cell = head.getCell(i + 1);
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = BOX;
  });
  rows.forEach((values, r) => {
    const row = sheet.getRow(top + 1 + r);
    row.values = values;
    let n = 1;
    values.forEach((v, i) => {
      const cell = row.getCell(i + 1);
      cell.font = { name: FONT, size: 11 };
      cell.alignment =
        i === 0 || v instanceof Date
          ? { horizontal: 'center', vertical: 'middle', wrapText: true }
          : { horizontal: 'left', vertical: 'middle', wrapText: true, indent: 1 };
      cell.border = BOX;
      if (formats[i]) cell.numFmt = formats[i]!;
      if (typeof v === 'string') n = Math.max(n, lines(v, widths[i]));
    });
    row.height = n * 14 + 8;
  });
  return top + 1 + rows.length;
}

/** Notes under a table, one merged row each, numbered as in the seed. */
function notes(sheet: ExcelJS.Worksheet, top: number, texts: string[], columns: number, totalWidth: number): number {
  texts.forEach((text, i) => {
    sheet.mergeCells(top + i, 1, top + i, columns);
    const cell = sheet.getCell(top + i, 1);
    cell.value = text;
    cell.font = { name: FONT, size: 10, bold: i === 0 };
    cell.alignment = { horizontal: 'left', vertical: 'top', wrapText: true };
    sheet.getRow(top + i).height = lines(text, totalWidth) * 13 + 4;
  });
  return top + texts.length;
}

const columnLetter = (n: number) => String.fromCharCode(64 + n);

/**
 * 附件2 as a workbook: sheet 附件2 (the request table and its notes), sheet 信息项明细表, and sheet
 * 申请详情 (what the paper form has no column for: purpose, basis, scope, period, deadlines, answer).
 */
export async function sharingFormWorkbook(requests: SharingRequest[], heading: SharingFormHeading): Promise<Buffer> {
  const book = new (loadExcelJs().Workbook)();
  book.created = heading.printedAt;
  book.modified = heading.printedAt;
  book.title = SHARING_FORM_TITLE;
  book.subject = heading.subject;
  const subject = `${heading.subject}${GAP}填报日期：${chineseDateOf(heading.printedAt)}`;

  // The request table: A4 landscape, its heading row repeated on every page.
  const formWidths = [7, 26, 26, 28, 20, 20, 16];
  const form = book.addWorksheet(SHARING_FORM_LABEL, { pageSetup: pageSetup('landscape'), views: [{ showGridLines: false }] });
  form.columns = formWidths.map((width) => ({ width }));
  const formTop = formHead(form, `${SHARING_FORM_LABEL}:`, SHARING_FORM_TITLE, subject, formWidths.length);
  const formEnd = table(
    form,
    formTop,
    FORM_HEADINGS,
    requests.map((r, i) => [
      i + 1,
      r.producerDepartmentName,
      r.consumerDepartmentName,
      r.resourceName,
      modeLabel(r),
      r.number,
      r.submittedAt ? beijingCellDate(r.submittedAt) : '未提交',
    ]),
    formWidths,
    [null, null, null, null, null, null, CELL_DATE_FORMAT],
  );
  const formLast =
    notes(
      form,
      formEnd,
      FORM_NOTES,
      formWidths.length,
      formWidths.reduce((a, b) => a + b, 0),
    ) - 1;
  form.pageSetup.printTitlesRow = `${formTop}:${formTop}`;
  form.pageSetup.printArea = `A1:${columnLetter(formWidths.length)}${formLast}`;

  // The item table: one row per item, 序号 referring to the request table's.
  const itemWidths = [7, 26, 26, 28, 32];
  const itemsSheet = book.addWorksheet(ITEM_TABLE_TITLE, { pageSetup: pageSetup('portrait'), views: [{ showGridLines: false }] });
  itemsSheet.columns = itemWidths.map((width) => ({ width }));
  const itemTop = formHead(itemsSheet, null, ITEM_TABLE_TITLE, subject, itemWidths.length);
  const itemRows = requests.flatMap((r, i) =>
    itemsOf(r).map((item) => [i + 1, r.producerDepartmentName, r.consumerDepartmentName, r.resourceName, itemLabel(item)]),
  );
  const itemEnd = table(itemsSheet, itemTop, ITEM_HEADINGS, itemRows, itemWidths);
  const itemLast =
    notes(
      itemsSheet,
      itemEnd,
      ITEM_NOTES,
      itemWidths.length,
      itemWidths.reduce((a, b) => a + b, 0),
    ) - 1;
  itemsSheet.pageSetup.printTitlesRow = `${itemTop}:${itemTop}`;
  itemsSheet.pageSetup.printArea = `A1:${columnLetter(itemWidths.length)}${itemLast}`;

  // The details the form has no column for.
  const detailWidths = [6, 18, 10, 28, 24, 24, 22, 16, 13, 28];
  const details = book.addWorksheet('申请详情', { pageSetup: pageSetup('landscape'), views: [{ showGridLines: false }] });
  details.columns = detailWidths.map((width) => ({ width }));
  const detailTop = formHead(details, null, '共享申请详情', subject, detailWidths.length);
  const detailEnd = table(
    details,
    detailTop,
    DETAIL_HEADINGS,
    requests.map((r, i) => [
      i + 1,
      r.number,
      statusLabel(r),
      r.purpose,
      r.basis,
      r.scopeOfUse,
      `${chineseDate(r.approvedPeriodStart ?? r.periodStart)}至${chineseDate(r.approvedPeriodEnd ?? r.periodEnd)}`,
      r.submittedAt ? beijingCellDate(r.submittedAt) : '',
      r.dueDate ? cellDateOf(r.dueDate) : '',
      decisionText(r) + (r.overdue ? `（已逾期 ${r.overdueWorkingDays} 个工作日）` : ''),
    ]),
    detailWidths,
    [null, null, null, null, null, null, null, CELL_DATE_TIME_FORMAT, CELL_DATE_FORMAT, null],
  );
  details.pageSetup.printTitlesRow = `${detailTop}:${detailTop}`;
  details.pageSetup.printArea = `A1:${columnLetter(detailWidths.length)}${detailEnd - 1}`;

  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// PDF

/** 附件2 as a PDF on A4 landscape: the request table, its notes, the item table and its notes. */
export function sharingFormPdf(requests: SharingRequest[], heading: SharingFormHeading, o: { compress?: boolean } = {}): Promise<Buffer> {
  const pdf = new FormPdf({
    size: A4_LANDSCAPE,
    margin: 40,
    title: SHARING_FORM_TITLE,
    subject: heading.subject,
    // The numbers also in the document's keywords, where a program (or a test) finds them as plain text.
    keywords: requests.map((r) => r.number).join(' '),
    created: heading.printedAt,
    compress: o.compress,
  });
  const subject = `${heading.subject}${GAP}填报日期：${chineseDateOf(heading.printedAt)}`;
  const oneLine = (s: string) => s.replace('\n', '');
  pdf.text(`${SHARING_FORM_LABEL}:`, { size: 12, bold: true });
  pdf.text(SHARING_FORM_TITLE, { size: 18, bold: true, align: 'center', gapAfter: 2 });
  pdf.text(subject, { size: 10, align: 'right', gapAfter: 4 });
  const columns: TableColumn[] = [
    { heading: FORM_HEADINGS[0], weight: 5, align: 'center' },
    { heading: FORM_HEADINGS[1], weight: 18 },
    { heading: FORM_HEADINGS[2], weight: 18 },
    { heading: FORM_HEADINGS[3], weight: 20 },
    { heading: FORM_HEADINGS[4], weight: 14 },
    { heading: oneLine(FORM_HEADINGS[5]), weight: 15, align: 'center' },
    { heading: oneLine(FORM_HEADINGS[6]), weight: 12, align: 'center' },
  ];
  pdf.table(
    columns,
    requests.map((r, i) => [
      String(i + 1),
      r.producerDepartmentName,
      r.consumerDepartmentName,
      r.resourceName,
      modeLabel(r),
      r.number,
      r.submittedAt ? chineseDateOf(r.submittedAt) : '未提交',
    ]),
    { size: 10, blankRows: requests.length === 0 ? 2 : 0 },
  );
  pdf.y += 6;
  FORM_NOTES.forEach((n, i) => pdf.text(n, { size: 9, bold: i === 0, keepWith: i === 0 ? 14 : 0 }));

  pdf.y += 16;
  pdf.text(ITEM_TABLE_TITLE, { size: 14, bold: true, align: 'center', gapAfter: 4, keepWith: 60 });
  pdf.table(
    [
      { heading: ITEM_HEADINGS[0], weight: 5, align: 'center' },
      { heading: ITEM_HEADINGS[1], weight: 20 },
      { heading: ITEM_HEADINGS[2], weight: 20 },
      { heading: ITEM_HEADINGS[3], weight: 22 },
      { heading: ITEM_HEADINGS[4], weight: 24 },
    ],
    requests.flatMap((r, i) =>
      itemsOf(r).map((item) => [String(i + 1), r.producerDepartmentName, r.consumerDepartmentName, r.resourceName, itemLabel(item)]),
    ),
    { size: 10, blankRows: requests.length === 0 ? 2 : 0 },
  );
  pdf.y += 6;
  ITEM_NOTES.forEach((n, i) => pdf.text(n, { size: 9, bold: i === 0, keepWith: i === 0 ? 14 : 0 }));
  return pdf.end();
}

/** The subject line of one request's form. */
export function requestSubject(r: SharingRequest): string {
  return `申请编号：${r.number}${GAP}状态：${statusLabel(r)}${r.submittedAt ? `${GAP}提交时间：${chineseDateTimeOf(r.submittedAt)}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The list export

export const LIST_HEADINGS = [
  '序号',
  '申请编号',
  '状态',
  '信息资源名称',
  '资源代码',
  '信息资源生产单位',
  '信息资源应用单位',
  '信息资源可提供方式',
  '信息项',
  '提交时间',
  '答复期限',
  '是否逾期',
  '逾期工作日',
  '答复时间',
  '答复结果',
];

/** A list of requests, one row each, for the bureau's or a department's records; times are Beijing date cells. */
export async function requestListWorkbook(requests: SharingRequest[]): Promise<Buffer> {
  const book = new (loadExcelJs().Workbook)();
  const sheet = book.addWorksheet('数据共享申请', { pageSetup: pageSetup('landscape') });
  sheet.columns = LIST_HEADINGS.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4) }));
  sheet.getColumn(2).width = 20;
  sheet.getColumn(10).width = 17;
  sheet.getColumn(14).width = 17;
  requests.forEach((r, i) => {
    sheet.addRow([
      i + 1,
      r.number,
      statusLabel(r),
      r.resourceName,
      r.resourceCode ?? '',
      r.producerDepartmentName,
      r.consumerDepartmentName,
      modeLabel(r),
      r.items.map(itemLabel).join('、'),
      r.submittedAt ? beijingCellDate(r.submittedAt) : null,
      r.dueDate ? cellDateOf(r.dueDate) : null,
      r.overdue ? '是' : '否',
      r.overdueWorkingDays,
      r.answeredAt ? beijingCellDate(r.answeredAt) : null,
      r.decision === 'granted_by_rule' ? '自动授权' : r.decision === 'approved' ? '同意' : r.decision === 'rejected' ? '拒绝' : '',
    ]);
  });
  sheet.getColumn(10).numFmt = CELL_DATE_TIME_FORMAT;
  sheet.getColumn(11).numFmt = 'yyyy-mm-dd';
  sheet.getColumn(14).numFmt = CELL_DATE_TIME_FORMAT;
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.pageSetup.printTitlesRow = '1:1';
  return Buffer.from(await book.xlsx.writeBuffer());
}
