import { PassThrough, Writable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { spreadsheetSafe } from '../../domain/delivery-rows';

// How a download is written, per format (docs/exchange.md "Downloads"): CSV as Excel and WPS open
// it (UTF-8 with a byte-order mark, formula-like cells escaped), JSON Lines, or .xlsx written
// streamed by exceljs's WorkbookWriter (rows committed as they go, never the whole sheet in
// memory). Every writer takes the header once, then lines of released values.

export type DownloadFormat = 'csv' | 'jsonl' | 'xlsx';

export interface Line {
  values: Array<string | null>;
  deleted: boolean;
}

export interface DownloadWriter {
  contentType: string;
  extension: string;
  header(names: string[], changes: boolean): Promise<void>;
  lines(lines: Line[]): Promise<void>;
  end(): Promise<void>;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, formula-like text
 * escaped for spreadsheets. By hand for the rows: csv-stringify took 8 µs a row of 20 cells where
 * this takes 3 (bench/RESULTS.md, 2026-12-05, downloads); the header still goes through it.
 */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = spreadsheetSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Writes to `out`, waiting when it asks to (a slow client slows the reads, not the memory). */
function writerOf(out: Writable) {
  return async (text: string | Buffer) => {
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  };
}

export function downloadWriter(format: DownloadFormat, out: Writable): DownloadWriter {
  const write = writerOf(out);
  let names: string[] = [];
  let changes = false;
  switch (format) {
    case 'csv':
      return {
        contentType: 'text/csv; charset=utf-8',
        extension: 'csv',
        async header(n, c) {
          [names, changes] = [n, c];
          await write(`\ufeff${stringify([[...names, ...(changes ? ['_deleted'] : [])]])}`);
        },
        async lines(lines) {
          let text = '';
          for (const l of lines) {
            let line = '';
            for (let i = 0; i < l.values.length; i++) line += (i === 0 ? '' : ',') + csvCell(l.values[i]);
            text += changes ? `${line},${l.deleted ? '1' : ''}\r\n` : `${line}\r\n`;
          }
          await write(text);
        },
        async end() {},
      };
    case 'jsonl':
      return {
        contentType: 'application/x-ndjson; charset=utf-8',
        extension: 'jsonl',
        async header(n, c) {
          [names, changes] = [n, c];
        },
        async lines(lines) {
          await write(
            lines
              .map((l) => {
                const row: Record<string, unknown> = Object.fromEntries(names.map((name, i) => [name, l.values[i]]));
                if (changes) row._deleted = l.deleted;
                return `${JSON.stringify(row)}\n`;
              })
              .join(''),
          );
        },
        async end() {},
      };
    case 'xlsx': {
      // Through a pass-through that does not end `out`: the workbook's commit ends its stream, and the
      // answer must stay open until the download's access record is written.
      const pass = new PassThrough();
      pass.pipe(out, { end: false });
      const flushed = new Promise<void>((resolve) => pass.once('end', () => resolve()));
      // useSharedStrings off: shared strings are kept in memory until the end; inline strings are not.
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useSharedStrings: false, useStyles: false });
      const sheet = workbook.addWorksheet('数据');
      return {
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        extension: 'xlsx',
        async header(n, c) {
          [names, changes] = [n, c];
          sheet.addRow([...names, ...(changes ? ['_deleted'] : [])]).commit();
        },
        async lines(lines) {
          // Cells are strings: an ID number or a leading zero stays as delivered (no number guessing).
          for (const l of lines) sheet.addRow([...l.values.map((v) => v ?? ''), ...(changes ? [l.deleted ? '1' : ''] : [])]).commit();
          if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
          if (pass.writableNeedDrain) await new Promise<void>((resolve) => pass.once('drain', () => resolve()));
        },
        async end() {
          sheet.commit();
          await workbook.commit();
          await flushed;
        },
      };
    }
  }
}
