import fs from 'node:fs';

// The staging file between a delivery's two passes (docs/exchange.md): the rows the first pass
// accepted, one a line, in PostgreSQL's COPY text format — the row's key (JSON), its values by item
// (a JSON array), whether it marks a deletion (t/f) and the key the query API looks it up by (JSON,
// or \N for none), separated by tabs. PostgreSQL's COPY reads the file as it is; SQLite's ingest
// splits each line at its tabs. JSON writes a tab, a line break or a carriage return inside a value
// as an escape, so only the backslash needs escaping for COPY (doubled).

/** A staged row: its key and values as stored (JSON text), whether it marks a deletion. */
export interface StagedRow {
  key: string;
  valuesJson: string;
  deleted: boolean;
  lookupKey: string | null;
}

/** The size of the staging writer's buffers: written to the file when one is full. */
const BUFFER_BYTES = 1 << 20;

const toCopyText = (text: string) => (text.indexOf('\\') < 0 ? text : text.replace(/\\/g, '\\\\'));
const fromCopyText = (text: string) => (text.indexOf('\\') < 0 ? text : text.replace(/\\\\/g, '\\'));

/**
 * Appends staged rows to the file. `add` encodes each field straight into a buffer: a line built by
 * string concatenation is a rope V8 flattens before encoding, which cost the first pass 3 s per
 * million rows (ADR 0031). `flush` hands full buffers to the file, awaiting the disk when it lags.
 */
export class StagingWriter {
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private readonly full: Buffer[] = [];

  constructor(private readonly out: fs.WriteStream) {}

  add(key: string, valuesJson: string, deleted: boolean, lookupKey: string | null): void {
    const k = toCopyText(key);
    const v = toCopyText(valuesJson);
    const l = lookupKey === null ? null : lookupKey === key ? k : toCopyText(lookupKey);
    // At most 3 bytes per UTF-16 unit, and 7 for the tabs, the deleted mark, \N and the line break.
    const most = 3 * (k.length + v.length + (l === null ? 0 : l.length)) + 7;
    if (this.used + most > this.buffer.length) this.next(most);
    const b = this.buffer;
    let at = this.used;
    at += b.write(k, at, 'utf8');
    b[at++] = TAB;
    at += b.write(v, at, 'utf8');
    b[at++] = TAB;
    b[at++] = deleted ? 116 : 102;
    b[at++] = TAB;
    if (l === null) {
      b[at++] = BACKSLASH;
      b[at++] = 78;
    } else {
      at += b.write(l, at, 'utf8');
    }
    b[at++] = LINE;
    this.used = at;
  }

  /** Writes the buffers filled so far (and the one being filled too with `all`). */
  async flush(all = false): Promise<void> {
    if (all && this.used > 0) this.next(0);
    while (this.full.length > 0) {
      if (!this.out.write(this.full.shift()!)) await new Promise<void>((resolve) => this.out.once('drain', () => resolve()));
    }
  }

  private next(need: number): void {
    if (this.used > 0) this.full.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(Math.max(BUFFER_BYTES, need));
    this.used = 0;
  }
}

const TAB = 9;
const LINE = 10;
const BACKSLASH = 92;

/**
 * A staged row as bytes: its fields as the file holds them (UTF-8), for a database that takes them
 * as they are — SQLite binds a Buffer without turning it into a JavaScript string and back. A field
 * that held an escaped backslash comes as a string, unescaped.
 */
export interface StagedBytes {
  key: Buffer | string;
  valuesJson: Buffer | string;
  deleted: boolean;
  lookupKey: Buffer | string | null;
}

function field(chunk: Buffer, start: number, end: number): Buffer | string {
  const bytes = chunk.subarray(start, end);
  return bytes.indexOf(BACKSLASH) < 0 ? bytes : fromCopyText(bytes.toString('utf8'));
}

/** The staged rows of a file as bytes, in batches of about `size` rows; the file is streamed, never held whole. */
export async function* stagedByteBatches(file: string, size: number): AsyncGenerator<StagedBytes[]> {
  let rest: Buffer | null = null;
  let batch: StagedBytes[] = [];
  for await (const read of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    const chunk: Buffer = rest ? Buffer.concat([rest, read as Buffer]) : (read as Buffer);
    let pos = 0;
    for (let nl = chunk.indexOf(LINE); nl >= 0; nl = chunk.indexOf(LINE, pos)) {
      const tab1 = chunk.indexOf(TAB, pos);
      const tab2 = chunk.indexOf(TAB, tab1 + 1);
      const tab3 = chunk.indexOf(TAB, tab2 + 1);
      if (tab1 < 0 || tab2 < 0 || tab3 < 0 || tab3 > nl) throw new Error(`malformed staging line in ${file}`);
      const nullLookup = nl - tab3 === 3 && chunk[tab3 + 1] === BACKSLASH && chunk[tab3 + 2] === 78;
      batch.push({
        key: field(chunk, pos, tab1),
        valuesJson: field(chunk, tab1 + 1, tab2),
        deleted: chunk[tab2 + 1] === 116,
        lookupKey: nullLookup ? null : field(chunk, tab3 + 1, nl),
      });
      pos = nl + 1;
    }
    rest = pos < chunk.length ? chunk.subarray(pos) : null;
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (rest) throw new Error(`the staging file ${file} ends inside a line`);
  if (batch.length > 0) yield batch;
}

/** The staged rows of a file, in batches of about `size` rows; the file is streamed, never held whole. */
export async function* stagedBatches(file: string, size: number): AsyncGenerator<StagedRow[]> {
  let rest = '';
  let batch: StagedRow[] = [];
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest === '' ? (chunk as string) : rest + (chunk as string);
    let pos = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', pos)) {
      const tab1 = text.indexOf('\t', pos);
      const tab2 = text.indexOf('\t', tab1 + 1);
      const tab3 = text.indexOf('\t', tab2 + 1);
      if (tab1 < 0 || tab2 < 0 || tab3 < 0 || tab3 > nl) throw new Error(`malformed staging line at offset ${pos} of ${file}`);
      const lookup = text.slice(tab3 + 1, nl);
      batch.push({
        key: fromCopyText(text.slice(pos, tab1)),
        valuesJson: fromCopyText(text.slice(tab1 + 1, tab2)),
        deleted: text.charCodeAt(tab2 + 1) === 116,
        lookupKey: lookup === '\\N' ? null : fromCopyText(lookup),
      });
      pos = nl + 1;
    }
    rest = text.slice(pos);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (rest !== '') throw new Error(`the staging file ${file} ends inside a line`);
  if (batch.length > 0) yield batch;
}
