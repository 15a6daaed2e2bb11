import { FieldError, RuleViolationError } from '../../errors';

// The records of a CSV delivery (RFC 4180: fields separated by commas, records by LF or CRLF, a
// field in double quotes may hold commas, quotes doubled and line breaks), read from decoded text
// as it arrives. Written for the delivery's hot path: a line without a quote — nearly every line of
// a delivery — is split where its commas are; only a line with a quote goes through the quoted
// reader. csv-parse took 16.5 s for the million rows of the exchange benchmark, this 1.3 s
// (docs/adr/0031-ingest-copy-and-prepared-batches.md). Empty lines are skipped; a record longer than
// `maxRecordChars` (an unclosed quote, usually) and a malformed quote refuse the file with the line.

const refused = (code: string, message: string, errors?: FieldError[]) => new RuleViolationError(code, message, errors);

export type RecordSink = (cells: string[], line: number) => void;

export class CsvRecords {
  /** Text of a record not yet complete, carried to the next chunk. */
  private rest = '';
  /** The line number of the start of `rest`. */
  private line = 1;

  constructor(private readonly maxRecordChars: number) {}

  /** Reads the complete records of `text` (after what earlier chunks left), handing each to `emit`. */
  push(text: string, emit: RecordSink): void {
    const buf = this.rest === '' ? text : this.rest + text;
    this.rest = '';
    const end = this.read(buf, emit, false);
    this.rest = end < buf.length ? buf.slice(end) : '';
    if (this.rest.length > this.maxRecordChars) throw tooLong(this.line);
  }

  /** The end of the text: the last record may lack its line break; an open quote is an error. */
  end(emit: RecordSink): void {
    if (this.rest !== '') this.read(this.rest, emit, true);
    this.rest = '';
  }

  /** Reads records from buf; answers where the first incomplete record starts. */
  private read(buf: string, emit: RecordSink, final: boolean): number {
    const n = buf.length;
    let pos = 0;
    // Where the next quote is: looked for once per quote, not once per line.
    let quote = buf.indexOf('"');
    if (quote < 0) quote = n;
    while (pos < n) {
      let nl = buf.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) return pos;
        nl = n;
      }
      if (quote < pos) {
        quote = buf.indexOf('"', pos);
        if (quote < 0) quote = n;
      }
      if (quote >= nl) {
        // A line without a quote: its commas separate its fields.
        const stop = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (stop > pos) emit(buf.slice(pos, stop).split(','), this.line);
        this.line += 1;
        pos = nl + 1;
        continue;
      }
      const record = this.quoted(buf, pos, final);
      if (!record) return pos;
      emit(record.cells, this.line);
      this.line += record.lines;
      pos = record.next;
    }
    return n;
  }

  /**
   * One record with a quote in it, from `start`: its fields, where the next record starts and how
   * many lines it took; null when the text ends first (more may come).
   */
  private quoted(buf: string, start: number, final: boolean): { cells: string[]; next: number; lines: number } | null {
    const n = buf.length;
    const cells: string[] = [];
    let lines = 1;
    let i = start;
    for (;;) {
      if (i < n && buf.charCodeAt(i) === 34) {
        // A quoted field: up to the quote not doubled.
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q < 0 || (q + 1 >= n && !final)) {
            if (!final) return null;
            throw malformed(this.line + lines - 1, 'CSV_QUOTE_NOT_CLOSED');
          }
          if (buf.charCodeAt(q + 1) === 34) {
            value += buf.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += buf.slice(from, q);
          i = q + 1;
          break;
        }
        lines += countLines(value);
        cells.push(value);
      } else {
        // An unquoted field: up to the next comma or line break; a quote inside it is malformed.
        let j = i;
        while (j < n) {
          const c = buf.charCodeAt(j);
          if (c === 44 || c === 10) break;
          if (c === 34) throw malformed(this.line + lines - 1, 'CSV_INVALID_OPENING_QUOTE');
          j++;
        }
        if (j >= n && !final) return null;
        const stop = j > i && buf.charCodeAt(j - 1) === 13 && (j >= n || buf.charCodeAt(j) === 10) ? j - 1 : j;
        cells.push(buf.slice(i, stop));
        i = j;
      }
      // After a field: a comma, a line break or the end.
      if (i >= n) {
        if (!final) return null;
        return { cells, next: n, lines };
      }
      const c = buf.charCodeAt(i);
      if (c === 44) {
        i += 1;
        continue;
      }
      if (c === 10) return { cells, next: i + 1, lines };
      if (c === 13) {
        if (i + 1 >= n) {
          if (!final) return null;
          return { cells, next: n, lines };
        }
        if (buf.charCodeAt(i + 1) === 10) return { cells, next: i + 2, lines };
      }
      throw malformed(this.line + lines - 1, 'CSV_INVALID_CLOSING_QUOTE');
    }
  }
}

function countLines(value: string): number {
  let count = 0;
  for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) count += 1;
  return count;
}

function tooLong(line: number): RuleViolationError {
  return refused('line_too_long', `第 ${line} 行超过 1 MB，文件可能有未闭合的引号 (a record exceeds 1 MB: an unclosed quote?)`, [
    { path: `/rows/${line}`, code: 'line_too_long', message: '超过 1 MB' },
  ]);
}

function malformed(line: number, code: string): RuleViolationError {
  const unclosed = code === 'CSV_QUOTE_NOT_CLOSED';
  return refused(
    'malformed_csv',
    `第 ${line} 行不是有效的 CSV：${unclosed ? '引号未闭合' : '引号位置错误'} (line ${line} is not valid CSV: ${code})`,
    [
      {
        path: `/rows/${line}`,
        code: code.toLowerCase(),
        message: unclosed ? '引号未闭合 (unclosed quote)' : '引号位置错误 (a quote where none may be)',
      },
    ],
  );
}
