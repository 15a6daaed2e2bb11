import ExcelJS from 'exceljs';
import {
  RegistrationFormData,
  XLSX_TYPE_REGISTRATION,
  chineseDate,
  registrationPdf,
  registrationWorkbook,
} from '../../src/modules/registration/registration.forms';

// 附件1 of the Fuzhou rules, 《信息化项目成果登记表》, as a spreadsheet and as a PDF.

const TITLE = '信息化项目成果登记表';

const filled: RegistrationFormData = {
  number: 'RJ-DJ-2026-000045',
  projectName: '福州市国土资源“一张图”综合监管平台建设项目（二期）',
  projectContent:
    '建设全市国土资源“一张图”综合监管平台二期，完成土地利用现状、规划、审批、供应、补充、执法等业务数据的整合入库，建设数据共享交换接口，实现与市政务数据汇聚共享平台的对接，并开发移动端巡查应用。',
  materials: {
    outcomes: '综合监管平台软件及源代码一套；数据库（含2025年度变更调查成果）；用户手册、运维手册',
    acceptanceMaterials: '初验意见、专家验收意见、第三方测评报告（编号FZ-2026-017）',
    sharingRequestForms: '数据共享应用（需求）表 2 份：RJ-SQ-2026-000003、RJ-SQ-2026-000011',
    scopeAndDesensitization: '本局各业务处室及各县（市、区）局使用；涉及权利人身份证号、联系电话等字段脱敏后共享，涉密图层不对外提供。',
  },
  totalDataVolume: '约 1.2 TB（3,456,789 条记录）',
  dataFormat: 'Oracle Spatial、Shapefile、PDF',
  shared: true,
  registeringDepartment: '地籍管理处',
  handler: '林晓',
  registeredOn: '2026-03-02',
  receipt: { notes: '材料齐全，已接收并录入成果应用目录。', receivingDepartment: '网信办', receiver: '陈静', receivedOn: '2026-03-05' },
};

const unreceived: RegistrationFormData = {
  ...filled,
  materials: { ...filled.materials, sharingRequestForms: '无' },
  shared: false,
  receipt: null,
};

/** The form's labels, in the order of 附件1. */
const LABELS = [
  '项目名称',
  '项目内容',
  '项目材料',
  '1.项目成果',
  '2.项目验收材料',
  '3.数据共享应用（需求）表（附件2）',
  '4.成果应用范围及脱敏脱密规则说明',
  '数据总量',
  '数据格式',
  '是否共享',
  '登记\n情况',
  '登记部门',
  '经办人',
  '登记日期',
  '接收\n情况',
  '接收情况：',
  '接收部门',
  '接收人',
  '接收日期',
  '（一式三份）',
];

// ---------------------------------------------------------------------------------------------
// Spreadsheet

interface Sheet {
  sheet: ExcelJS.Worksheet;
  /** Every cell's text in reading order, merged cells once. */
  texts: string[];
}

async function loadSheet(buf: Buffer): Promise<Sheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(buf as unknown as ArrayBuffer);
  expect(book.worksheets).toHaveLength(1);
  const sheet = book.worksheets[0];
  const texts: string[] = [];
  for (let r = 1; r <= sheet.rowCount; r++) {
    for (let c = 1; c <= 5; c++) {
      const cell = sheet.getCell(r, c);
      if (cell.isMerged && cell.master.address !== cell.address) continue;
      // Dates are date cells shown as 2026年3月2日 (the number format): read back as the form shows them.
      if (cell.value instanceof Date) {
        expect(cell.numFmt).toBe('yyyy"年"m"月"d"日"');
        texts.push(chineseDate(cell.value.toISOString().slice(0, 10)));
      } else texts.push(cell.text);
    }
  }
  return { sheet, texts };
}

/** Indices of the labels in `texts`, each searched for after the previous one. */
function labelPositions(texts: string[]): number[] {
  const positions: number[] = [];
  let from = 0;
  for (const label of LABELS) {
    const at = texts.findIndex((t, i) => i >= from && (t === label || (label === '接收情况：' && t.startsWith(label))));
    expect({ label, found: at >= 0 }).toEqual({ label, found: true });
    positions.push(at);
    from = at + 1;
  }
  return positions;
}

/** The text of the cell right after a label's cell. */
function after(texts: string[], label: string): string {
  const at = texts.indexOf(label);
  expect(at).toBeGreaterThanOrEqual(0);
  return texts[at + 1];
}

describe('信息化项目成果登记表 as a spreadsheet', () => {
  it('prints dates the Chinese way', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日');
    expect(chineseDate('')).toBe('');
  });

  it('is an xlsx with the form title, the labels in the order of 附件1 and the values', async () => {
    expect(XLSX_TYPE_REGISTRATION).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const buf = await registrationWorkbook(filled);
    expect(buf.subarray(0, 2).toString('latin1')).toBe('PK');
    const { sheet, texts } = await loadSheet(buf);
    expect(sheet.name).toBe(TITLE);
    // 附件1: at the top left as in the seed, the number at the right, the title across the table under them.
    expect(sheet.getCell('A1').text).toBe('附件1:');
    expect(sheet.getCell('C1').text).toBe('登记编号：RJ-DJ-2026-000045');
    expect(sheet.getCell('A2').text).toBe(TITLE);
    expect(sheet.getCell('A2').isMerged).toBe(true);
    labelPositions(texts);

    expect(after(texts, '项目名称')).toBe(filled.projectName);
    expect(after(texts, '项目内容')).toBe(filled.projectContent);
    expect(after(texts, '1.项目成果')).toBe(filled.materials.outcomes);
    expect(after(texts, '2.项目验收材料')).toBe(filled.materials.acceptanceMaterials);
    expect(after(texts, '3.数据共享应用（需求）表（附件2）')).toBe(filled.materials.sharingRequestForms);
    expect(after(texts, '4.成果应用范围及脱敏脱密规则说明')).toBe(filled.materials.scopeAndDesensitization);
    expect(after(texts, '数据总量')).toBe(filled.totalDataVolume);
    expect(after(texts, '数据格式')).toBe(filled.dataFormat);
    expect(after(texts, '是否共享')).toBe('是');
    expect(after(texts, '登记部门')).toBe('地籍管理处');
    expect(after(texts, '经办人')).toBe('林晓');
    expect(after(texts, '登记日期')).toBe('2026年3月2日');
    expect(texts.find((t) => t.startsWith('接收情况：'))).toBe('接收情况：\n材料齐全，已接收并录入成果应用目录。');
    expect(after(texts, '接收部门')).toBe('网信办');
    expect(after(texts, '接收人')).toBe('陈静');
    expect(after(texts, '接收日期')).toBe('2026年3月5日');
  });

  it('lays the table out like the form: bordered, merged row labels, A4 portrait', async () => {
    const { sheet } = await loadSheet(await registrationWorkbook(filled));
    expect(sheet.pageSetup.paperSize).toBe(9);
    expect(sheet.pageSetup.orientation).toBe('portrait');
    expect(sheet.pageSetup.fitToWidth).toBe(1);
    // 项目材料 spans its four numbered rows; the value cells of the one-value rows span four columns.
    const material = sheet.getCell(sheet.getColumn(1).values.indexOf('项目材料'), 1);
    expect(material.isMerged).toBe(true);
    const name = sheet.getColumn(1).values.indexOf('项目名称');
    expect(sheet.getCell(name, 5).master.address).toBe(sheet.getCell(name, 2).address);
    // Long texts wrap, and their rows are tall enough for them.
    const content = sheet.getColumn(1).values.indexOf('项目内容');
    expect(sheet.getCell(content, 2).alignment.wrapText).toBe(true);
    expect(sheet.getRow(content).height).toBeGreaterThan(sheet.getRow(name).height);
    for (let r = name; r < sheet.rowCount; r++) {
      for (let c = 1; c <= 5; c++) {
        const border = sheet.getCell(r, c).border;
        expect([border.top?.style, border.bottom?.style, border.left?.style, border.right?.style].every(Boolean)).toBe(true);
      }
    }
  });

  it('leaves 接收情况 blank when the form has not been received', async () => {
    const { texts } = await loadSheet(await registrationWorkbook(unreceived));
    labelPositions(texts);
    expect(after(texts, '是否共享')).toBe('否');
    expect(after(texts, '3.数据共享应用（需求）表（附件2）')).toBe('无');
    expect(texts.find((t) => t.startsWith('接收情况：'))).toBe('接收情况：');
    expect(after(texts, '接收部门')).toBe('');
    expect(after(texts, '接收人')).toBe('');
    expect(after(texts, '接收日期')).toBe('');
    expect(after(texts, '登记日期')).toBe('2026年3月2日');
  });
});

// ---------------------------------------------------------------------------------------------
// PDF

/** Reads a PDF literal string starting at `(`: escapes undone, UTF-16BE (with its BOM) decoded. */
function pdfString(pdf: string, open: number): string {
  const bytes: number[] = [];
  let depth = 0;
  for (let i = open; i < pdf.length; i++) {
    const ch = pdf[i];
    if (ch === '\\') {
      const next = pdf[++i];
      const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
      if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(pdf.slice(i))![0];
        bytes.push(parseInt(oct, 8));
        i += oct.length - 1;
      } else {
        bytes.push(escapes[next] ?? next.charCodeAt(0));
      }
      continue;
    }
    if (ch === '(' && depth++ === 0) continue;
    if (ch === ')' && --depth === 0) break;
    bytes.push(ch.charCodeAt(0));
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i] << 8) | bytes[i + 1]);
    return s;
  }
  return String.fromCharCode(...bytes);
}

/** An entry of the document info dictionary, written inline or (as pdfkit does) as a reference. */
function infoEntry(pdf: string, key: string): string | undefined {
  const inline = pdf.indexOf(`/${key} (`);
  if (inline >= 0) return pdfString(pdf, inline + key.length + 2);
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(pdf);
  if (!ref) return undefined;
  const obj = new RegExp(`(?:^|\\n)${ref[1]} 0 obj\\s*\\(`).exec(pdf);
  return obj ? pdfString(pdf, obj.index + obj[0].length - 1) : undefined;
}

function pageCount(pdf: string): number {
  return (pdf.match(/\/Type \/Page\b(?!s)/g) ?? []).length;
}

describe('信息化项目成果登记表 as a PDF', () => {
  let filledPdf: Buffer;
  let unreceivedPdf: Buffer;
  beforeAll(async () => {
    filledPdf = await registrationPdf(filled);
    unreceivedPdf = await registrationPdf(unreceived);
  });

  it('is a one-page PDF titled with the form title and dated from 登记日期', () => {
    for (const buf of [filledPdf, unreceivedPdf]) {
      const pdf = buf.toString('latin1');
      expect(pdf.startsWith('%PDF-')).toBe(true);
      expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(infoEntry(pdf, 'Title')).toBe(TITLE);
      expect(infoEntry(pdf, 'Subject')).toBe(filled.projectName);
      expect(infoEntry(pdf, 'CreationDate')).toBe('D:20260302000000Z');
      expect(pageCount(pdf)).toBe(1);
      expect(pdf).toMatch(/\/Type \/Pages\s*\/Count 1\b/);
      // A4 portrait
      expect(pdf).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    }
  });

  it('embeds a subset of Noto Sans Hans, with a ToUnicode map so the text can be extracted', () => {
    const pdf = filledPdf.toString('latin1');
    expect(pdf).toMatch(/\/FontFile[23] /);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);
    expect(pdf).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Bold/);
    expect(pdf).toContain('/ToUnicode');
    // Only the glyphs used are embedded: the font files are 8 MB each.
    expect(filledPdf.length).toBeLessThan(1024 * 1024);
  });

  it('is reproducible: the same form gives the same bytes', async () => {
    expect((await registrationPdf(filled)).equals(filledPdf)).toBe(true);
    expect(unreceivedPdf.equals(filledPdf)).toBe(false);
  });

  it('runs a very long 项目内容 on over further pages instead of cutting it off', async () => {
    const pdf = (await registrationPdf({ ...filled, projectContent: filled.projectContent.repeat(40) })).toString('latin1');
    expect(pageCount(pdf)).toBeGreaterThan(1);
    expect(infoEntry(pdf, 'Title')).toBe(TITLE);
  });
});
