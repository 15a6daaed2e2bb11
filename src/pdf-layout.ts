import { loadPdfKit } from './lazy-modules';
import { PDF_BOLD, PDF_REGULAR, registerChineseFonts } from './pdf-fonts';

// Chinese text on printable forms (ADR 0011, 0037): line wrapping between Chinese characters with
// the basic 避头尾 rules, and a paged table whose heading row is repeated at the top of every page, as
// a printed form's table is. Used by 附件1 (registration.forms.ts) and 附件2 (sharing.forms.ts).

/** Characters that must not begin a line (they hang on the previous one) or end one (they move down). */
const NO_LINE_START = new Set([...'，。、；：？！）》」』”’】〕〉…—,.;:?!)]}%']);
const NO_LINE_END = new Set([...'（《「『“‘【〔〈([{']);

export type Measure = (s: string) => number;

/** Splits a paragraph into runs of Latin letters/digits (kept together) and single other characters. */
function tokens(para: string): string[] {
  return para.match(/[A-Za-z0-9@._\-/:%+#&=?~'’]+|\s+|[\s\S]/gu) ?? [];
}

/** Wraps text to `width`, breaking between Chinese characters and at spaces, following the basic 避头尾 rules. */
export function wrap(text: string, width: number, measure: Measure): string[] {
  const out: string[] = [];
  for (const para of text.replace(/\r\n?/g, '\n').split('\n')) {
    const lines: string[] = [];
    let line = '';
    const push = () => {
      let carry = '';
      const chars = [...line];
      if (chars.length > 1 && NO_LINE_END.has(chars[chars.length - 1])) carry = chars.pop() as string;
      lines.push(chars.join('').trimEnd());
      line = carry;
    };
    for (const tok of tokens(para)) {
      if (measure(line + tok) <= width) {
        line += tok;
      } else if (/^\s+$/.test(tok)) {
        if (line) push(); // the line breaks at the space, which is dropped
      } else if (line && NO_LINE_START.has(tok)) {
        line += tok; // hangs into the cell padding
      } else {
        if (line.trim()) push();
        if (measure(line + tok) <= width) {
          line += tok;
        } else {
          for (const ch of tok) {
            if (line && measure(line + ch) > width) push();
            line += ch;
          }
        }
      }
    }
    lines.push(line.trimEnd());
    out.push(...lines);
  }
  return out;
}

export const A4_PORTRAIT: [number, number] = [595.28, 841.89];
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28];

export interface TableColumn {
  heading: string;
  /** Share of the table's width. */
  weight: number;
  align?: 'left' | 'center';
}

export interface FormPdfOptions {
  size: [number, number];
  margin: number;
  title: string;
  subject: string;
  keywords?: string;
  /** The document's dates (reproducible output when fixed). */
  created?: Date;
  /** pdfkit's stream compression; off in tests that read the text back. */
  compress?: boolean;
}

const PAD_X = 4;
const PAD_Y = 4;

/** A paged form: text blocks and tables flowing down A4 pages. */
export class FormPdf {
  readonly doc: PDFKit.PDFDocument;
  y: number;
  private readonly margin: number;
  private readonly pageWidth: number;
  private readonly pageHeight: number;

  constructor(o: FormPdfOptions) {
    const PDFDocument = loadPdfKit();
    this.doc = new PDFDocument({
      size: o.size,
      margins: { top: o.margin, bottom: o.margin, left: o.margin, right: o.margin },
      autoFirstPage: false,
      lang: 'zh-CN',
      displayTitle: true,
      compress: o.compress ?? true,
      info: {
        Title: o.title,
        Subject: o.subject,
        Creator: 'gov-data-catalog',
        ...(o.keywords ? { Keywords: o.keywords } : {}),
        ...(o.created ? { CreationDate: o.created, ModDate: o.created } : {}),
      },
    });
    registerChineseFonts(this.doc);
    this.margin = o.margin;
    [this.pageWidth, this.pageHeight] = o.size;
    this.y = this.newPage();
  }

  get width(): number {
    return this.pageWidth - 2 * this.margin;
  }
  private get bottom(): number {
    return this.pageHeight - this.margin;
  }

  newPage(): number {
    this.doc.addPage();
    this.doc.lineWidth(0.75).strokeColor('#000000').fillColor('#000000');
    this.y = this.margin;
    return this.y;
  }

  /** Room for `height` more points on this page, or a new page. */
  ensure(height: number): void {
    if (this.y + height > this.bottom && this.y > this.margin) this.newPage();
  }

  private measure(bold: boolean, size: number): Measure {
    return (s) =>
      this.doc
        .font(bold ? PDF_BOLD : PDF_REGULAR)
        .fontSize(size)
        .widthOfString(s);
  }

  /** A block of text across the page; `keepWith` points more must follow on the same page. */
  text(text: string, o: { size: number; bold?: boolean; align?: 'left' | 'center' | 'right'; gapAfter?: number; keepWith?: number }): void {
    const lines = wrap(text, this.width, this.measure(Boolean(o.bold), o.size));
    const lh = o.size * 1.5;
    this.ensure(lh + (o.keepWith ?? 0));
    for (const line of lines) {
      this.ensure(lh);
      this.doc.font(o.bold ? PDF_BOLD : PDF_REGULAR).fontSize(o.size);
      const w = this.doc.widthOfString(line);
      const x =
        o.align === 'center' ? this.margin + (this.width - w) / 2 : o.align === 'right' ? this.margin + this.width - w : this.margin;
      this.doc.text(line, x, this.y + (lh - this.doc.currentLineHeight()) / 2, { lineBreak: false });
      this.y += lh;
    }
    this.y += o.gapAfter ?? 0;
  }

  private row(
    cells: string[],
    widths: number[],
    columns: TableColumn[],
    size: number,
    bold: boolean,
    minLines = 1,
  ): { lines: string[][]; height: number } {
    const measure = this.measure(bold, size);
    const lines = cells.map((c, i) => (c ? wrap(c, widths[i] - 2 * PAD_X, measure) : []));
    const n = Math.max(minLines, ...lines.map((l) => l.length));
    return { lines, height: n * size * 1.4 + 2 * PAD_Y };
  }

  private drawRow(
    laid: { lines: string[][]; height: number },
    widths: number[],
    columns: TableColumn[],
    size: number,
    bold: boolean,
  ): void {
    let x = this.margin;
    const lh = size * 1.4;
    laid.lines.forEach((lines, i) => {
      this.doc.rect(x, this.y, widths[i], laid.height).stroke();
      let top = this.y + (laid.height - lines.length * lh) / 2;
      for (const line of lines) {
        this.doc.font(bold ? PDF_BOLD : PDF_REGULAR).fontSize(size);
        const w = this.doc.widthOfString(line);
        const align = bold ? 'center' : (columns[i].align ?? 'left');
        const lx = align === 'center' ? x + (widths[i] - w) / 2 : x + PAD_X;
        this.doc.text(line, lx, top + (lh - this.doc.currentLineHeight()) / 2, { lineBreak: false });
        top += lh;
      }
      x += widths[i];
    });
    this.y += laid.height;
  }

  /**
   * A bordered table: the heading row, then the rows; a row that does not fit moves to a new page,
   * which starts with the heading row again. `blankRows` rows are added for writing by hand.
   */
  table(columns: TableColumn[], rows: string[][], o: { size: number; blankRows?: number }): void {
    const total = columns.reduce((a, c) => a + c.weight, 0);
    const widths = columns.map((c) => (this.width * c.weight) / total);
    const heading = this.row(
      columns.map((c) => c.heading),
      widths,
      columns,
      o.size,
      true,
    );
    const all = [...rows, ...Array.from({ length: o.blankRows ?? 0 }, () => columns.map(() => ''))];
    const first = all.length > 0 ? this.row(all[0], widths, columns, o.size, false) : null;
    this.ensure(heading.height + (first?.height ?? 0));
    this.drawRow(heading, widths, columns, o.size, true);
    for (const cells of all) {
      const laid = this.row(cells, widths, columns, o.size, false);
      if (this.y + laid.height > this.bottom) {
        this.newPage();
        this.drawRow(heading, widths, columns, o.size, true);
      }
      this.drawRow(laid, widths, columns, o.size, false);
    }
  }

  /** The finished document's bytes. */
  end(): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
      this.doc.end();
    });
  }
}
