import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { Actor, requireRole } from '../../domain/actor';
import { ImportProblem, parseCatalogWorkbook, SheetRows, TooManyRowsError, workbookChoices } from '../../domain/catalog-workbook';
import { normalizeItemName } from '../../domain/text';
import { zipInflatedSize } from '../../domain/zip-size';
import { AppError, FieldError, PayloadTooLargeError, RuleViolationError, UnsupportedMediaTypeError } from '../../errors';
import { Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { CatalogExcelStore } from './catalog-excel.store';
import { templateWorkbook, XLSX_TYPE } from './catalog-sheets';
import type { ResourceService } from './resources.service';

// The catalog import (docs/resources.md "Excel 导入与导出"): a filled template (.xlsx) is read in
// memory (capped in bytes, in inflated bytes and in rows), every problem is listed by sheet, row
// and column; a dry run (the default) answers the report, a confirmed import creates every entry as
// a draft of the caller's department with its items — through the catalog's own create, each
// audited as resource.created — and one resource.imported event, all in one transaction, or
// nothing at all (422 with the problems).

/** The largest file an import reads (bytes received) and what its zip may inflate to. */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_INFLATED_BYTES = 100 * 1024 * 1024;

export type ImportReport = Schema<'CatalogImportReport'>;

export interface CatalogImportDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  resources: ResourceService;
}

function malformed(detail: string): RuleViolationError {
  return new RuleViolationError('malformed_xlsx', `文件不是有效的 .xlsx 工作簿 (the file is not a readable .xlsx workbook: ${detail})`, [
    { path: '/', code: 'malformed_xlsx', message: '请上传由导入模板填写的 .xlsx 文件 (upload the filled .xlsx template)' },
  ]);
}

/** A problem as a FieldError of a 422: a JSON Pointer of sheet and cell, and where it is in words. */
function asFieldError(p: ImportProblem): FieldError & Omit<ImportProblem, 'code' | 'message'> {
  return { path: `/${p.sheet}${p.cell ? `/${p.cell}` : p.row ? `/${p.row}` : ''}`, ...p };
}

/** The body, read whole up to `max` bytes (413 beyond). */
async function readBody(body: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
    size += buf.length;
    if (size > max) {
      body.resume();
      throw new PayloadTooLargeError(`${Math.round(max / 1024 / 1024)} MB`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** The workbook's sheets as rows of cell values (column A first), empty rows left out. */
async function sheetsOf(file: Buffer): Promise<SheetRows[]> {
  const inflated = zipInflatedSize(file);
  if (inflated === null) throw malformed('not a zip archive');
  if (inflated > MAX_IMPORT_INFLATED_BYTES) throw new PayloadTooLargeError(`解压后 ${MAX_IMPORT_INFLATED_BYTES / 1024 / 1024} MB`);
  const workbook = new ExcelJS.Workbook();
  try {
    // The drop-downs are not read: exceljs would expand each range into one rule per cell (tens of thousands).
    await workbook.xlsx.load(file as unknown as ArrayBuffer, { ignoreNodes: ['dataValidations'] } as Partial<ExcelJS.XlsxReadOptions>);
  } catch (err) {
    throw malformed((err as Error)?.message?.slice(0, 200) ?? 'unreadable');
  }
  return workbook.worksheets.map((sheet) => {
    const rows: SheetRows['rows'] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push({ number: row.number, values: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => values[i + 1]) });
    });
    return { name: sheet.name, rows };
  });
}

export class CatalogImport {
  private readonly store = new CatalogExcelStore();

  constructor(private readonly deps: CatalogImportDeps) {}

  /** The drop-downs' options; the categories through the catalog's one place for them. */
  private async choices() {
    return workbookChoices(await this.deps.resources.categoryChoices());
  }

  /** The last template written, for the options it was written with (writing one takes ~70 ms). */
  private kept: { key: string; file: Promise<Buffer> } | null = null;

  /** The import template (.xlsx) with its drop-downs; written again only when the options change. */
  async template(): Promise<Buffer> {
    const choices = await this.choices();
    const key = JSON.stringify(choices);
    if (this.kept?.key !== key) {
      const file = templateWorkbook(choices);
      this.kept = { key, file };
      file.catch(() => {
        if (this.kept?.file === file) this.kept = null;
      });
    }
    return this.kept.file;
  }

  /**
   * Reads the workbook and reports every problem; unless `dryRun`, creates every entry with its
   * items in one transaction, or none. Producers only, for their own department.
   */
  async run(actor: Actor, body: Readable, contentType: string | undefined, dryRun: boolean): Promise<ImportReport> {
    try {
      requireRole(actor, 'producer');
    } catch (err) {
      // Refused before a byte is read; the body is let through unread.
      body.resume();
      throw err;
    }
    if ((contentType ?? '').split(';')[0].trim().toLowerCase() !== XLSX_TYPE) {
      body.resume();
      throw new UnsupportedMediaTypeError(`导入文件须为 .xlsx（${XLSX_TYPE}） (the import takes an .xlsx workbook)`);
    }
    const file = await readBody(body, MAX_IMPORT_BYTES);
    const sheets = await sheetsOf(file);
    let parsed;
    try {
      parsed = parseCatalogWorkbook(sheets, await this.choices());
    } catch (err) {
      if (!(err instanceof TooManyRowsError)) throw err;
      throw new RuleViolationError(
        'too_many_rows',
        `“${err.sheet}”表超过 ${err.max} 行，请分批导入 (more than ${err.max} rows; import in parts)`,
        [{ path: `/${err.sheet}`, code: 'too_many_rows', message: `至多 ${err.max} 行 (at most ${err.max} rows)` }],
      );
    }
    const existing = await this.store.existingNames(
      this.deps.db,
      actor.departmentId,
      parsed.entries.map((e) => e.body.name),
    );
    const warnings = [
      ...parsed.entries
        .filter((e) => existing.has(normalizeItemName(e.body.name)))
        .map(
          (e) =>
            `目录表第 ${e.row} 行：本部门已有名为“${e.body.name}”的目录，导入将另建一个草稿 (the department already has an entry of this name)`,
        ),
      ...parsed.ignoredHeadings.map((h) => `不认识的列“${h}”，已忽略 (unknown column, ignored)`),
    ];
    const report: ImportReport = {
      dryRun,
      valid: parsed.problems.length === 0,
      entries: parsed.entries.length,
      items: parsed.itemCount,
      problems: parsed.problems,
      warnings,
      created: [],
    };
    if (dryRun) return report;
    if (parsed.problems.length > 0) {
      throw new RuleViolationError(
        'import_invalid',
        `导入文件有 ${parsed.problems.length} 处问题，未导入任何目录 (${parsed.problems.length} problems; nothing was imported)`,
        parsed.problems.map(asFieldError),
      );
    }
    if (parsed.entries.length === 0) {
      throw new RuleViolationError('import_empty', '导入文件中没有目录 (the file holds no entry)', [
        { path: '/目录', code: 'import_empty', message: '目录表没有数据行 (no data row)' },
      ]);
    }
    const sha256 = createHash('sha256').update(file).digest('hex');
    const created = await transaction(this.deps.db, async (trx) => {
      const out: ImportReport['created'] = [];
      for (const entry of parsed.entries) {
        try {
          const saved = await this.deps.resources.createIn(trx, actor, entry.body as Parameters<ResourceService['createIn']>[2]);
          out.push({ rowKey: entry.rowKey, row: entry.row, id: saved.id, name: saved.name, items: saved.items.length });
        } catch (err) {
          // A rule only the catalog's create knows, named at the entry's row.
          if (err instanceof AppError && err.status === 422) {
            throw new RuleViolationError(
              'import_invalid',
              `目录表第 ${entry.row} 行：${err.message}；未导入任何目录 (nothing was imported)`,
              (err.errors ?? [{ message: err.message }]).map((e) => ({ ...e, path: `/目录/${entry.row}${e.path ?? ''}` })),
            );
          }
          throw err;
        }
      }
      await this.deps.audit.record(trx, actor, {
        action: 'resource.imported',
        objectType: 'department',
        objectId: actor.departmentId,
        details: { entries: out.length, items: parsed.itemCount, sha256 },
        departments: [actor.departmentId],
      });
      return out;
    });
    return { ...report, created };
  }
}
