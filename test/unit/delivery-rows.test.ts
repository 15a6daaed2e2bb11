import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { checkRow, DeliveryItem, normalizeValue, planHeader } from '../../src/domain/delivery-rows';
import { isAcceptedInstant } from '../../src/domain/instants';
import { numberText, serialToDate, spreadsheetCellText } from '../../src/domain/spreadsheet-cells';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CsvRecords } from '../../src/modules/exchange/csv-records';
import { KeySet } from '../../src/modules/exchange/key-set';
import { stagedBatches, stagedByteBatches, StagingWriter } from '../../src/modules/exchange/staging';

// The row checks of a delivery were made fast for the ingest (ADR 0031): dates and spreadsheet
// date-times read digit by digit, lengths counted only when a text may be too long, CSV read by a
// reader of our own. These tests hold the fast forms to what they replaced: the Date-based checks
// below (as they were before), and csv-parse, which still reads nothing else.

/** The date and date-time checks as they were, built on Date (the reference). */
function referenceDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
function referenceDateTime(value: string): string | null {
  const iso = value.replace(/^(\d{4}-\d{2}-\d{2}) (\d)/, '$1T$2');
  const withZone = /(Z|[+-]\d{2}:\d{2})$/.test(iso) ? iso : `${iso}+08:00`;
  return isAcceptedInstant(withZone) ? new Date(withZone).toISOString() : null;
}

const item = (dataType: string, length: number | null = null): DeliveryItem => ({ name: 'x', dataType, length });
const valueOf = (r: { value: string | null } | { reason: string }) => ('value' in r ? r.value : null);

const digits = (n: number, max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(n, '0'));
/** Dates and date-times near the edges: month ends, leap days, 1969/1970, hours before 08:00. */
const dateText = fc
  .tuple(fc.constantFrom('1969', '1970', '1999', '2000', '2024', '2100', '0050', '9999', '2023'), digits(2, 13), digits(2, 32))
  .map(([y, m, d]) => `${y}-${m}-${d}`);
const dateTimeText = fc
  .tuple(dateText, fc.constantFrom(' ', 'T', '  '), digits(2, 25), digits(2, 60), digits(2, 61), fc.constantFrom('', 'Z', '+08:00', '.5'))
  .map(([d, sep, h, m, s, tail]) => `${d}${sep}${h}:${m}:${s}${tail}`);

describe('normalizeValue (the fast forms against the Date-based ones)', () => {
  it('reads dates as before', () => {
    fc.assert(
      fc.property(fc.oneof(dateText, fc.string({ maxLength: 12 })), (text) => {
        expect(valueOf(normalizeValue(text, item('D')))).toBe(referenceDate(text.trim()) ? text.trim() : null);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads date-times, spreadsheet-style ones read as Beijing time, as before', () => {
    fc.assert(
      fc.property(fc.oneof(dateTimeText, fc.string({ maxLength: 25 })), (text) => {
        const value = text.trim();
        expect(valueOf(normalizeValue(text, item('T')))).toBe(value === '' ? null : referenceDateTime(value));
      }),
      { numRuns: 5000 },
    );
    expect(normalizeValue('1970-01-01 07:59:59', item('T'))).toHaveProperty('reason');
    expect(normalizeValue('1970-01-01 08:00:00', item('T'))).toEqual({ value: '1970-01-01T00:00:00.000Z' });
    expect(normalizeValue('2024-03-01 07:00:00', item('T'))).toEqual({ value: '2024-02-29T23:00:00.000Z' });
    expect(normalizeValue('2025-01-01 00:00:00', item('T'))).toEqual({ value: '2024-12-31T16:00:00.000Z' });
  });

  it('counts lengths in characters, a character outside the BMP as one', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 12 }), fc.integer({ min: 1, max: 8 }), (text, length) => {
        const value = text.trim();
        const chars = [...value].length;
        const r = normalizeValue(text, item('C', length));
        if (value === '' || chars <= length) expect(r).toEqual({ value: value === '' ? null : value });
        else expect(r).toEqual({ reason: `长度 ${chars} 超过 ${length} (longer than the item's length)` });
      }),
      { numRuns: 5000 },
    );
  });

  it('checks a row as before: values by item, required and key items, the delete mark', () => {
    const items: DeliveryItem[] = [
      { name: '编号', dataType: 'C', length: 4, key: true },
      { name: '名称', dataType: 'C', length: 5, required: true },
      { name: '日期', dataType: 'D' },
    ];
    const plan = planHeader(['编号', '名称', '日期', '_delete'], items, true).plan!;
    expect(checkRow(['A1', '甲', '2024-02-29', ''], plan, items, 2)).toEqual({ values: ['A1', '甲', '2024-02-29'], deleted: false });
    expect(checkRow(['A1', '', '', '是'], plan, items, 3)).toEqual({ values: ['A1', null, null], deleted: true });
    const bad = checkRow(['', '', '2023-02-29', ''], plan, items, 4);
    expect('problems' in bad && bad.problems.map((p) => [p.path, p.code])).toEqual([
      ['/rows/4/日期', 'invalid_value'],
      ['/rows/4/编号', 'value_required'],
      ['/rows/4/名称', 'value_required'],
    ]);
  });
});

describe('CsvRecords (against csv-parse)', () => {
  const cell = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('', '"', '""', 'a,b', 'x\ny', 'x\r\ny', ' 张三 ', '=1+1', '\r'),
    fc.string({ unit: 'grapheme', maxLength: 6 }),
  );
  const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 });

  /** Records as this reader reads `text` cut into pieces at `cuts`. */
  function read(text: string, cuts: number[]): Array<{ cells: string[]; line: number }> {
    const out: Array<{ cells: string[]; line: number }> = [];
    const reader = new CsvRecords(1 << 20);
    const emit = (cells: string[], line: number) => out.push({ cells, line });
    let at = 0;
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      reader.push(text.slice(at, Math.max(at, cut)), emit);
      at = Math.max(at, cut);
    }
    reader.push(text.slice(at), emit);
    reader.end(emit);
    return out;
  }

  it('reads what csv-stringify writes, however the text is cut into chunks, CRLF or LF', () => {
    fc.assert(
      fc.property(table, fc.array(fc.nat(400)), fc.boolean(), fc.boolean(), (rows, cuts, crlf, finalBreak) => {
        let text = stringify(rows, { record_delimiter: crlf ? '\r\n' : '\n', quoted_match: /[\r\n]/ });
        if (!finalBreak) text = text.replace(/\r?\n$/, '');
        const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
        expect(read(text, cuts).map((r) => r.cells)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('numbers each record by the line it starts on, skipping empty lines', () => {
    const text = 'a,b\n\n"x\ny",2\r\n3,"q""r"\n\n4,5';
    expect(read(text, [3, 7])).toEqual([
      { cells: ['a', 'b'], line: 1 },
      { cells: ['x\ny', '2'], line: 3 },
      { cells: ['3', 'q"r'], line: 5 },
      { cells: ['4', '5'], line: 7 },
    ]);
  });

  it('refuses an unclosed quote, a quote inside an unquoted field and text after a closing quote, with the line', () => {
    const code = (text: string) => {
      try {
        read(text, []);
        return 'read';
      } catch (err) {
        const e = err as { code: string; errors: Array<{ path: string; code: string }> };
        return `${e.code} ${e.errors[0].path} ${e.errors[0].code}`;
      }
    };
    expect(code('a,b\n"x,y\n')).toBe('malformed_csv /rows/2 csv_quote_not_closed');
    expect(code('a,b\nx"y,z\n')).toBe('malformed_csv /rows/2 csv_invalid_opening_quote');
    expect(code('a\n"x"y\n')).toBe('malformed_csv /rows/2 csv_invalid_closing_quote');
    const reader = new CsvRecords(100);
    expect(() => reader.push(`a\n"${'长'.repeat(200)}`, () => {})).toThrow(expect.objectContaining({ code: 'line_too_long' }));
  });
});

describe('spreadsheet cells as the text an item expects', () => {
  it('turns date cells and day serials into dates and date-times, numbers into what the sheet shows', () => {
    const date = serialToDate(45352.385416666664); // 2024-03-01 09:15:00 on the sheet
    expect(spreadsheetCellText(date, 'D')).toBe('2024-03-01');
    expect(spreadsheetCellText(date, 'T')).toBe('2024-03-01 09:15:00');
    expect(spreadsheetCellText(date, 'C')).toBe('2024-03-01 09:15:00');
    expect(spreadsheetCellText(new Date(Date.UTC(2024, 2, 1)), 'C')).toBe('2024-03-01');
    expect(spreadsheetCellText(45352, 'D')).toBe('2024-03-01');
    expect(spreadsheetCellText(45352, 'D', true)).toBe('2028-03-02');
    expect(spreadsheetCellText(0.1 + 0.2, 'N')).toBe('0.3');
    expect(spreadsheetCellText(1234.5599999999999, 'Y')).toBe('1234.56');
    expect(spreadsheetCellText(13800138000, 'C')).toBe('13800138000');
    expect(spreadsheetCellText(3, 'I')).toBe('3');
    expect(numberText(-0.000001)).toBe('-0.000001');
    expect(spreadsheetCellText(true, 'L')).toBe('true');
    expect(spreadsheetCellText({ richText: [{ text: '张' }, { text: '三' }] }, 'C')).toBe('张三');
    expect(spreadsheetCellText({ formula: 'A1+1', result: 2.5 }, 'N')).toBe('2.5');
    expect(spreadsheetCellText({ text: '链接', hyperlink: 'https://example.org' }, 'C')).toBe('链接');
    expect(spreadsheetCellText({ error: '#N/A' }, 'N')).toBe('#N/A');
    expect(spreadsheetCellText(null, 'C')).toBe('');
  });

  it('gives text a number item accepts for any finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        expect(normalizeValue(spreadsheetCellText(n, 'N'), item('N'))).toHaveProperty('value');
      }),
    );
  });
});

describe("the first pass's key set and staging file", () => {
  it('KeySet answers as a Set of the same keys would, duplicates included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('', '["1"]', '张三')), {
          maxLength: 3000,
        }),
        (keys) => {
          const set = new Set<string>();
          const mine = new KeySet();
          for (const k of keys) {
            const fresh = !set.has(k);
            set.add(k);
            expect(mine.add(k)).toBe(fresh);
          }
          expect(mine.size).toBe(set.size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads back what it staged, as text and as bytes: backslashes, escapes, Chinese, no lookup key', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'staging-'));
    try {
      const file = path.join(dir, 'staging');
      const rows = Array.from({ length: 5000 }, (_, i) => {
        const values = [`K${i}`, i % 7 === 0 ? 'C:\\路径\\文件\ttab' : `值${i}`, i % 3 === 0 ? null : '𠮷野家\n换行'];
        const key = JSON.stringify([values[0]]);
        return {
          key,
          valuesJson: JSON.stringify(values),
          deleted: i % 5 === 0,
          lookupKey: i % 2 === 0 ? key : i % 3 === 0 ? null : JSON.stringify([values[1]]),
        };
      });
      const out = fs.createWriteStream(file);
      const writer = new StagingWriter(out);
      for (const r of rows) {
        writer.add(r.key, r.valuesJson, r.deleted, r.lookupKey);
        await writer.flush();
      }
      await writer.flush(true);
      await new Promise<void>((resolve) => out.end(() => resolve()));
      const asText = [];
      for await (const batch of stagedBatches(file, 1000)) asText.push(...batch);
      expect(asText).toEqual(rows);
      const asBytes = [];
      for await (const batch of stagedByteBatches(file, 1000)) asBytes.push(...batch);
      const text = (v: Buffer | string | null) => (Buffer.isBuffer(v) ? v.toString('utf8') : v);
      expect(
        asBytes.map((r) => ({ key: text(r.key), valuesJson: text(r.valuesJson), deleted: r.deleted, lookupKey: text(r.lookupKey) })),
      ).toEqual(rows);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
