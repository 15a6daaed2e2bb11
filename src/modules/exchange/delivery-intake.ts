import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import iconv from 'iconv-lite';
import { checkRow, DELETE_COLUMN, DeliveryItem, HeaderPlan, planHeader, rowKeyOf, sniffEncoding } from '../../domain/delivery-rows';
import { lookupKey } from '../../domain/exchange-lookup';
import { spreadsheetCellText } from '../../domain/spreadsheet-cells';
import { FieldError, PayloadTooLargeError, RuleViolationError } from '../../errors';
import { CsvRecords } from './csv-records';
import { KeySet } from './key-set';
import { StagingWriter } from './staging';
import { xlsxRows } from './xlsx-rows';

// The first pass over a delivery: the upload streamed from the request — never held whole — to
// the kept copy of what was received (hashed on the way), decoded, parsed, and every row checked
// against the entry's items. The rows that pass are written to a staging file the second pass
// ingests in one transaction, so a slow upload never holds the database, and a refused delivery
// never touches it (docs/exchange.md).
//
// The first pass is most of a delivery's time (docs/adr/0031-ingest-copy-and-prepared-batches.md):
// CSV is read by a reader written for it (./csv-records.ts), the rows are checked and staged
// synchronously chunk by chunk, and the staging file is written in 64 KB pieces. An .xlsx workbook
// is kept on disk first and its first sheet read from there (./xlsx-rows.ts), each cell turned into
// the text its item's type expects (src/domain/spreadsheet-cells.ts), then checked as a CSV row is.

export type DeliveryFormat = 'csv' | 'jsonl' | 'xlsx';
export type EncodingChoice = 'auto' | 'utf-8' | 'gb18030';

export interface IntakeOptions {
  format: DeliveryFormat;
  encoding: EncodingChoice;
  items: DeliveryItem[];
  increment: boolean;
  /** Where to keep the file as received, and where to stage the accepted rows. */
  receivedPath: string;
  stagingPath: string;
  maxBytes: number;
}

export interface IntakeResult {
  bytes: number;
  sha256: string;
  encoding: 'utf-8' | 'gb18030';
  rowsReceived: number;
  rowsAccepted: number;
  rowsDeleted: number;
  rowsRejected: number;
  /** The first rejections, by line, item and reason (all are counted). */
  rejections: FieldError[];
}

/** How many rejections a delivery's answer and record list (all are counted). */
export const REJECTIONS_LISTED = 100;
/** The longest record a CSV or JSON Lines file may have (characters): a longer one is a broken file, not data (an unclosed quote). */
const MAX_RECORD_CHARS = 1024 * 1024;

const refused = (code: string, message: string, errors?: FieldError[]) => new RuleViolationError(code, message, errors);

/** Counts, hashes and keeps the bytes as they pass, and stops past the size limit. */
function keeper(file: fs.WriteStream, maxBytes: number, seen: { bytes: number; hash: ReturnType<typeof createHash> }): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen.bytes += chunk.length;
      if (seen.bytes > maxBytes) return done(new PayloadTooLargeError(`${Math.round(maxBytes / 1024 / 1024)} MB`));
      seen.hash.update(chunk);
      if (file.write(chunk)) done(null, chunk);
      else file.once('drain', () => done(null, chunk));
    },
  });
}

/** Decodes after looking at the first bytes (or as the caller said), dropping a UTF-8 byte-order mark. */
function decoder(choice: EncodingChoice, seen: { encoding?: 'utf-8' | 'gb18030' }): Transform {
  let decode: { write(b: Buffer): string; end(): string | undefined } | null = null;
  return new Transform({
    // Text out, as decoded (not turned back into bytes).
    readableObjectMode: true,
    transform(chunk: Buffer, _e, done) {
      if (!decode) {
        seen.encoding = choice === 'auto' ? sniffEncoding(chunk) : choice;
        decode = seen.encoding === 'utf-8' ? utf8Decoder() : iconv.getDecoder(seen.encoding, { stripBOM: true });
      }
      const text = decode.write(chunk);
      done(null, text.length > 0 ? text : undefined);
    },
    flush(done) {
      const rest = decode?.end();
      done(null, rest ? rest : undefined);
    },
  });
}

/**
 * UTF-8 through the WHATWG TextDecoder (simdutf in Node): 2.2 times as fast as iconv-lite's, which
 * goes through string_decoder. Streaming keeps a character cut between chunks whole; the BOM is dropped.
 */
function utf8Decoder(): { write(b: Buffer): string; end(): string } {
  const d = new TextDecoder('utf-8');
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

/** Receives a delivery: checks every row, stages the accepted ones. Throws a 4xx for a file that cannot be read as the entry's data. */
export async function receiveDelivery(body: Readable, o: IntakeOptions): Promise<IntakeResult> {
  const seen = { bytes: 0, hash: createHash('sha256'), encoding: undefined as 'utf-8' | 'gb18030' | undefined };
  const received = fs.createWriteStream(o.receivedPath);
  const stagedFile = fs.createWriteStream(o.stagingPath);
  const staged = new StagingWriter(stagedFile);
  const result: IntakeResult = {
    bytes: 0,
    sha256: '',
    encoding: 'utf-8',
    rowsReceived: 0,
    rowsAccepted: 0,
    rowsDeleted: 0,
    rowsRejected: 0,
    rejections: [],
  };
  // The keys seen so far, for the duplicate check: the delivery's one structure that grows with its
  // rows (about 40 bytes a row, outside the JavaScript heap: ./key-set.ts).
  const keys = new KeySet();
  const keyOf = rowKeyOf(o.items);
  // The query API's key of each row, when the entry has input items (the same text as the row key
  // when its input items are its key items).
  const lookupOf = lookupKeyOf(o.items);
  let plan: HeaderPlan | null = null;

  const reject = (problems: FieldError[]) => {
    result.rowsRejected += 1;
    for (const p of problems) if (result.rejections.length < REJECTIONS_LISTED) result.rejections.push(p);
  };
  /** One data row (its cells in the header's order): checked, and staged if it passes. Synchronous: the caller flushes. */
  const accept = (cells: string[], line: number) => {
    result.rowsReceived += 1;
    const checked = checkRow(cells, plan!, o.items, line);
    if ('problems' in checked) return reject(checked.problems);
    const key = keyOf(checked.values);
    if (!keys.add(key)) {
      return reject([
        {
          path: `/rows/${line}`,
          code: 'duplicate_key',
          message: `第 ${line} 行与前面的行主键相同 (the same key appears twice in this delivery)`,
        },
      ]);
    }
    result.rowsAccepted += 1;
    if (checked.deleted) result.rowsDeleted += 1;
    staged.add(key, JSON.stringify(checked.values), checked.deleted, lookupOf && lookupOf(checked.values));
  };
  const header = (cells: string[]) => {
    const planned = planHeader(cells, o.items, o.increment);
    if (!planned.plan)
      throw refused(
        'invalid_header',
        `表头与目录的信息项不符，共 ${planned.problems.length} 处 (the header does not match the entry's items)`,
        planned.problems,
      );
    plan = planned.plan;
  };
  const csvRecord = (cells: string[], line: number) => (plan ? accept(cells, line) : header(cells));
  const jsonRecord = (object: Record<string, unknown>, line: number) => {
    if (!plan) plan = planHeader([...o.items.map((i) => i.name), ...(o.increment ? [DELETE_COLUMN] : [])], o.items, o.increment).plan!;
    const problems = unknownKeys(object, o.items, line, o.increment);
    if (problems.length > 0) {
      result.rowsReceived += 1;
      reject(problems);
      return;
    }
    accept([...o.items.map((i) => cellOf(object[i.name])), ...(o.increment ? [cellOf(object[DELETE_COLUMN])] : [])], line);
  };

  try {
    if (o.format === 'xlsx') {
      // A workbook is a zip, read from its end: kept (and hashed) whole on disk first, then its
      // first sheet read from the file, streamed.
      await pipeline(body, keeper(received, o.maxBytes, seen), discard());
      await closed(received);
      if (seen.bytes > 0) {
        const facts = { date1904: false };
        let columns: number[] = [];
        for await (const row of xlsxRows(o.receivedPath, facts)) {
          if (!plan) {
            header(row.values.map((v) => spreadsheetCellText(v, 'C')));
            columns = plan!.columns;
            continue;
          }
          // Each cell as the text its item's type expects; cells past the header stay, so the row check counts them.
          const width = Math.max(columns.length, row.values.length);
          const cells = Array.from({ length: width }, (_, i) => {
            const index = i < columns.length ? columns[i] : -2;
            return spreadsheetCellText(row.values[i], index >= 0 ? o.items[index].dataType : 'C', facts.date1904);
          });
          accept(cells, row.line);
          await staged.flush();
        }
      }
    } else {
      const csv = new CsvRecords(MAX_RECORD_CHARS);
      const jsonl = new JsonLines(MAX_RECORD_CHARS);
      const read =
        o.format === 'csv'
          ? { push: (text: string) => csv.push(text, csvRecord), end: () => csv.end(csvRecord) }
          : { push: (text: string) => jsonl.push(text, jsonRecord), end: () => jsonl.end(jsonRecord) };
      // What the rows' reading refused: pipeline would report the destruction of the streams before it.
      let refusal: unknown = null;
      const step = (work: () => void) => {
        try {
          work();
        } catch (err) {
          refusal = err;
          throw err;
        }
      };
      try {
        await pipeline(body, keeper(received, o.maxBytes, seen), decoder(o.encoding, seen), async (source: AsyncIterable<string>) => {
          for await (const text of source) {
            step(() => read.push(text));
            await staged.flush();
          }
          step(() => read.end());
        });
      } catch (err) {
        throw refusal ?? err;
      }
    }
    await staged.flush(true);
  } finally {
    await closed(received);
    await closed(stagedFile);
  }
  if (seen.bytes === 0) throw refused('empty_delivery', '交付文件为空 (the file is empty)');
  if (!plan) throw refused('invalid_header', '交付文件没有表头 (the file has no header)');
  result.bytes = seen.bytes;
  result.sha256 = seen.hash.digest('hex');
  result.encoding = seen.encoding ?? 'utf-8';
  return result;
}

/** The lookup key of a row's values (src/domain/exchange-lookup.ts) for these items, or null when none is an input item. */
function lookupKeyOf(items: DeliveryItem[]): ((values: Array<string | null>) => string | null) | null {
  if (!items.some((i) => i.queryRole === 'input')) return null;
  return (values) => lookupKey(values, items);
}

/** Ends a write stream and waits until its file is closed (at once if it already is). */
function closed(stream: fs.WriteStream): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise<void>((resolve) => {
    stream.once('close', () => resolve());
    stream.end();
  });
}

/** A sink for bytes already kept by the keeper. */
function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

/** JSON Lines as records: one object per non-empty line, with its line number. */
class JsonLines {
  private rest = '';
  private line = 0;

  constructor(private readonly maxChars: number) {}

  push(text: string, emit: (object: Record<string, unknown>, line: number) => void): void {
    const lines = (this.rest + text).split('\n');
    this.rest = lines.pop() ?? '';
    if (this.rest.length > this.maxChars)
      throw refused('line_too_long', `第 ${this.line + lines.length + 1} 行超过 1 MB (line ${this.line + lines.length + 1} exceeds 1 MB)`);
    for (const l of lines) this.emitLine(l, emit);
  }

  end(emit: (object: Record<string, unknown>, line: number) => void): void {
    if (this.rest !== '') this.emitLine(this.rest, emit);
    this.rest = '';
  }

  private emitLine(raw: string, emit: (object: Record<string, unknown>, line: number) => void): void {
    this.line += 1;
    const line = this.line;
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (text.trim() === '') return;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      throw refused('malformed_line', `第 ${line} 行不是 JSON 对象 (line ${line} is not a JSON object)`, [
        { path: `/rows/${line}`, code: 'malformed_line', message: '不是 JSON' },
      ]);
    }
    if (typeof record !== 'object' || record === null || Array.isArray(record)) {
      throw refused('malformed_line', `第 ${line} 行不是 JSON 对象 (line ${line} is not a JSON object)`, [
        { path: `/rows/${line}`, code: 'malformed_line', message: '不是对象' },
      ]);
    }
    emit(record as Record<string, unknown>, line);
  }
}

function unknownKeys(object: Record<string, unknown> | null, items: DeliveryItem[], line: number, increment: boolean): FieldError[] {
  const names = new Set(items.map((i) => i.name));
  return Object.keys(object ?? {})
    .filter((k) => !names.has(k) && !(increment && k === DELETE_COLUMN))
    .map((k) => ({
      path: `/rows/${line}/${k}`,
      code: 'unknown_column',
      message: `第 ${line} 行“${k}”不是该目录的信息项 (not an item of the entry)`,
    }));
}

function cellOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : String(value);
}
