import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse as parseCsv } from 'csv-parse';
import iconv from 'iconv-lite';
import { checkRow, DELETE_COLUMN, DeliveryItem, HeaderPlan, planHeader, rowKey, sniffEncoding } from '../../domain/delivery-rows';
import { FieldError, PayloadTooLargeError, RuleViolationError } from '../../errors';

// The first pass over a delivery: the upload streamed from the request — never held whole — to
// the kept copy of what was received (hashed on the way), decoded, parsed, and every row checked
// against the entry's items. The rows that pass are written to a staging file the second pass
// ingests in one transaction, so a slow upload never holds the database, and a refused delivery
// never touches it (docs/exchange.md).

export type DeliveryFormat = 'csv' | 'jsonl';
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
/** The longest record a CSV may have: a longer one is a broken file, not data (an unclosed quote). */
const MAX_RECORD_BYTES = 1024 * 1024;

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
    transform(chunk: Buffer, _e, done) {
      if (!decode) {
        seen.encoding = choice === 'auto' ? sniffEncoding(chunk) : choice;
        decode = iconv.getDecoder(seen.encoding, { stripBOM: true });
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

/** Receives a delivery: checks every row, stages the accepted ones. Throws a 4xx for a file that cannot be read as the entry's data. */
export async function receiveDelivery(body: Readable, o: IntakeOptions): Promise<IntakeResult> {
  const seen = { bytes: 0, hash: createHash('sha256'), encoding: undefined as 'utf-8' | 'gb18030' | undefined };
  const received = fs.createWriteStream(o.receivedPath);
  const staged = fs.createWriteStream(o.stagingPath);
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
  const keys = new Set<string>();
  let plan: HeaderPlan | null = null;

  const reject = (problems: FieldError[]) => {
    result.rowsRejected += 1;
    for (const p of problems) if (result.rejections.length < REJECTIONS_LISTED) result.rejections.push(p);
  };
  const accept = async (cells: string[], line: number) => {
    result.rowsReceived += 1;
    const checked = checkRow(cells, plan!, o.items, line);
    if ('problems' in checked) return reject(checked.problems);
    const key = rowKey(checked.values, o.items);
    if (keys.has(key)) {
      return reject([
        {
          path: `/rows/${line}`,
          code: 'duplicate_key',
          message: `第 ${line} 行与前面的行主键相同 (the same key appears twice in this delivery)`,
        },
      ]);
    }
    keys.add(key);
    result.rowsAccepted += 1;
    if (checked.deleted) result.rowsDeleted += 1;
    if (!staged.write(`${JSON.stringify([key, checked.values, checked.deleted])}\n`))
      await new Promise<void>((r) => staged.once('drain', () => r()));
  };

  const rows =
    o.format === 'csv'
      ? parseCsv({ relax_column_count: true, max_record_size: MAX_RECORD_BYTES, info: true, skip_empty_lines: true })
      : jsonLines();
  const consume = async (records: AsyncIterable<{ record: unknown; info: { lines: number } }>) => {
    for await (const { record, info } of records) {
      if (o.format === 'csv') {
        const cells = record as string[];
        if (!plan) {
          const header = planHeader(cells, o.items, o.increment);
          if (!header.plan)
            throw refused(
              'invalid_header',
              `表头与目录的信息项不符，共 ${header.problems.length} 处 (the header does not match the entry's items)`,
              header.problems,
            );
          plan = header.plan;
          continue;
        }
        await accept(cells, info.lines);
      } else {
        const line = info.lines;
        const object = record as Record<string, unknown> | null;
        if (!plan) plan = planHeader([...o.items.map((i) => i.name), ...(o.increment ? [DELETE_COLUMN] : [])], o.items, o.increment).plan!;
        const problems = unknownKeys(object, o.items, line, o.increment);
        if (problems.length > 0) {
          result.rowsReceived += 1;
          reject(problems);
          continue;
        }
        const cells = [...o.items.map((i) => cellOf(object![i.name])), ...(o.increment ? [cellOf(object![DELETE_COLUMN])] : [])];
        await accept(cells, line);
      }
    }
  };
  try {
    await pipeline(
      body,
      keeper(received, o.maxBytes, seen),
      decoder(o.encoding, seen),
      rows,
      async (source: AsyncIterable<{ record: unknown; info: { lines: number } }>) => consume(source),
    );
  } catch (err) {
    throw translateParseError(err);
  } finally {
    await new Promise<void>((r) => received.end(() => r()));
    await new Promise<void>((r) => staged.end(() => r()));
  }
  if (seen.bytes === 0) throw refused('empty_delivery', '交付文件为空 (the file is empty)');
  if (!plan) throw refused('invalid_header', '交付文件没有表头 (the file has no header)');
  result.bytes = seen.bytes;
  result.sha256 = seen.hash.digest('hex');
  result.encoding = seen.encoding ?? 'utf-8';
  return result;
}

/** JSON Lines as records: one object per non-empty line, with its line number. */
function jsonLines(): Transform {
  let rest = '';
  let line = 0;
  const emit = (text: string, out: Transform) => {
    line += 1;
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
    out.push({ record, info: { lines: line } });
  };
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer | string, _e, done) {
      try {
        const text = rest + chunk.toString();
        const lines = text.split('\n');
        rest = lines.pop() ?? '';
        if (rest.length > MAX_RECORD_BYTES) throw refused('line_too_long', `第 ${line + 1} 行超过 1 MB (line ${line + 1} exceeds 1 MB)`);
        for (const l of lines) emit(l.replace(/\r$/, ''), this);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        if (rest !== '') emit(rest, this);
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
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

/** csv-parse's and the streams' errors as the client's 4xx, naming the line where there is one. */
function translateParseError(err: unknown): unknown {
  const e = err as { code?: string; lines?: number; message?: string };
  if (e.code === 'CSV_MAX_RECORD_SIZE') {
    return refused(
      'line_too_long',
      `第 ${e.lines ?? '?'} 行超过 1 MB，文件可能有未闭合的引号 (a record exceeds 1 MB: an unclosed quote?)`,
      [{ path: `/rows/${e.lines ?? 0}`, code: 'line_too_long', message: '超过 1 MB' }],
    );
  }
  if (e.code?.startsWith('CSV_')) {
    const line = e.lines ?? 0;
    return refused(
      'malformed_csv',
      `第 ${line} 行不是有效的 CSV：${e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号未闭合' : '格式错误'} (line ${line} is not valid CSV: ${e.code})`,
      [
        {
          path: `/rows/${line}`,
          code: e.code.toLowerCase(),
          message: e.code === 'CSV_QUOTE_NOT_CLOSED' ? '引号未闭合 (unclosed quote)' : 'CSV 格式错误 (malformed CSV)',
        },
      ],
    );
  }
  return err;
}
