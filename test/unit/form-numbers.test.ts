import {
  beijingCellDate,
  beijingYear,
  cellDateOf,
  chineseDate,
  chineseDateOf,
  chineseDateTimeOf,
  dataVolumeText,
  formatNumber,
  parseNumber,
} from '../../src/domain/form-numbers';

// The numbers clerks file by (RJ-SQ-2026-000123, RJ-DJ-2026-000045) and the Beijing dates printed on forms.

describe('form numbers', () => {
  it('formats the series, the year and a six-digit counter', () => {
    expect(formatNumber('SQ', 2026, 123)).toBe('RJ-SQ-2026-000123');
    expect(formatNumber('DJ', 2026, 45)).toBe('RJ-DJ-2026-000045');
    expect(formatNumber('SQ', 2027, 1_234_567)).toBe('RJ-SQ-2027-1234567');
  });

  it('refuses a counter below 1 or a year outside four digits', () => {
    expect(() => formatNumber('SQ', 2026, 0)).toThrow(RangeError);
    expect(() => formatNumber('SQ', 2026, 1.5)).toThrow(RangeError);
    expect(() => formatNumber('DJ', 99999, 1)).toThrow(RangeError);
  });

  it('parses what it formats, and nothing else', () => {
    expect(parseNumber('RJ-SQ-2026-000123')).toEqual({ series: 'SQ', year: 2026, seq: 123 });
    expect(parseNumber(' RJ-DJ-2026-000045 ')).toEqual({ series: 'DJ', year: 2026, seq: 45 });
    expect(parseNumber(formatNumber('SQ', 2030, 999_999))).toEqual({ series: 'SQ', year: 2030, seq: 999_999 });
    for (const bad of ['RJ-XX-2026-000001', 'RJ-SQ-26-000001', 'RJ-SQ-2026-12', 'RJ-SQ-2026-000000', '0b6c2f1e-…', '']) {
      expect(parseNumber(bad)).toBeNull();
    }
  });
});

describe('Beijing dates on forms', () => {
  it('counts the year in Beijing time: New Year comes eight hours before UTC', () => {
    expect(beijingYear('2026-12-31T15:59:59Z')).toBe(2026);
    expect(beijingYear('2026-12-31T16:00:00Z')).toBe(2027);
    expect(beijingYear(new Date('2027-01-01T00:30:00+08:00'))).toBe(2027);
  });

  it('writes dates the Chinese way, without leading zeros', () => {
    expect(chineseDate('2026-03-02')).toBe('2026年3月2日');
    expect(chineseDate('2026-12-25')).toBe('2026年12月25日');
    expect(chineseDate(' 待定 ')).toBe('待定');
    expect(chineseDateOf('2026-03-01T16:30:00Z')).toBe('2026年3月2日');
    expect(chineseDateTimeOf('2026-03-02T01:05:00Z')).toBe('2026年3月2日 09:05');
  });

  it('hands spreadsheets the Beijing wall-clock time in a Date’s UTC fields', () => {
    expect(beijingCellDate('2026-03-02T01:05:00Z').toISOString()).toBe('2026-03-02T09:05:00.000Z');
    expect(cellDateOf('2026-03-02')?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
    expect(cellDateOf('2026-02-30')).toBeNull();
    expect(cellDateOf('无')).toBeNull();
  });
});

describe('数据总量 on 附件1', () => {
  it('never prints 0 records for entries that gave no count', () => {
    expect(dataVolumeText([null, undefined])).toBe('2 个信息资源（未登记记录数）');
    expect(dataVolumeText([1200, null])).toBe('2 个信息资源，其中 1 个共约 1,200 条记录（另 1 个未登记记录数）');
    expect(dataVolumeText([1200, 0, 34])).toBe('3 个信息资源，共约 1,234 条记录');
    expect(dataVolumeText([])).toBe('无已发布的信息资源');
  });
});
