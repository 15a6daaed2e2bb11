import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import express from 'express';
import { Database } from '../../db/database';
import { Actor } from '../../domain/actor';
import {
  Column,
  ENTRY_COLUMNS,
  ENTRY_SHEET,
  entryCells,
  ITEM_COLUMNS,
  ITEM_SHEET,
  itemCells,
  WorkbookChoices,
  workbookChoices,
} from '../../domain/catalog-workbook';
import { spreadsheetSafe } from '../../domain/delivery-rows';
import { labelOf, resourceStatuses } from '../../domain/vocabularies';
import { shanghaiDate, shanghaiDateTime } from '../../domain/working-days';
import { RuleViolationError } from '../../errors';
import { QueryOf } from '../../http/api-types';
import { CatalogExcelStore } from './catalog-excel.store';
import {
  addDataSheet,
  addDropDowns,
  addListsSheet,
  addNotesSheet,
  commitSheet,
  TEMPLATE_ENTRY_ROWS,
  TEMPLATE_ITEM_ROWS,
  XLSX_TYPE,
} from './catalog-sheets';
import type { Resource, ResourceService } from './resources.service';

// The catalog export (docs/resources.md "Excel 导入与导出"): the entries a search finds — with the
// search's filters and visibility (a department's own drafts when it asks for them, everyone's
// published entries) — as an .xlsx workbook laid out as the import template (so it can be
// imported back) or as CSV (UTF-8 with a byte-order mark, for Excel), the national core metadata
// as columns. Read a page of 500 at a time and written as it goes (exceljs's streamed writer, CSV
// lines), never the whole result in memory; at most EXPORT_MAX_ENTRIES entries (422 beyond:
// narrow the search).

export const EXPORT_MAX_ENTRIES = 100_000;
const PAGE = 500;
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export type ExportQuery = QueryOf<'exportResourcesXlsx'>;

/** An instant as a spreadsheet date showing Beijing wall-clock time (exceljs writes a Date's UTC fields). */
function beijingCellDate(iso: string | null): Date | null {
  if (!iso) return null;
  return new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS);
}

function attachmentHeaders(res: express.Response, type: string, asciiName: string, filename: string): void {
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Disposition', `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(filename)}`);
}

async function drained(out: NodeJS.WritableStream & { writableNeedDrain?: boolean }): Promise<void> {
  if (out.writableNeedDrain) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
}

export interface CatalogExportDeps {
  db: Database;
  resources: ResourceService;
}

export class CatalogExport {
  private readonly store = new CatalogExcelStore();

  constructor(private readonly deps: CatalogExportDeps) {}

  /** Writes the export to `res` in `format`; 422 when the search finds more than EXPORT_MAX_ENTRIES. */
  async write(actor: Actor, query: ExportQuery, format: 'xlsx' | 'csv', res: express.Response): Promise<void> {
    const { sort, ...filters } = query;
    const { total } = await this.deps.resources.facets(actor, filters);
    if (total > EXPORT_MAX_ENTRIES) {
      throw new RuleViolationError(
        'export_too_large',
        `符合条件的目录有 ${total} 个，一次至多导出 ${EXPORT_MAX_ENTRIES} 个，请缩小检索范围 (too many entries; narrow the search)`,
        [{ path: 'q', code: 'export_too_large', message: `至多 ${EXPORT_MAX_ENTRIES} 个 (at most ${EXPORT_MAX_ENTRIES})` }],
      );
    }
    const choices = workbookChoices(await this.deps.resources.categoryChoices());
    const pages = this.pages(actor, { ...filters, ...(sort ? { sort } : {}) });
    // The first page is read before the answer starts, so a refused search is still a problem answer.
    const first = await pages.next();
    try {
      if (format === 'csv') await this.csv(res, choices, first, pages);
      else await this.xlsx(res, choices, first, pages);
    } catch (err) {
      if (!res.headersSent) throw err;
      // The answer has started: it cannot become a problem answer, so it is cut off (the client sees it fail).
      res.destroy(err as Error);
    }
  }

  /** Every matching entry with its items, a page at a time. */
  private async *pages(actor: Actor, query: Omit<ExportQuery, never>): AsyncGenerator<Resource[]> {
    let cursor: string | undefined;
    let count = 0;
    do {
      const page = await this.deps.resources.searchPage(actor, { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) });
      const entries = await this.store.entriesWithItems(
        this.deps.db,
        page.items.map((s) => s.id),
      );
      count += entries.length;
      yield entries;
      cursor = page.nextCursor ?? undefined;
    } while (cursor && count < EXPORT_MAX_ENTRIES);
  }

  private async csv(
    res: express.Response,
    choices: WorkbookChoices,
    first: IteratorResult<Resource[]>,
    pages: AsyncGenerator<Resource[]>,
  ): Promise<void> {
    const columns = ENTRY_COLUMNS.filter((c) => c.key !== 'rowKey');
    attachmentHeaders(res, 'text/csv; charset=utf-8', 'catalog.csv', '信息资源目录.csv');
    res.status(200);
    res.write(`\ufeff${stringify([[...columns.map((c) => c.heading), '信息项']])}`);
    let n = 0;
    for (let page = first; !page.done; page = await pages.next()) {
      const lines = page.value.map((e) => {
        n += 1;
        const cells = entryCells(String(n), e, choices, labelOf(resourceStatuses, e.status));
        return [...columns.map((c) => csvValue(c, cells[c.key])), spreadsheetSafe(e.items.map((i) => i.name).join('、'))];
      });
      if (lines.length > 0) res.write(stringify(lines));
      await drained(res);
    }
    res.end();
  }

  private async xlsx(
    res: express.Response,
    choices: WorkbookChoices,
    first: IteratorResult<Resource[]>,
    pages: AsyncGenerator<Resource[]>,
  ): Promise<void> {
    attachmentHeaders(res, XLSX_TYPE, 'catalog.xlsx', '信息资源目录.xlsx');
    res.status(200);
    const pass = new PassThrough();
    pass.pipe(res);
    const finished = new Promise<void>((resolve, reject) => {
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
      pass.once('error', reject);
    });
    // Inline strings: shared strings are held in memory until the end.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: pass, useSharedStrings: false, useStyles: true });
    workbook.creator = '信息资源目录';

    // 目录: one row per entry; the entries' ids kept for the items sheet, written after it (a
    // streamed workbook writes its sheets one after the other).
    const entrySheet = addDataSheet(workbook, ENTRY_SHEET, ENTRY_COLUMNS);
    const written: Array<{ id: string; name: string }> = [];
    for (let page = first; !page.done; page = await pages.next()) {
      for (const e of page.value) {
        written.push({ id: e.id, name: e.name });
        const cells = entryCells(String(written.length), e, choices, labelOf(resourceStatuses, e.status));
        const row = entrySheet.addRow(ENTRY_COLUMNS.map((c) => xlsxValue(c, cells[c.key])));
        ENTRY_COLUMNS.forEach((c, i) => {
          if (c.key === 'publishedAt') row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
          if (c.key === 'updatedAt') row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
        });
        row.commit();
      }
      await drained(res);
    }
    addDropDowns(entrySheet, ENTRY_COLUMNS, choices, Math.max(written.length + 2, TEMPLATE_ENTRY_ROWS));
    commitSheet(entrySheet);

    // 信息项: the items of the same entries, read again by id a page at a time.
    const itemSheet = addDataSheet(workbook, ITEM_SHEET, ITEM_COLUMNS);
    let itemRows = 0;
    for (let i = 0; i < written.length; i += PAGE) {
      const slice = written.slice(i, i + PAGE);
      const items = await this.store.itemsOf(
        this.deps.db,
        slice.map((w) => w.id),
      );
      slice.forEach((w, j) => {
        for (const item of items.get(w.id) ?? []) {
          const cells = itemCells(String(i + j + 1), w.name, item, choices);
          itemSheet.addRow(ITEM_COLUMNS.map((c) => xlsxValue(c, cells[c.key]))).commit();
          itemRows += 1;
        }
      });
      await drained(res);
    }
    addDropDowns(itemSheet, ITEM_COLUMNS, choices, Math.max(itemRows + 2, TEMPLATE_ITEM_ROWS));
    commitSheet(itemSheet);
    addNotesSheet(workbook);
    addListsSheet(workbook, choices);
    await workbook.commit();
    await finished;
  }
}

/** A cell of the workbook: dates as Beijing-time dates, numbers as numbers, text as it is. */
function xlsxValue(column: Column, value: string | number | null): string | number | Date | null {
  if (column.key === 'publishedAt' || column.key === 'updatedAt') return beijingCellDate(value as string | null);
  return value;
}

/** A CSV cell: Beijing date or date-time, formula-like text escaped for spreadsheets. */
function csvValue(column: Column, value: string | number | null): string {
  if (value === null || value === '') return '';
  if (column.key === 'publishedAt') return shanghaiDate(new Date(value as string));
  if (column.key === 'updatedAt') return shanghaiDateTime(new Date(value as string));
  return typeof value === 'number' ? String(value) : spreadsheetSafe(value);
}
