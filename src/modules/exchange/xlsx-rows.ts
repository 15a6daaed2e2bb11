import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { AppError, RuleViolationError } from '../../errors';

// The rows of an .xlsx delivery (docs/exchange.md): the first worksheet, read streamed with
// exceljs's WorkbookReader — row by row from the zip, never the workbook whole (only its shared
// strings table, which the sheet's cells point into, is held). Each row comes with its spreadsheet
// row number and its cells' values as exceljs reads them (numbers, Dates of date-formatted cells,
// text, rich text, formulas with their cached results); src/domain/spreadsheet-cells.ts turns them
// into the text a CSV would hold.

export interface SheetRow {
  /** The row's number in the sheet (1 = the first row), which the delivery reports as its line. */
  line: number;
  /** The cells' values, column A first; trailing empty cells left out. */
  values: unknown[];
}

/** Whether the workbook counts dates from 1904 (old Mac workbooks), once its properties are read. */
export interface WorkbookFacts {
  date1904: boolean;
}

function malformedXlsx(detail: string): RuleViolationError {
  return new RuleViolationError('malformed_xlsx', `文件不是有效的 .xlsx 工作簿 (the file is not a readable .xlsx workbook: ${detail})`, [
    { path: '/rows', code: 'malformed_xlsx', message: '不是有效的 .xlsx 工作簿 (not a readable .xlsx workbook)' },
  ]);
}

/**
 * exceljs's reader now and then ends its parse of xl/workbook.xml without a model, then fails on the
 * first worksheet ("Cannot read properties of undefined (reading 'sheets')") — a good workbook would
 * be refused as malformed (ADR 0009, amended 2026-12-05). It fails before any row is read, so the
 * file is read again, up to twice more.
 */
const LOST_WORKBOOK_MODEL = "reading 'sheets'";
const READS = 3;

/** The rows of the file's first worksheet; `facts` is filled once the workbook's properties are read. */
export async function* xlsxRows(file: string, facts: WorkbookFacts): AsyncGenerator<SheetRow> {
  for (let attempt = 1; ; attempt++) {
    let rows = 0;
    try {
      for await (const row of firstSheetRows(file, facts)) {
        rows++;
        yield row;
      }
      return;
    } catch (err) {
      const lostModel = err instanceof RuleViolationError && err.code === 'malformed_xlsx' && err.message.includes(LOST_WORKBOOK_MODEL);
      if (!lostModel || rows > 0 || attempt >= READS) throw err;
    }
  }
}

async function* firstSheetRows(file: string, facts: WorkbookFacts): AsyncGenerator<SheetRow> {
  const input = fs.createReadStream(file);
  // styles: 'cache' so that a date-formatted number cell is read as a Date.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  try {
    for await (const sheet of guarded(reader)) {
      const props = (reader as unknown as { properties?: { model?: { date1904?: boolean } } }).properties;
      facts.date1904 = Boolean(props?.model?.date1904);
      for await (const row of guarded(sheet)) {
        const r = row as unknown as { number: number; values: unknown[] };
        // exceljs's values are 1-based (index 0 is empty) and sparse.
        const values = Array.from({ length: Math.max(0, r.values.length - 1) }, (_, i) => r.values[i + 1]);
        let last = values.length;
        while (last > 0 && isEmpty(values[last - 1])) last -= 1;
        if (last === 0) continue;
        yield { line: r.number, values: values.slice(0, last) };
      }
      // The first worksheet only.
      return;
    }
  } finally {
    input.destroy();
  }
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === '';
}

/** The reader's iteration, with what is not a workbook (a zip or XML error) refused as such. */
async function* guarded<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let next: IteratorResult<T>;
      try {
        next = await iterator.next();
      } catch (err) {
        finished = true;
        if (err instanceof AppError) throw err;
        throw malformedXlsx((err as Error)?.message?.slice(0, 200) ?? 'unreadable');
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    // Left early (the first worksheet read, or a refused row): the reader is closed too.
    if (!finished) await iterator.return?.(undefined);
  }
}
