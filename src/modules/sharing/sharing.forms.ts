import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../lazy-modules';
import { labelOf, provisionModes, sharingRequestStatuses } from '../../domain/vocabularies';
import { SharingRequest } from './sharing.store';

// Spreadsheets a clerk files or forwards: the Fuzhou rules' 附件2 (数据共享应用（需求）表 with its
// 信息项明细表), and a list of requests. Column headings are the seed's own.
// The seed's fill-in notes swap the two units' definitions (docs/domain.md rule 9 and "Where this
// differs from the brief"; Fuzhou 附件2 填表说明 1–2); the notes here say it the right way round:
// the producing unit provides the data, the applying unit uses it.

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const FORM_HEADINGS = [
  '序号',
  '信息资源生产单位\n（必填项）',
  '信息资源应用单位\n（必填项）',
  '信息资源名称\n（必填项）',
  '信息资源可提供方式\n(必填项)',
];
const ITEM_HEADINGS = [
  '序号',
  '信息资源生产单位\n（必填项）',
  '信息资源应用单位\n（必填项）',
  '信息资源名称\n（必填项）',
  '信息项名称\n（必填项）',
];

const statusLabel = (r: SharingRequest) => labelOf(sharingRequestStatuses, r.status);

function modeLabel(r: SharingRequest): string {
  return labelOf(provisionModes, r.provisionMode);
}

function itemLabel(item: SharingRequest['items'][number]): string {
  if (item.queryRole === 'input') return `${item.name}（输入项）`;
  if (item.queryRole === 'output') return `${item.name}（输出项）`;
  return item.name;
}

function styleTable(sheet: ExcelJS.Worksheet, headerRow: number, lastRow: number, columns: number): void {
  for (let r = headerRow; r <= lastRow; r++) {
    for (let c = 1; c <= columns; c++) {
      const cell = sheet.getCell(r, c);
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      if (r === headerRow) cell.font = { bold: true };
    }
  }
}

function title(sheet: ExcelJS.Worksheet, row: number, text: string, columns: number): void {
  sheet.mergeCells(row, 1, row, columns);
  const cell = sheet.getCell(row, 1);
  cell.value = text;
  cell.font = { bold: true, size: 16 };
  cell.alignment = { horizontal: 'center' };
}

/** One request as the 附件2 form: the request table, then its item table, then the request's details. */
export async function requestFormWorkbook(r: SharingRequest): Promise<Buffer> {
  const book = new (loadExcelJs().Workbook)();
  book.created = new Date(r.createdAt);
  const form = book.addWorksheet('数据共享应用（需求）表');
  form.columns = [{ width: 8 }, { width: 30 }, { width: 30 }, { width: 32 }, { width: 24 }];
  title(form, 1, '数据共享应用（需求）表', 5);
  form.getRow(3).values = FORM_HEADINGS;
  form.getRow(4).values = [1, r.producerDepartmentName, r.consumerDepartmentName, r.resourceName, modeLabel(r)];
  styleTable(form, 3, 4, 5);
  form.getRow(3).height = 36;
  const notes = [
    '填表说明：',
    '1.信息资源生产单位：填写提供政务信息资源的政务部门的标准全称。',
    '2.信息资源应用单位：填写申请使用政务信息资源的政务部门的标准全称。',
    '3.信息资源名称：缩略描述政务信息资源内容的标题。',
    '4.信息资源可提供方式：对政务信息资源存在方式的描述。包含：电子证照/可信文件、信息查询接口、信息核验接口、数据批量交换、其他（详细说明）。注意：信息查询接口需提供信息项，详见“信息项明细表”。',
  ];
  notes.forEach((text, i) => {
    form.mergeCells(6 + i, 1, 6 + i, 5);
    const cell = form.getCell(6 + i, 1);
    cell.value = text;
    cell.alignment = { wrapText: true, vertical: 'top' };
  });

  const itemsSheet = book.addWorksheet('信息项明细表');
  itemsSheet.columns = [{ width: 8 }, { width: 30 }, { width: 30 }, { width: 32 }, { width: 30 }];
  title(itemsSheet, 1, '信息项明细表', 5);
  itemsSheet.getRow(3).values = ITEM_HEADINGS;
  const items = r.approvedItems ?? r.items;
  items.forEach((item, i) => {
    itemsSheet.getRow(4 + i).values = [1, r.producerDepartmentName, r.consumerDepartmentName, r.resourceName, itemLabel(item)];
  });
  styleTable(itemsSheet, 3, 3 + items.length, 5);
  itemsSheet.getRow(3).height = 36;
  const itemNotes = ['填表说明：', '1.序号：对应附件2的“序号”。', '5.信息项名称：信息查询接口相关参数，标注“输入项”“输出项”。'];
  itemNotes.forEach((text, i) => {
    const row = 5 + items.length + i;
    itemsSheet.mergeCells(row, 1, row, 5);
    itemsSheet.getCell(row, 1).value = text;
  });

  const details = book.addWorksheet('申请详情');
  details.columns = [{ width: 20 }, { width: 70 }];
  const rows: Array<[string, string]> = [
    ['申请编号', r.id],
    ['状态', statusLabel(r)],
    ['资源代码', r.resourceCode ?? ''],
    ['用途', r.purpose],
    ['法律或业务依据', r.basis],
    ['使用范围', r.scopeOfUse],
    ['使用期限', `${r.periodStart} 至 ${r.periodEnd}`],
    ['提交时间', r.submittedAt ?? ''],
    ['答复期限', r.dueDate ?? ''],
    ['是否逾期', r.overdue ? `逾期 ${r.overdueWorkingDays} 个工作日` : '否'],
    [
      '答复结果',
      r.decision === 'granted_by_rule'
        ? '无条件共享，自动授权'
        : r.decision === 'approved'
          ? '同意'
          : r.decision === 'rejected'
            ? `拒绝：${r.rejectReason ?? ''}`
            : '',
    ],
  ];
  rows.forEach(([k, v], i) => {
    details.getRow(1 + i).values = [k, v];
    details.getCell(1 + i, 1).font = { bold: true };
  });
  return Buffer.from(await book.xlsx.writeBuffer());
}

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

/** A list of requests, one row each, for the bureau's or a department's records. */
export async function requestListWorkbook(requests: SharingRequest[]): Promise<Buffer> {
  const book = new (loadExcelJs().Workbook)();
  const sheet = book.addWorksheet('数据共享申请');
  sheet.columns = LIST_HEADINGS.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4) }));
  requests.forEach((r, i) => {
    sheet.addRow([
      i + 1,
      r.id,
      statusLabel(r),
      r.resourceName,
      r.resourceCode ?? '',
      r.producerDepartmentName,
      r.consumerDepartmentName,
      modeLabel(r),
      r.items.map(itemLabel).join('、'),
      r.submittedAt ?? '',
      r.dueDate ?? '',
      r.overdue ? '是' : '否',
      r.overdueWorkingDays,
      r.answeredAt ?? '',
      r.decision === 'granted_by_rule' ? '自动授权' : r.decision === 'approved' ? '同意' : r.decision === 'rejected' ? '拒绝' : '',
    ]);
  });
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}
