import type ExcelJS from 'exceljs';
import { loadExcelJs, loadPdfKit } from '../../lazy-modules';
import { CELL_DATE_FORMAT, cellDateOf, chineseDate } from '../../domain/form-numbers';
import { fontData } from '../../pdf-fonts';
import { Measure, wrap } from '../../pdf-layout';

export { chineseDate };

// The Fuzhou rules' 附件1, 《信息化项目成果登记表》: the project team files it within fifteen working days
// of acceptance (第21条), and the 网信办 records its receipt; without it the acceptance payment is held
// back (第22条). Both documents follow the seed's table row for row: 项目名称, 项目内容, 项目材料 with its
// four numbered materials, 数据总量 / 数据格式, 是否共享, the 登记情况 block and the 接收情况 block, then
// the footer （一式三份）. The table has five columns: the row label, then up to two label/value pairs.
// Above the title, as in the seed, the label 附件1 at the top left; beside it the registration's
// number (登记编号 RJ-DJ-…, ADR 0037), which the seed leaves to the clerk.

export interface RegistrationFormData {
  number: string; // 登记编号 RJ-DJ-2026-000045
  projectName: string; // 项目名称
  projectContent: string; // 项目内容
  materials: {
    // 项目材料, the four numbered materials of the form
    outcomes: string; // 1.项目成果
    acceptanceMaterials: string; // 2.项目验收材料
    sharingRequestForms: string; // 3.数据共享应用（需求）表（附件2） — e.g. a list of request numbers or 「无」
    scopeAndDesensitization: string; // 4.成果应用范围及脱敏脱密规则说明
  };
  totalDataVolume: string; // 数据总量
  dataFormat: string; // 数据格式
  shared: boolean; // 是否共享 (printed 是 / 否)
  registeringDepartment: string; // 登记部门
  handler: string; // 经办人
  registeredOn: string; // 登记日期 YYYY-MM-DD (printed 2026年3月2日)
  receipt: null | {
    // 接收情况
    notes: string; // 接收情况: free text
    receivingDepartment: string; // 接收部门
    receiver: string; // 接收人
    receivedOn: string; // 接收日期 YYYY-MM-DD
  };
}

export const XLSX_TYPE_REGISTRATION = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const REGISTRATION_FORM_TITLE = '信息化项目成果登记表';
export const REGISTRATION_FORM_FOOTER = '（一式三份）';
export const REGISTRATION_FORM_LABEL = '附件1';

const COLUMNS = 5;

/** One cell right of the row label; `span` counts table columns. */
interface Cell {
  text: string;
  span: number;
  kind: 'label' | 'item' | 'value' | 'prompt';
  /** For a prompt cell: the printed prompt (接收情况：), the text follows on the next lines. */
  prompt?: string;
  /** For a date: YYYY-MM-DD, a date cell in the workbook (text holds it the Chinese way). */
  date?: string;
}
/** One table row right of the row label, with the number of text lines it keeps room for. */
interface Band {
  cells: Cell[];
  minLines: number;
  /** Share of the page's spare height this row takes on a one-page PDF (room to write by hand). */
  stretch?: number;
}
/** A row label (column 1) and the rows it spans. */
interface Group {
  label: string;
  bands: Band[];
}

const label = (text: string, span = 1): Cell => ({ text, span, kind: 'label' });
const item = (text: string): Cell => ({ text, span: 1, kind: 'item' });
const value = (text: string, span = 1): Cell => ({ text, span, kind: 'value' });
const dateValue = (iso: string | null): Cell => ({
  text: iso ? chineseDate(iso) : '',
  span: 1,
  kind: 'value',
  ...(iso ? { date: iso } : {}),
});

function formGroups(d: RegistrationFormData): Group[] {
  const r = d.receipt;
  return [
    { label: '项目名称', bands: [{ cells: [value(d.projectName, 4)], minLines: 1 }] },
    { label: '项目内容', bands: [{ cells: [value(d.projectContent, 4)], minLines: 3, stretch: 3 }] },
    {
      label: '项目材料',
      bands: [
        { cells: [item('1.项目成果'), value(d.materials.outcomes, 3)], minLines: 1, stretch: 1 },
        { cells: [item('2.项目验收材料'), value(d.materials.acceptanceMaterials, 3)], minLines: 1, stretch: 1 },
        { cells: [item('3.数据共享应用（需求）表（附件2）'), value(d.materials.sharingRequestForms, 3)], minLines: 1, stretch: 1 },
        { cells: [item('4.成果应用范围及脱敏脱密规则说明'), value(d.materials.scopeAndDesensitization, 3)], minLines: 1, stretch: 1 },
      ],
    },
    { label: '数据总量', bands: [{ cells: [value(d.totalDataVolume, 2), label('数据格式'), value(d.dataFormat)], minLines: 1 }] },
    { label: '是否共享', bands: [{ cells: [value(d.shared ? '是' : '否', 4)], minLines: 1 }] },
    {
      label: '登记\n情况',
      bands: [
        // The seed leaves two blank lines above the signature rows (room for a note or the seal).
        { cells: [value('', 4)], minLines: 2, stretch: 1 },
        { cells: [label('登记部门'), value(d.registeringDepartment, 3)], minLines: 1 },
        { cells: [label('经办人'), value(d.handler), label('登记日期'), dateValue(d.registeredOn)], minLines: 1 },
      ],
    },
    {
      label: '接收\n情况',
      bands: [
        { cells: [{ text: r?.notes ?? '', span: 4, kind: 'prompt', prompt: '接收情况：' }], minLines: 3, stretch: 3 },
        { cells: [label('接收部门'), value(r?.receivingDepartment ?? '', 3)], minLines: 1 },
        { cells: [label('接收人'), value(r?.receiver ?? ''), label('接收日期'), dateValue(r ? r.receivedOn : null)], minLines: 1 },
      ],
    },
  ];
}

/** A prompt cell's full text: the prompt on its own line, then the text. */
function cellText(c: Cell): string {
  if (c.kind !== 'prompt') return c.text;
  return c.text ? `${c.prompt}\n${c.text}` : (c.prompt ?? '');
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet

/** Column widths in Excel character units (a Chinese character takes about two). */
const XLSX_WIDTHS = [11, 20, 20, 12, 20];
const XLSX_FONT = '宋体';
const XLSX_LINE_HEIGHT = 15; // points per line at 11pt

/** Rough printed width of a string in Excel character units. */
function xlsxTextWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0xff ? 2.1 : 1.1;
  return w;
}

/** Excel does not fit the height of merged cells, so each row's height is estimated here. */
function xlsxLines(text: string, widthUnits: number): number {
  const usable = Math.max(1, widthUnits - 1.5);
  return text.split('\n').reduce((n, para) => n + Math.max(1, Math.ceil(xlsxTextWidth(para) / usable)), 0);
}

const THIN: Partial<ExcelJS.Border> = { style: 'thin' };
const MEDIUM: Partial<ExcelJS.Border> = { style: 'medium' };

/** The form as a one-sheet workbook, set up to print on one A4 portrait page. */
export async function registrationWorkbook(data: RegistrationFormData): Promise<Buffer> {
  const book = new (loadExcelJs().Workbook)();
  const when = formDate(data.registeredOn);
  if (when) {
    book.created = when;
    book.modified = when;
  }
  book.title = REGISTRATION_FORM_TITLE;
  book.subject = data.projectName;
  const sheet = book.addWorksheet(REGISTRATION_FORM_TITLE, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'portrait',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.7, right: 0.7, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    views: [{ showGridLines: false }],
  });
  sheet.columns = XLSX_WIDTHS.map((width) => ({ width }));
  const font: Partial<ExcelJS.Font> = { name: XLSX_FONT, size: 11 };

  // 附件1: at the top left, the registration's number at the right.
  const labelCell = sheet.getCell(1, 1);
  labelCell.value = `${REGISTRATION_FORM_LABEL}:`;
  labelCell.font = { name: '黑体', bold: true, size: 12 };
  labelCell.alignment = { horizontal: 'left', vertical: 'middle' };
  sheet.mergeCells(1, 3, 1, COLUMNS);
  const numberCell = sheet.getCell(1, 3);
  numberCell.value = `登记编号：${data.number}`;
  numberCell.font = { name: XLSX_FONT, size: 10 };
  numberCell.alignment = { horizontal: 'right', vertical: 'middle' };
  sheet.getRow(1).height = 20;
  sheet.mergeCells(2, 1, 2, COLUMNS);
  const titleCell = sheet.getCell(2, 1);
  titleCell.value = REGISTRATION_FORM_TITLE;
  titleCell.font = { name: XLSX_FONT, bold: true, size: 18 };
  titleCell.alignment = { horizontal: 'center', vertical: 'middle' };
  sheet.getRow(2).height = 40;

  const top = 3;
  let row = top;
  for (const group of formGroups(data)) {
    const first = row;
    for (const band of group.bands) {
      let col = 2;
      let lines = band.minLines;
      for (const c of band.cells) {
        const widthUnits = XLSX_WIDTHS.slice(col - 1, col - 1 + c.span).reduce((a, b) => a + b, 0);
        if (c.span > 1) sheet.mergeCells(row, col, row, col + c.span - 1);
        const cell = sheet.getCell(row, col);
        const text = cellText(c);
        // A date is a date cell shown as 2026年3月2日 (it sorts and filters as a date in Excel).
        const asDate = c.date ? cellDateOf(c.date) : null;
        cell.value = asDate ?? text;
        if (asDate) cell.numFmt = CELL_DATE_FORMAT;
        cell.font = c.kind === 'label' ? { ...font, bold: true } : font;
        cell.alignment =
          c.kind === 'label'
            ? { horizontal: 'center', vertical: 'middle', wrapText: true }
            : { horizontal: 'left', vertical: c.kind === 'prompt' ? 'top' : 'middle', wrapText: true, indent: c.kind === 'value' ? 1 : 0 };
        lines = Math.max(lines, xlsxLines(text, widthUnits));
        col += c.span;
      }
      sheet.getRow(row).height = Math.max(24, lines * XLSX_LINE_HEIGHT + 8);
      row++;
    }
    if (row - 1 > first) sheet.mergeCells(first, 1, row - 1, 1);
    const groupLabel = sheet.getCell(first, 1);
    groupLabel.value = group.label;
    groupLabel.font = { ...font, bold: true };
    groupLabel.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  const bottom = row - 1;
  // A thin grid, with a heavier outer frame as on the printed form.
  for (let r = top; r <= bottom; r++) {
    for (let c = 1; c <= COLUMNS; c++) {
      sheet.getCell(r, c).border = {
        top: r === top ? MEDIUM : THIN,
        bottom: r === bottom ? MEDIUM : THIN,
        left: c === 1 ? MEDIUM : THIN,
        right: c === COLUMNS ? MEDIUM : THIN,
      };
    }
  }

  const footerRow = bottom + 1;
  sheet.mergeCells(footerRow, 1, footerRow, COLUMNS);
  const footer = sheet.getCell(footerRow, 1);
  footer.value = REGISTRATION_FORM_FOOTER;
  footer.font = font;
  footer.alignment = { horizontal: 'right', vertical: 'middle' };
  sheet.getRow(footerRow).height = 24;
  sheet.pageSetup.printArea = `A1:E${footerRow}`;

  return Buffer.from(await book.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// PDF

/** registeredOn as a UTC midnight, which makes the document's dates (and its file ID) reproducible. */
function formDate(iso: string): Date | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso.trim());
  if (!m) return undefined;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 62, bottom: 56, left: 56, right: 56 };
/** Column widths in points; they add up to the width between the margins. */
const PDF_WIDTHS = [70, 120, 105, 75, A4[0] - MARGIN.left - MARGIN.right - 370];
const PAD_X = 6;
const PAD_Y = 5;
const REGULAR = 'NotoSansHans-Regular';
const BOLD = 'NotoSansHans-Bold';
const TITLE_SIZE = 20; // about 二号
const TITLE_GAP = 40; // title block height
const FOOTER_GAP = 26;
/** Body sizes tried in turn until the whole form fits one page: 小四, then smaller. */
const BODY_SIZES = [12, 11, 10.5, 10, 9.5, 9];

interface LaidCell {
  cell: Cell;
  x: number;
  width: number;
  lines: string[];
  /** How many of `lines` are the prompt (printed bold). */
  promptLines: number;
}
interface LaidBand {
  cells: LaidCell[];
  lines: number;
  stretch: number;
  /** Height added to the row to fill the page. */
  extra: number;
}
interface LaidGroup {
  label: string[];
  bands: LaidBand[];
}

class FormPdf {
  readonly doc: PDFKit.PDFDocument;
  private size = BODY_SIZES[0];
  private readonly left = MARGIN.left;
  private readonly tableWidth = PDF_WIDTHS.reduce((a, b) => a + b, 0);
  private readonly pageBottom = A4[1] - MARGIN.bottom;

  constructor(private readonly data: RegistrationFormData) {
    const created = formDate(data.registeredOn);
    const PDFDocument = loadPdfKit();
    this.doc = new PDFDocument({
      size: A4,
      layout: 'portrait',
      margins: MARGIN,
      autoFirstPage: false,
      lang: 'zh-CN',
      displayTitle: true,
      info: {
        Title: REGISTRATION_FORM_TITLE,
        Subject: data.projectName,
        Author: data.registeringDepartment,
        Creator: 'gov-data-catalog',
        Keywords: data.number,
        ...(created ? { CreationDate: created, ModDate: created } : {}),
      },
    });
    this.doc.registerFont(REGULAR, fontData('NotoSansHans-Regular.otf'));
    this.doc.registerFont(BOLD, fontData('NotoSansHans-Bold.otf'));
  }

  private get lineHeight(): number {
    return this.size * 1.5;
  }

  private measure(font: string): Measure {
    return (s) => this.doc.font(font).fontSize(this.size).widthOfString(s);
  }

  private layout(): LaidGroup[] {
    const regular = this.measure(REGULAR);
    const bold = this.measure(BOLD);
    return formGroups(this.data).map((g) => ({
      label: wrap(g.label, PDF_WIDTHS[0] - 2 * PAD_X, bold),
      bands: g.bands.map((band) => {
        let col = 1;
        const cells = band.cells.map((cell): LaidCell => {
          const x = this.left + PDF_WIDTHS.slice(0, col).reduce((a, b) => a + b, 0);
          const width = PDF_WIDTHS.slice(col, col + cell.span).reduce((a, b) => a + b, 0);
          col += cell.span;
          const inner = width - 2 * PAD_X;
          if (cell.kind === 'prompt') {
            const prompt = wrap(cell.prompt ?? '', inner, bold);
            // The text starts under the prompt, indented two characters like a paragraph.
            const indent = this.size * 2;
            const body = cell.text ? wrap(cell.text, inner - indent, regular).map((l) => `\u3000\u3000${l}`) : [];
            return { cell, x, width, lines: [...prompt, ...body], promptLines: prompt.length };
          }
          const lines = cell.text ? wrap(cell.text, inner, cell.kind === 'label' ? bold : regular) : [];
          return { cell, x, width, lines, promptLines: 0 };
        });
        return { cells, lines: Math.max(band.minLines, ...cells.map((c) => c.lines.length)), stretch: band.stretch ?? 0, extra: 0 };
      }),
    }));
  }

  private bandHeight(lines: number): number {
    return lines * this.lineHeight + 2 * PAD_Y;
  }

  private groupHeight(g: LaidGroup): number {
    const bands = g.bands.reduce((h, b) => h + this.bandHeight(b.lines) + b.extra, 0);
    return Math.max(bands, this.bandHeight(g.label.length));
  }

  /**
   * Lays the form out at the largest body size at which it fits one page, and shares the spare height
   * out among the rows meant for writing, as a printed form fills its page. A form too long for one
   * page at the smallest size keeps the normal size and runs on over pages.
   */
  private fit(): LaidGroup[] {
    const available = this.pageBottom - MARGIN.top - TITLE_GAP - FOOTER_GAP;
    const total = (gs: LaidGroup[]) => gs.reduce((h, g) => h + this.groupHeight(g), 0);
    for (const size of BODY_SIZES) {
      this.size = size;
      const groups = this.layout();
      const spare = available - total(groups);
      if (spare < 0) continue;
      const bands = groups.flatMap((g) => g.bands).filter((b) => b.stretch > 0);
      const weight = bands.reduce((w, b) => w + b.stretch, 0);
      for (const b of bands) b.extra = (spare * b.stretch) / weight;
      return groups;
    }
    this.size = BODY_SIZES[0];
    return this.layout();
  }

  private drawLines(
    lines: string[],
    boldLines: number,
    x: number,
    y: number,
    width: number,
    height: number,
    align: 'left' | 'center',
  ): void {
    const doc = this.doc;
    let top = y + (height - lines.length * this.lineHeight) / 2;
    lines.forEach((line, i) => {
      doc.font(i < boldLines ? BOLD : REGULAR).fontSize(this.size);
      const w = doc.widthOfString(line);
      const lx = align === 'center' ? x + (width - w) / 2 : x + PAD_X;
      // pdfkit places the top of the font's line box at y; centre that box in the line pitch.
      doc.text(line, lx, top + (this.lineHeight - doc.currentLineHeight()) / 2, { lineBreak: false });
      top += this.lineHeight;
    });
  }

  private drawLabel(lines: string[], y: number, height: number): void {
    this.doc.rect(this.left, y, PDF_WIDTHS[0], height).stroke();
    const fit = Math.max(1, Math.floor((height - 2 * PAD_Y) / this.lineHeight));
    const shown = lines.slice(0, fit);
    this.drawLines(shown, shown.length, this.left, y, PDF_WIDTHS[0], height, 'center');
  }

  /** Draws `count` lines of a band starting at line `from`, as one row of cells of the given height. */
  private drawBand(band: LaidBand, from: number, count: number, y: number, height: number): void {
    const whole = from === 0 && count >= band.lines;
    for (const c of band.cells) {
      this.doc.rect(c.x, y, c.width, height).stroke();
      const lines = c.lines.slice(from, from + count);
      const boldLines = c.cell.kind === 'label' ? lines.length : Math.max(0, c.promptLines - from);
      const align = c.cell.kind === 'label' ? 'center' : 'left';
      if (c.cell.kind === 'prompt' || !whole) {
        // Prompts, and rows split over two pages, read from the top of the cell.
        const used = lines.length * this.lineHeight + 2 * PAD_Y;
        this.drawLines(lines, boldLines, c.x, y, c.width, used, align);
      } else {
        this.drawLines(lines, boldLines, c.x, y, c.width, height, align);
      }
    }
  }

  private newPage(first: boolean): number {
    const doc = this.doc;
    doc.addPage();
    doc.lineWidth(0.75).strokeColor('#000000').fillColor('#000000');
    if (!first) return MARGIN.top;
    // 附件1: above the title at the left, as in the seed; the registration's number at the right.
    doc.font(BOLD).fontSize(12);
    doc.text(`${REGISTRATION_FORM_LABEL}:`, this.left, MARGIN.top - 26, { lineBreak: false });
    doc.font(REGULAR).fontSize(10);
    const numberText = `登记编号：${this.data.number}`;
    doc.text(numberText, this.left + this.tableWidth - doc.widthOfString(numberText), MARGIN.top - 24, { lineBreak: false });
    doc.font(BOLD).fontSize(TITLE_SIZE);
    const w = doc.widthOfString(REGISTRATION_FORM_TITLE);
    doc.text(REGISTRATION_FORM_TITLE, this.left + (this.tableWidth - w) / 2, MARGIN.top, { lineBreak: false });
    return MARGIN.top + TITLE_GAP;
  }

  private frame(top: number, bottom: number): void {
    this.doc
      .save()
      .lineWidth(1.5)
      .rect(this.left, top, this.tableWidth, bottom - top)
      .stroke()
      .restore();
  }

  render(): void {
    const groups = this.fit();
    let y = this.newPage(true);
    let tableTop = y;
    for (const g of groups) {
      const groupHeight = this.groupHeight(g);
      // Keep a group on one page when it fits on one.
      if (y + groupHeight > this.pageBottom && groupHeight <= this.pageBottom - MARGIN.top && y > tableTop) {
        this.frame(tableTop, y);
        y = tableTop = this.newPage(false);
      }
      let labelTop = y;
      // A group whose label needs more lines than its rows: the last row grows.
      const extra = Math.max(0, groupHeight - g.bands.reduce((h, b) => h + this.bandHeight(b.lines) + b.extra, 0));
      g.bands.forEach((band, bi) => {
        let from = 0;
        while (from < band.lines) {
          const rest = band.lines - from;
          const grow = band.extra + (bi === g.bands.length - 1 ? extra : 0);
          const fits = Math.floor((this.pageBottom - y - 2 * PAD_Y) / this.lineHeight);
          const wholeOnFreshPage = this.bandHeight(rest) <= this.pageBottom - MARGIN.top;
          if (fits < rest && (fits < 1 || (from === 0 && wholeOnFreshPage && y > tableTop))) {
            // Not even a line fits here, or the row would fit whole on a fresh page: continue there.
            // A row taller than a page is split between lines.
            if (y > labelTop) this.drawLabel(g.label, labelTop, y - labelTop);
            this.frame(tableTop, y);
            y = tableTop = labelTop = this.newPage(false);
            continue;
          }
          const count = Math.min(rest, fits);
          const height = this.bandHeight(count) + (count === rest ? grow : 0);
          this.drawBand(band, from, count, y, height);
          y += height;
          from += count;
        }
      });
      this.drawLabel(g.label, labelTop, y - labelTop);
    }
    this.frame(tableTop, y);
    this.doc.font(REGULAR).fontSize(this.size);
    const w = this.doc.widthOfString(REGISTRATION_FORM_FOOTER);
    this.doc.text(REGISTRATION_FORM_FOOTER, this.left + this.tableWidth - w, y + 8, { lineBreak: false });
  }
}

/** The form as a PDF on A4 portrait, with the Noto Sans Hans subset it uses embedded. */
export function registrationPdf(data: RegistrationFormData): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    try {
      const form = new FormPdf(data);
      const chunks: Buffer[] = [];
      form.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      form.doc.on('end', () => resolve(Buffer.concat(chunks)));
      form.doc.on('error', reject);
      form.render();
      form.doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
