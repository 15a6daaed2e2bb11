// Writes src/domain/official-holidays.ts: the public-holiday breaks and adjusted working days
// (放假调休) of the mainland Chinese calendar for the years below.
//
//   npx ts-node --transpile-only scripts/generate-official-holidays.ts
//
// The days come from the npm package chinese-days (only this script and the tests import it; the
// service reads the generated file). Before anything is written they are compared with NOTICES, a
// literal transcription of the State Council General Office notices (国办发明电); any difference
// stops the script, so a wrong or changed package release cannot slip into the shipped calendar.
//
// To add a year: transcribe its notice into NOTICES, add the year to YEARS, upgrade chinese-days if
// it does not know the year yet, run the script, and review the diff.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { getDayDetail, isHoliday, isWorkday } from 'chinese-days';

const YEARS = [2024, 2025, 2026];
const OUT = path.resolve(__dirname, '../src/domain/official-holidays.ts');

type Kind = 'holiday' | 'workday';
interface Day {
  date: string;
  kind: Kind;
  name: string;
}

interface Notice {
  source: string;
  /** [name as in the notice, first day off, last day off, adjusted working days] — only the part inside the year. */
  breaks: Array<[string, string, string, string[]]>;
}

// Transcribed from the notices themselves (as published by Xinhua / People's Daily / gov.cn).
// "与周末连休" (taken together with the weekend) makes the adjacent weekend part of the break:
// 2024 元旦 is 2023-12-30..2024-01-01 (only 01-01 lies in 2024) and 2024 端午节 is 06-08..06-10.
const NOTICES: Record<number, Notice> = {
  2024: {
    source: '国务院办公厅关于2024年部分节假日安排的通知（国办发明电〔2023〕7号，2023年10月25日）',
    breaks: [
      ['元旦', '2024-01-01', '2024-01-01', []],
      ['春节', '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
      ['清明节', '2024-04-04', '2024-04-06', ['2024-04-07']],
      ['劳动节', '2024-05-01', '2024-05-05', ['2024-04-28', '2024-05-11']],
      ['端午节', '2024-06-08', '2024-06-10', []],
      ['中秋节', '2024-09-15', '2024-09-17', ['2024-09-14']],
      ['国庆节', '2024-10-01', '2024-10-07', ['2024-09-29', '2024-10-12']],
    ],
  },
  2025: {
    source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）',
    breaks: [
      ['元旦', '2025-01-01', '2025-01-01', []],
      ['春节', '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
      ['清明节', '2025-04-04', '2025-04-06', []],
      ['劳动节', '2025-05-01', '2025-05-05', ['2025-04-27']],
      ['端午节', '2025-05-31', '2025-06-02', []],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08', ['2025-09-28', '2025-10-11']],
    ],
  },
  2026: {
    source: '国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号，2025年11月4日）',
    breaks: [
      ['元旦', '2026-01-01', '2026-01-03', ['2026-01-04']],
      ['春节', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
      ['清明节', '2026-04-04', '2026-04-06', []],
      ['劳动节', '2026-05-01', '2026-05-05', ['2026-05-09']],
      ['端午节', '2026-06-19', '2026-06-21', []],
      ['中秋节', '2026-09-25', '2026-09-27', []],
      ['国庆节', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
    ],
  },
};

// chinese-days' short Chinese names → the names the notices use.
const NOTICE_NAME: Record<string, string> = {
  元旦: '元旦',
  春节: '春节',
  清明: '清明节',
  劳动节: '劳动节',
  端午: '端午节',
  中秋: '中秋节',
  国庆节: '国庆节',
};

const DAY_MS = 86_400_000;
const toNum = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const toDate = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekday = (n: number) => new Date(n * DAY_MS).getUTCDay(); // 0 = Sunday
const isWeekend = (n: number) => weekday(n) === 0 || weekday(n) === 6;

/** The festival named in chinese-days' detail ("Spring Festival,春节,4"), or null for a plain day. */
function festivalOf(date: string): string | null {
  const { name } = getDayDetail(date);
  const parts = name.split(',');
  if (parts.length < 2) return null;
  const mapped = NOTICE_NAME[parts[1]];
  if (!mapped) throw new Error(`${date}: unknown festival name in chinese-days: ${name}`);
  return mapped;
}

function fromChineseDays(year: number, notes: string[]): Day[] {
  const first = toNum(`${year}-01-01`);
  const last = toNum(`${year}-12-31`);
  const off: Array<{ n: number; festival: string }> = [];
  const work: Array<{ n: number; festival: string }> = [];
  for (let n = first; n <= last; n++) {
    const date = toDate(n);
    const festival = festivalOf(date);
    const detail = getDayDetail(date);
    if (detail.work !== isWorkday(date) || detail.work === isHoliday(date)) throw new Error(`${date}: chinese-days contradicts itself`);
    if (festival === null) continue;
    if (detail.work) {
      if (!isWeekend(n)) throw new Error(`${date}: chinese-days marks a weekday as an adjusted working day`);
      work.push({ n, festival });
    } else {
      off.push({ n, festival });
    }
  }

  // Group consecutive days off into breaks; a break spanning two festivals (2025: 国庆节 and
  // 中秋 on 10-06) takes the combined name, in order of first appearance, as the notice does.
  const breaks: Array<{ first: number; last: number; festivals: string[] }> = [];
  for (const d of off) {
    const current = breaks[breaks.length - 1];
    if (current && d.n === current.last + 1) {
      current.last = d.n;
      if (!current.festivals.includes(d.festival)) current.festivals.push(d.festival);
    } else {
      breaks.push({ first: d.n, last: d.n, festivals: [d.festival] });
    }
  }
  const workdaySet = new Set(work.map((w) => w.n));
  for (const b of breaks) {
    // 与周末连休: chinese-days lists only the statutory day; the weekend directly next to it is
    // part of the same break. Extend across adjacent Saturdays/Sundays that are not working days.
    while (b.first - 1 >= first && isWeekend(b.first - 1) && !workdaySet.has(b.first - 1)) {
      b.first--;
      notes.push(`${toDate(b.first)}: weekend joined to ${b.festivals.join('、')} (与周末连休), not a holiday in chinese-days`);
    }
    while (b.last + 1 <= last && isWeekend(b.last + 1) && !workdaySet.has(b.last + 1)) {
      b.last++;
      notes.push(`${toDate(b.last)}: weekend joined to ${b.festivals.join('、')} (与周末连休), not a holiday in chinese-days`);
    }
  }
  const named = breaks.map((b) => ({ ...b, name: b.festivals.join('、') }));
  for (const b of named) {
    for (let n = b.first; n <= b.last; n++) {
      const own = off.find((d) => d.n === n)?.festival;
      if (own && own !== b.name) notes.push(`${toDate(n)}: chinese-days says ${own}, shipped as ${b.name} (one break in the notice)`);
    }
  }

  const days: Day[] = [];
  for (const b of named) for (let n = b.first; n <= b.last; n++) days.push({ date: toDate(n), kind: 'holiday', name: b.name });
  for (const w of work) {
    const owner = named.filter((b) => b.festivals.includes(w.festival));
    if (owner.length !== 1)
      throw new Error(`${toDate(w.n)}: cannot tell which break the adjusted working day for ${w.festival} belongs to`);
    if (owner[0].name !== w.festival) notes.push(`${toDate(w.n)}: chinese-days says ${w.festival}, shipped as ${owner[0].name}`);
    days.push({ date: toDate(w.n), kind: 'workday', name: owner[0].name });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

function fromNotice(notice: Notice): Day[] {
  const days: Day[] = [];
  for (const [name, start, end, workdays] of notice.breaks) {
    for (let n = toNum(start); n <= toNum(end); n++) days.push({ date: toDate(n), kind: 'holiday', name });
    for (const date of workdays) days.push({ date, kind: 'workday', name });
  }
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

function compare(year: number, got: Day[], expected: Day[]): string[] {
  const key = (d: Day) => `${d.date} ${d.kind} ${d.name}`;
  const a = new Set(got.map(key));
  const b = new Set(expected.map(key));
  return [
    ...[...a].filter((k) => !b.has(k)).map((k) => `${year}: chinese-days has ${k}, the notice does not`),
    ...[...b].filter((k) => !a.has(k)).map((k) => `${year}: the notice has ${k}, chinese-days does not`),
  ];
}

function literal(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function main(): void {
  const version: string = JSON.parse(fs.readFileSync(require.resolve('chinese-days/package.json'), 'utf8')).version;
  const notes: string[] = [];
  const problems: string[] = [];
  const arrangements = YEARS.map((year) => {
    const notice = NOTICES[year];
    if (!notice) throw new Error(`no notice transcribed for ${year}`);
    const days = fromChineseDays(year, notes);
    problems.push(...compare(year, days, fromNotice(notice)));
    return { year, source: notice.source, days };
  });
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    throw new Error('chinese-days disagrees with the notices; nothing written');
  }

  const lines: string[] = [
    '// GENERATED FILE — do not edit by hand.',
    '// Generated by: npx ts-node --transpile-only scripts/generate-official-holidays.ts',
    `// Source data: npm package chinese-days@${version}; every day was checked by the generator against`,
    '// a transcription of the State Council General Office notices (国务院办公厅 国办发明电):',
    ...arrangements.map((a) => `//   ${a.year}: ${a.source}`),
    '// holiday = a day off in a public-holiday break (every day of the break, weekends inside it too);',
    '// workday = an adjusted working day (调休上班) falling on a Saturday or Sunday.',
    '',
    'export interface CalendarDay {',
    '  /** YYYY-MM-DD */',
    '  date: string;',
    "  kind: 'holiday' | 'workday';",
    '  /** The festival as the notice names it, e.g. 春节 */',
    '  name: string;',
    '}',
    '',
    'export interface YearArrangement {',
    '  year: number;',
    '  source: string;',
    '  days: CalendarDay[];',
    '}',
    '',
    'export const officialArrangements: YearArrangement[] = [',
  ];
  for (const a of arrangements) {
    lines.push('  {', `    year: ${a.year},`, `    source: ${literal(a.source)},`, '    days: [');
    for (const d of a.days) lines.push(`      { date: ${literal(d.date)}, kind: ${literal(d.kind)}, name: ${literal(d.name)} },`);
    lines.push('    ],', '  },');
  }
  lines.push('];', '');
  fs.writeFileSync(OUT, lines.join('\n'));

  for (const n of notes) console.log(`note: ${n}`);
  for (const a of arrangements) {
    const h = a.days.filter((d) => d.kind === 'holiday').length;
    console.log(`${a.year}: ${h} holidays, ${a.days.length - h} adjusted working days`);
  }
  console.log(`wrote ${path.relative(process.cwd(), OUT)}`);
}

main();
