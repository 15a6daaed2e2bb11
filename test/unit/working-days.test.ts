import { isWorkday } from 'chinese-days';
import { CalendarDay, officialArrangements } from '../../src/domain/official-holidays';
import {
  ArrangementInput,
  WorkingDayCalendar,
  calendarWarnings,
  deadlineIsProvisional,
  endOfShanghaiDay,
  expandArrangement,
  overdueWorkingDays,
  replyDeadline,
  shanghaiDate,
  shanghaiDateTime,
} from '../../src/domain/working-days';

// The mainland Chinese working-day calendar: public-holiday breaks and adjusted working days
// (调休上班) from the State Council General Office notices, counted in Asia/Shanghai (UTC+8).

const allDays = officialArrangements.flatMap((a) => a.days);
const calendar = new WorkingDayCalendar(
  allDays,
  officialArrangements.map((a) => a.year),
);

/** Test-side date helpers (UTC arithmetic, independent of the code under test). */
const DAY_MS = 86_400_000;
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
function datesFrom(start: string, end: string): string[] {
  const out: string[] = [];
  for (let d = start; d <= end; d = plusDays(d, 1)) out.push(d);
  return out;
}
function shipped(year: number, kind: CalendarDay['kind'], name: string): string[] {
  const arrangement = officialArrangements.find((a) => a.year === year);
  if (!arrangement) throw new Error(`no arrangement for ${year}`);
  return arrangement.days.filter((d) => d.kind === kind && d.name === name).map((d) => d.date);
}
/** An instant given as Shanghai wall-clock time. */
const shanghai = (local: string) => new Date(`${local}+08:00`);

describe('shipped official arrangements (国办发明电)', () => {
  it('covers 2024, 2025 and 2026, each citing its notice', () => {
    expect(officialArrangements.map((a) => a.year)).toEqual([2024, 2025, 2026]);
    expect(officialArrangements[0].source).toContain('国办发明电〔2023〕7号');
    expect(officialArrangements[1].source).toContain('国办发明电〔2024〕12号');
    expect(officialArrangements[2].source).toContain('国办发明电〔2025〕7号');
  });

  // Literal dates from the notices, written out day by day.
  it('2024 春节: off Sat Feb 10 – Sat Feb 17; work Sun Feb 4 and Sun Feb 18', () => {
    expect(shipped(2024, 'holiday', '春节')).toEqual([
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
      '2024-02-15',
      '2024-02-16',
      '2024-02-17',
    ]);
    expect(shipped(2024, 'workday', '春节')).toEqual(['2024-02-04', '2024-02-18']);
  });

  it('2024 国庆节: off Oct 1–7; work Sun Sep 29 and Sat Oct 12', () => {
    expect(shipped(2024, 'holiday', '国庆节')).toEqual([
      '2024-10-01',
      '2024-10-02',
      '2024-10-03',
      '2024-10-04',
      '2024-10-05',
      '2024-10-06',
      '2024-10-07',
    ]);
    expect(shipped(2024, 'workday', '国庆节')).toEqual(['2024-09-29', '2024-10-12']);
  });

  it('2025 春节: off Tue Jan 28 – Tue Feb 4; work Sun Jan 26 and Sat Feb 8', () => {
    expect(shipped(2025, 'holiday', '春节')).toEqual([
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
      '2025-02-03',
      '2025-02-04',
    ]);
    expect(shipped(2025, 'workday', '春节')).toEqual(['2025-01-26', '2025-02-08']);
  });

  it('2025 劳动节: off May 1–5; work Sun Apr 27', () => {
    expect(shipped(2025, 'holiday', '劳动节')).toEqual(['2025-05-01', '2025-05-02', '2025-05-03', '2025-05-04', '2025-05-05']);
    expect(shipped(2025, 'workday', '劳动节')).toEqual(['2025-04-27']);
  });

  it('2025 国庆节、中秋节 (one combined break): off Oct 1–8; work Sun Sep 28 and Sat Oct 11', () => {
    expect(shipped(2025, 'holiday', '国庆节、中秋节')).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
      '2025-10-07',
      '2025-10-08',
    ]);
    expect(shipped(2025, 'workday', '国庆节、中秋节')).toEqual(['2025-09-28', '2025-10-11']);
  });

  it('2026 元旦: off Jan 1–3; work Sun Jan 4', () => {
    expect(shipped(2026, 'holiday', '元旦')).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(shipped(2026, 'workday', '元旦')).toEqual(['2026-01-04']);
  });

  it('2026 春节: off Sun Feb 15 – Mon Feb 23; work Sat Feb 14 and Sat Feb 28', () => {
    expect(shipped(2026, 'holiday', '春节')).toEqual([
      '2026-02-15',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-02-21',
      '2026-02-22',
      '2026-02-23',
    ]);
    expect(shipped(2026, 'workday', '春节')).toEqual(['2026-02-14', '2026-02-28']);
  });

  it('2026 国庆节: off Oct 1–7; work Sun Sep 20 and Sat Oct 10', () => {
    expect(shipped(2026, 'holiday', '国庆节')).toEqual([
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ]);
    expect(shipped(2026, 'workday', '国庆节')).toEqual(['2026-09-20', '2026-10-10']);
  });

  // Every break of every notice: [name, first day off, last day off, adjusted working days].
  // 2024 元旦 and 端午节 say "与周末连休": the break is the weekend plus the Monday (元旦 starts
  // 2023-12-30, outside 2024; 端午节 is Sat Jun 8 – Mon Jun 10).
  const notices: Record<number, Array<[string, string, string, string[]]>> = {
    2024: [
      ['元旦', '2024-01-01', '2024-01-01', []],
      ['春节', '2024-02-10', '2024-02-17', ['2024-02-04', '2024-02-18']],
      ['清明节', '2024-04-04', '2024-04-06', ['2024-04-07']],
      ['劳动节', '2024-05-01', '2024-05-05', ['2024-04-28', '2024-05-11']],
      ['端午节', '2024-06-08', '2024-06-10', []],
      ['中秋节', '2024-09-15', '2024-09-17', ['2024-09-14']],
      ['国庆节', '2024-10-01', '2024-10-07', ['2024-09-29', '2024-10-12']],
    ],
    2025: [
      ['元旦', '2025-01-01', '2025-01-01', []],
      ['春节', '2025-01-28', '2025-02-04', ['2025-01-26', '2025-02-08']],
      ['清明节', '2025-04-04', '2025-04-06', []],
      ['劳动节', '2025-05-01', '2025-05-05', ['2025-04-27']],
      ['端午节', '2025-05-31', '2025-06-02', []],
      ['国庆节、中秋节', '2025-10-01', '2025-10-08', ['2025-09-28', '2025-10-11']],
    ],
    2026: [
      ['元旦', '2026-01-01', '2026-01-03', ['2026-01-04']],
      ['春节', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']],
      ['清明节', '2026-04-04', '2026-04-06', []],
      ['劳动节', '2026-05-01', '2026-05-05', ['2026-05-09']],
      ['端午节', '2026-06-19', '2026-06-21', []],
      ['中秋节', '2026-09-25', '2026-09-27', []],
      ['国庆节', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']],
    ],
  };

  it.each([
    [2024, 30, 8],
    [2025, 28, 5],
    [2026, 33, 6],
  ])('%i holds exactly the notice: %i days off, %i adjusted working days, sorted', (year, holidays, workdays) => {
    const expected: CalendarDay[] = [];
    for (const [name, start, end, work] of notices[year]) {
      for (const date of datesFrom(start, end)) expected.push({ date, kind: 'holiday', name });
      for (const date of work) expected.push({ date, kind: 'workday', name });
    }
    expected.sort((a, b) => a.date.localeCompare(b.date));
    const days = officialArrangements.find((a) => a.year === year)!.days;
    expect(days).toEqual(expected);
    expect(days.filter((d) => d.kind === 'holiday')).toHaveLength(holidays);
    expect(days.filter((d) => d.kind === 'workday')).toHaveLength(workdays);
    for (const d of days) expect(d.date.startsWith(`${year}-`)).toBe(true);
  });

  it('puts every adjusted working day on a Saturday or Sunday', () => {
    for (const d of allDays.filter((x) => x.kind === 'workday')) expect([0, 6]).toContain(weekdayOf(d.date));
  });

  it('agrees with chinese-days isWorkday on every shipped day', () => {
    for (const d of allDays) expect({ date: d.date, work: isWorkday(d.date) }).toEqual({ date: d.date, work: d.kind === 'workday' });
  });

  it('agrees with chinese-days isWorkday on every day of 2024–2026', () => {
    const mismatches = datesFrom('2024-01-01', '2026-12-31').filter((d) => calendar.isWorkingDay(d) !== isWorkday(d));
    expect(mismatches).toEqual([]);
  });
});

describe('WorkingDayCalendar', () => {
  it('applies adjusted workdays, then holidays, then Mon–Fri', () => {
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true); // Sun, 调休上班
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Sat, 调休上班
    expect(calendar.isWorkingDay('2025-01-29')).toBe(false); // Wed, 春节
    expect(calendar.isWorkingDay('2024-06-08')).toBe(false); // Sat, 端午节 break
    expect(calendar.isWorkingDay('2025-03-05')).toBe(true); // plain Wed
    expect(calendar.isWorkingDay('2025-03-08')).toBe(false); // plain Sat
    expect(calendar.isWorkingDay('2025-03-09')).toBe(false); // plain Sun
  });

  it('knows which years are loaded', () => {
    expect([2023, 2024, 2025, 2026, 2027].map((y) => calendar.coversYear(y))).toEqual([false, true, true, true, false]);
  });

  it('counts a year with no arrangement as plain Mon–Fri (callers check coversYear)', () => {
    expect(calendar.addWorkingDays('2026-12-31', 1)).toBe('2027-01-01'); // a Friday; 2027 is not loaded
    expect(calendar.addWorkingDays('2023-12-29', 1)).toBe('2024-01-02'); // Fri (2023, not loaded) → [Sat, Sun, Mon 元旦] → Tue
  });

  it('counts working days with from < d ≤ to', () => {
    expect(calendar.workingDaysBetween('2025-03-03', '2025-03-07')).toBe(4); // Tue–Fri
    expect(calendar.workingDaysBetween('2025-03-03', '2025-03-03')).toBe(0);
    expect(calendar.workingDaysBetween('2025-03-07', '2025-03-03')).toBe(0);
    // After Fri 2025-01-24: Sun 01-26 调休, Mon 27, [春节 01-28 … 02-04], Wed 02-05, Thu 06, Fri 07, Sat 08 调休; Sun 09 off.
    expect(calendar.workingDaysBetween('2025-01-24', '2025-02-09')).toBe(6);
  });

  it('rejects bad arguments', () => {
    expect(() => calendar.addWorkingDays('2025-03-03', 0)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-03-03', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2025-03-03', 1.5)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('2025/03/03')).toThrow(RangeError);
    expect(
      () =>
        new WorkingDayCalendar(
          [
            { date: '2025-03-08', kind: 'holiday', name: 'x' },
            { date: '2025-03-08', kind: 'workday', name: 'x' },
          ],
          [2025],
        ),
    ).toThrow(RangeError);
  });

  it('stops after 3660 days instead of looping forever', () => {
    const everyDayOff = datesFrom('2030-01-01', '2040-12-31').map((date): CalendarDay => ({ date, kind: 'holiday', name: '假' }));
    const closed = new WorkingDayCalendar(everyDayOff, []);
    expect(() => closed.addWorkingDays('2029-12-31', 1)).toThrow(/3660/);
  });
});

describe('replyDeadline (10 working days)', () => {
  const due = (submittedAt: Date) => replyDeadline(submittedAt, 10, calendar);

  it('submitted Mon 2025-03-03 (plain weeks) → due Mon 2025-03-17', () => {
    // Counted: Tue 03-04 (1), 05 (2), 06 (3), Fri 07 (4), Mon 10 (5) … Fri 14 (9), Mon 17 (10).
    const d = due(shanghai('2025-03-03T10:00:00'));
    expect(d.dueDate).toBe('2025-03-17');
    expect(d.dueAt.toISOString()).toBe('2025-03-17T15:59:59.999Z');
  });

  it('submitted Mon 2025-01-20 (across 春节 2025) → due Sat 2025-02-08', () => {
    // Counted: Tue 01-21 (1), Wed 22 (2), Thu 23 (3), Fri 24 (4), [Sat 25 off], Sun 26 调休 (5),
    // Mon 27 (6), [Tue 01-28 … Tue 02-04 春节 off], Wed 02-05 (7), Thu 06 (8), Fri 07 (9),
    // Sat 02-08 调休 (10).
    const d = due(shanghai('2025-01-20T10:00:00'));
    expect(d.dueDate).toBe('2025-02-08');
    expect(d.dueAt.toISOString()).toBe('2025-02-08T15:59:59.999Z');
  });

  it('submitted Fri 2024-09-27 (across 国庆节 2024) → due Wed 2024-10-16', () => {
    // Counted: [Sat 09-28 off], Sun 09-29 调休 (1), Mon 30 (2), [Oct 1–7 off], Tue 10-08 (3), Wed 09 (4),
    // Thu 10 (5), Fri 11 (6), Sat 12 调休 (7), [Sun 13 off], Mon 14 (8), Tue 15 (9), Wed 16 (10).
    expect(due(shanghai('2024-09-27T10:00:00')).dueDate).toBe('2024-10-16');
  });

  it('submitted Tue 2026-02-10 (across 春节 2026) → due Mon 2026-03-02', () => {
    // Counted: Wed 02-11 (1), Thu 12 (2), Fri 13 (3), Sat 14 调休 (4), [Sun 02-15 … Mon 02-23 off],
    // Tue 24 (5), Wed 25 (6), Thu 26 (7), Fri 27 (8), Sat 28 调休 (9), [Sun 03-01 off], Mon 03-02 (10).
    expect(due(shanghai('2026-02-10T10:00:00')).dueDate).toBe('2026-03-02');
  });

  it('submitted Fri 2026-01-30 → due Fri 2026-02-13 (just before 春节 2026)', () => {
    // Counted: [Sat 01-31, Sun 02-01 off], Mon 02-02 (1) … Fri 06 (5), Mon 09 (6) … Fri 13 (10).
    expect(due(shanghai('2026-01-30T09:00:00')).dueDate).toBe('2026-02-13');
  });

  it('submitted Fri 2025-04-25 (across 劳动节 2025) → due Tue 2025-05-13', () => {
    // Counted: [Sat 04-26 off], Sun 27 调休 (1), Mon 28 (2), Tue 29 (3), Wed 30 (4), [May 1–5 off],
    // Tue 05-06 (5), Wed 07 (6), Thu 08 (7), Fri 09 (8), Mon 12 (9), Tue 13 (10).
    expect(due(shanghai('2025-04-25T16:00:00')).dueDate).toBe('2025-05-13');
  });

  it('submitted Wed 2025-12-31 (into 元旦 2026) → due Thu 2026-01-15', () => {
    // Counted: [Thu 01-01 … Sat 01-03 off], Sun 01-04 调休 (1), Mon 05 (2) … Fri 09 (6), Mon 12 (7),
    // Tue 13 (8), Wed 14 (9), Thu 15 (10).
    expect(due(shanghai('2025-12-31T11:00:00')).dueDate).toBe('2026-01-15');
  });

  describe('the Shanghai date of submission is used, not the UTC date', () => {
    it('submitted Fri 2025-02-07 23:30 Shanghai (15:30 UTC) → due Thu 2025-02-20', () => {
      // The day is Fri 02-07. Counted: Sat 02-08 调休 (1), Mon 10 (2) … Fri 14 (6), Mon 17 (7), Tue 18 (8),
      // Wed 19 (9), Thu 20 (10).
      const at = new Date('2025-02-07T15:30:00Z');
      expect(shanghaiDate(at)).toBe('2025-02-07');
      expect(due(at).dueDate).toBe('2025-02-20');
    });

    it('submitted Sat 2025-02-08 00:30 Shanghai (Fri 16:30 UTC) → due Fri 2025-02-21', () => {
      // The day is Sat 02-08 (itself a 调休 working day, but the submission day never counts).
      // Counted: Mon 02-10 (1) … Fri 14 (5), Mon 17 (6) … Fri 21 (10).
      const at = new Date('2025-02-07T16:30:00Z');
      expect(shanghaiDate(at)).toBe('2025-02-08');
      expect(due(at).dueDate).toBe('2025-02-21');
    });

    it('submitted Thu 2025-03-06 23:30 Shanghai (15:30 UTC) → due Thu 2025-03-20', () => {
      // Counted: Fri 03-07 (1), Mon 10 (2) … Fri 14 (6), Mon 17 (7) … Thu 20 (10).
      expect(due(new Date('2025-03-06T15:30:00Z')).dueDate).toBe('2025-03-20');
    });

    it('submitted Fri 2025-03-07 00:30 Shanghai (Thu 16:30 UTC) → due Fri 2025-03-21', () => {
      // Counted: Mon 03-10 (1) … Fri 14 (5), Mon 17 (6) … Fri 21 (10).
      expect(due(new Date('2025-03-06T16:30:00Z')).dueDate).toBe('2025-03-21');
    });

    it('submitted Fri 2025-03-07 23:30 and Sat 2025-03-08 00:30 Shanghai (an ordinary weekend) → both due Fri 2025-03-21', () => {
      expect(due(new Date('2025-03-07T15:30:00Z')).dueDate).toBe('2025-03-21');
      expect(due(new Date('2025-03-07T16:30:00Z')).dueDate).toBe('2025-03-21');
    });

    it('midnight Shanghai is 16:00 UTC: submitted 2025-03-06T15:59:59.999Z (Thu) → Thu 2025-03-20; 16:00:00Z (Fri) → Fri 2025-03-21', () => {
      expect(due(new Date('2025-03-06T15:59:59.999Z')).dueDate).toBe('2025-03-20');
      expect(due(new Date('2025-03-06T16:00:00.000Z')).dueDate).toBe('2025-03-21');
    });
  });

  describe('the submission day never counts', () => {
    it('submitted Fri 2025-10-03 (a 国庆节 holiday) → due Tue 2025-10-21', () => {
      // Counted: [Sat 10-04 … Wed 10-08 off], Thu 09 (1), Fri 10 (2), Sat 11 调休 (3), [Sun 12 off],
      // Mon 13 (4) … Fri 17 (8), Mon 20 (9), Tue 21 (10).
      expect(due(shanghai('2025-10-03T10:00:00')).dueDate).toBe('2025-10-21');
    });

    it('submitted Sat 2026-02-28 (an adjusted working Saturday) → due Fri 2026-03-13', () => {
      // 02-28 is a working day but is the submission day. Counted: [Sun 03-01 off], Mon 03-02 (1) …
      // Fri 06 (5), Mon 09 (6) … Fri 13 (10).
      expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
      expect(due(shanghai('2026-02-28T09:00:00')).dueDate).toBe('2026-03-13');
    });

    it('submitted Sun 2024-09-29 (an adjusted working Sunday) → due Thu 2024-10-17', () => {
      // Counted: Mon 09-30 (1), [Oct 1–7 off], Tue 10-08 (2) … Fri 11 (5), Sat 12 调休 (6), [Sun 13 off],
      // Mon 14 (7), Tue 15 (8), Wed 16 (9), Thu 17 (10).
      expect(due(shanghai('2024-09-29T09:00:00')).dueDate).toBe('2024-10-17');
    });
  });
});

describe('overdueWorkingDays', () => {
  it('request due Fri 2026-02-13, across 春节 2026', () => {
    const od = (now: Date) => overdueWorkingDays('2026-02-13', now, calendar);
    expect(od(shanghai('2026-02-01T09:00:00'))).toBe(0); // before
    expect(od(shanghai('2026-02-13T09:00:00'))).toBe(0); // on the due day
    expect(od(new Date('2026-02-13T15:59:59.999Z'))).toBe(0); // the last millisecond of the due day
    expect(od(new Date('2026-02-13T16:00:00.000Z'))).toBe(1); // Sat 02-14 00:00, a 调休 working day
    expect(od(shanghai('2026-02-18T12:00:00'))).toBe(1); // inside the festival: adds nothing
    expect(od(shanghai('2026-02-23T23:00:00'))).toBe(1); // last day of the break
    expect(od(shanghai('2026-02-24T09:00:00'))).toBe(2); // Sat 02-14, Tue 02-24
    expect(od(shanghai('2026-02-28T09:00:00'))).toBe(6); // + Wed 25, Thu 26, Fri 27, Sat 28 调休
    expect(od(shanghai('2026-03-01T09:00:00'))).toBe(6); // Sunday adds nothing
    expect(od(shanghai('2026-03-02T09:00:00'))).toBe(7);
  });

  it('request due Fri 2025-03-21: a weekend after the due date adds nothing', () => {
    const od = (now: Date) => overdueWorkingDays('2025-03-21', now, calendar);
    expect(od(shanghai('2025-03-22T10:00:00'))).toBe(0);
    expect(od(shanghai('2025-03-23T10:00:00'))).toBe(0);
    expect(od(shanghai('2025-03-24T00:00:00'))).toBe(1);
  });

  it('request due Tue 2025-09-30: the 国庆节、中秋节 break adds nothing', () => {
    const od = (now: Date) => overdueWorkingDays('2025-09-30', now, calendar);
    expect(od(new Date('2025-10-08T12:00:00Z'))).toBe(0); // Wed 10-08 20:00 Shanghai, still off
    expect(od(shanghai('2025-10-09T08:00:00'))).toBe(1);
    expect(od(shanghai('2025-10-11T08:00:00'))).toBe(3); // Thu 09, Fri 10, Sat 11 调休
    expect(od(shanghai('2025-10-12T08:00:00'))).toBe(3);
  });
});

describe('shanghaiDate / endOfShanghaiDay', () => {
  it('turns the date at 16:00 UTC', () => {
    expect(shanghaiDate(new Date('2025-12-31T15:59:59.999Z'))).toBe('2025-12-31');
    expect(shanghaiDate(new Date('2025-12-31T16:00:00.000Z'))).toBe('2026-01-01');
    expect(shanghaiDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
    expect(shanghaiDate(new Date('2024-02-29T16:00:00Z'))).toBe('2024-03-01');
    expect(shanghaiDate(new Date('2025-06-15T00:00:00+08:00'))).toBe('2025-06-15');
  });

  it('ends a Shanghai day at 15:59:59.999 UTC', () => {
    expect(endOfShanghaiDay('2025-12-31').toISOString()).toBe('2025-12-31T15:59:59.999Z');
    expect(endOfShanghaiDay('2024-02-29').toISOString()).toBe('2024-02-29T15:59:59.999Z');
    expect(endOfShanghaiDay('2026-01-01').getTime()).toBe(new Date('2026-01-01T23:59:59.999+08:00').getTime());
  });

  it('round-trips: the end of a day is that day, one millisecond later is the next', () => {
    for (const d of datesFrom('2023-12-25', '2027-01-05')) {
      const end = endOfShanghaiDay(d);
      expect(shanghaiDate(end)).toBe(d);
      expect(shanghaiDate(new Date(end.getTime() + 1))).toBe(plusDays(d, 1));
    }
  });

  it('rejects invalid input', () => {
    expect(() => endOfShanghaiDay('2026-02-30')).toThrow(RangeError);
    expect(() => endOfShanghaiDay('2026-2-3')).toThrow(RangeError);
    expect(() => shanghaiDate(new Date('nonsense'))).toThrow(RangeError);
  });
});

describe('expandArrangement', () => {
  // A made-up 2027-like arrangement (not the real 2027 notice). 2027-01-01 is a Friday.
  const valid: ArrangementInput = {
    holidays: [
      { name: '春节', start: '2027-02-06', end: '2027-02-13' },
      { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
      { name: '清明节', start: '2027-04-05', end: '2027-04-05' },
    ],
    workdays: [
      { name: '春节', date: '2027-02-20' }, // Sat
      { name: '春节', date: '2027-01-31' }, // Sun
    ],
  };

  it('expands inclusive ranges and workdays, sorted by date', () => {
    const { days, errors } = expandArrangement(2027, valid);
    expect(errors).toEqual([]);
    expect(days).toEqual([
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
      { date: '2027-01-02', kind: 'holiday', name: '元旦' },
      { date: '2027-01-03', kind: 'holiday', name: '元旦' },
      { date: '2027-01-31', kind: 'workday', name: '春节' },
      { date: '2027-02-06', kind: 'holiday', name: '春节' },
      { date: '2027-02-07', kind: 'holiday', name: '春节' },
      { date: '2027-02-08', kind: 'holiday', name: '春节' },
      { date: '2027-02-09', kind: 'holiday', name: '春节' },
      { date: '2027-02-10', kind: 'holiday', name: '春节' },
      { date: '2027-02-11', kind: 'holiday', name: '春节' },
      { date: '2027-02-12', kind: 'holiday', name: '春节' },
      { date: '2027-02-13', kind: 'holiday', name: '春节' },
      { date: '2027-02-20', kind: 'workday', name: '春节' },
      { date: '2027-04-05', kind: 'holiday', name: '清明节' },
    ]);
  });

  it('feeds a calendar that then covers the year', () => {
    const { days } = expandArrangement(2027, valid);
    const extended = new WorkingDayCalendar([...allDays, ...days], [2024, 2025, 2026, 2027]);
    expect(extended.coversYear(2027)).toBe(true);
    // After Thu 2027-02-04: Fri 02-05 (1), [02-06 … 02-13 off], Mon 02-15 (2) … Fri 19 (6), Sat 20 调休 (7),
    // Mon 22 (8), Tue 23 (9), Wed 24 (10).
    expect(extended.addWorkingDays('2027-02-04', 10)).toBe('2027-02-24');
  });

  it('accepts a range of exactly 15 days and an empty arrangement', () => {
    expect(expandArrangement(2027, { holidays: [{ name: '测试', start: '2027-07-01', end: '2027-07-15' }], workdays: [] }).errors).toEqual(
      [],
    );
    expect(expandArrangement(2027, { holidays: [], workdays: [] })).toEqual({ days: [], errors: [] });
  });

  const one = (year: number, input: ArrangementInput) => {
    const { days, errors } = expandArrangement(year, input);
    expect(days).toEqual([]);
    expect(errors).toHaveLength(1);
    return errors[0];
  };

  it('reports an invalid calendar date', () => {
    const e = one(2026, { holidays: [{ name: '春节', start: '2026-02-30', end: '2026-03-01' }], workdays: [] });
    expect(e.path).toBe('/holidays/0/start');
    expect(e.message).toMatch(/2026-02-30 .*不是有效的日历日期.*\(not a valid calendar date\)/);
  });

  it('reports a date not written YYYY-MM-DD', () => {
    const e = one(2026, { holidays: [], workdays: [{ name: '春节', date: '2026-2-14' }] });
    expect(e.path).toBe('/workdays/0/date');
    expect(e.message).toContain('YYYY-MM-DD');
  });

  it('reports a date outside the year', () => {
    const e = one(2027, { holidays: [{ name: '元旦', start: '2026-12-31', end: '2027-01-01' }], workdays: [] });
    expect(e.path).toBe('/holidays/0/start');
    expect(e.message).toContain('(date is outside the year 2027)');
  });

  it('reports a start after the end', () => {
    const e = one(2027, { holidays: [{ name: '春节', start: '2027-02-13', end: '2027-02-06' }], workdays: [] });
    expect(e.path).toBe('/holidays/0/end');
    expect(e.message).toContain('(end is before start)');
  });

  it('reports an adjusted workday on a weekday', () => {
    const e = one(2027, { holidays: [], workdays: [{ name: '春节', date: '2027-02-22' }] }); // Mon
    expect(e.path).toBe('/workdays/0/date');
    expect(e.message).toContain('(an adjusted workday must be a Saturday or Sunday)');
  });

  it('reports a date that is both a holiday and an adjusted workday', () => {
    const e = one(2027, {
      holidays: [{ name: '春节', start: '2027-02-06', end: '2027-02-13' }],
      workdays: [{ name: '春节', date: '2027-02-06' }],
    }); // Sat
    expect(e.path).toBe('/workdays/0/date');
    expect(e.message).toContain('(date is both a holiday and an adjusted workday)');
  });

  it('reports overlapping holiday ranges', () => {
    const e = one(2027, {
      holidays: [
        { name: '春节', start: '2027-02-06', end: '2027-02-13' },
        { name: '元宵', start: '2027-02-13', end: '2027-02-14' },
      ],
      workdays: [],
    });
    expect(e.path).toBe('/holidays/1');
    expect(e.message).toContain('(overlaps the holiday range /holidays/0)');
  });

  it('reports a range longer than 15 days', () => {
    const e = one(2027, { holidays: [{ name: '测试', start: '2027-07-01', end: '2027-07-16' }], workdays: [] });
    expect(e.path).toBe('/holidays/0/end');
    expect(e.message).toContain('(range is longer than 15 days)');
  });

  it('reports an empty name and a duplicate workday', () => {
    expect(one(2027, { holidays: [{ name: ' ', start: '2027-01-01', end: '2027-01-01' }], workdays: [] }).path).toBe('/holidays/0/name');
    expect(
      one(2027, {
        holidays: [],
        workdays: [
          { name: '春节', date: '2027-02-20' },
          { name: '春节', date: '2027-02-20' },
        ],
      }).path,
    ).toBe('/workdays/1/date');
  });

  it('reports several errors at once, each with its path', () => {
    const { days, errors } = expandArrangement(2027, {
      holidays: [
        { name: '元旦', start: '2027-01-01', end: '2027-01-03' },
        { name: '春节', start: '2027-02-30', end: '2027-02-13' },
        { name: '清明节', start: '2027-04-06', end: '2027-04-04' },
        { name: '劳动节', start: '2027-01-03', end: '2027-01-05' },
        { name: '暑假', start: '2027-07-01', end: '2027-08-31' },
      ],
      workdays: [
        { name: '元旦', date: '2027-01-02' },
        { name: '春节', date: '2027-02-22' },
        { name: '国庆节', date: '2028-10-09' },
      ],
    });
    expect(days).toEqual([]);
    expect(errors.map((e) => e.path)).toEqual([
      '/holidays/1/start', // 2027-02-30
      '/holidays/2/end', // end before start
      '/holidays/3', // overlaps 元旦 on 01-03
      '/holidays/4/end', // 62 days
      '/workdays/0/date', // Sat 01-02 is inside 元旦
      '/workdays/1/date', // Monday
      '/workdays/2/date', // 2028
    ]);
    for (const e of errors) expect(e.message).toMatch(/[\u4e00-\u9fff].*\([a-z].*\)/);
  });
});

describe('property: addWorkingDays and workingDaysBetween agree', () => {
  it('for every date of 2023-12-01 … 2026-12-31 and n in 1..30', () => {
    const days = datesFrom('2023-12-01', '2026-12-31');
    let checked = 0;
    for (const d of days) {
      for (let n = 1; n <= 30; n++) {
        const due = calendar.addWorkingDays(d, n);
        if (!calendar.isWorkingDay(due)) throw new Error(`${d} + ${n} = ${due}, not a working day`);
        if (calendar.workingDaysBetween(d, due) !== n) throw new Error(`between(${d}, ${due}) !== ${n}`);
        if (calendar.workingDaysBetween(d, plusDays(due, -1)) !== n - 1)
          throw new Error(`${due} is not the first day with ${n} working days after ${d}`);
        checked++;
      }
    }
    expect(checked).toBe(days.length * 30);
  });

  it('workingDaysBetween equals a day-by-day count', () => {
    const days = datesFrom('2023-12-20', '2027-01-10');
    for (let i = 0; i < days.length; i += 7) {
      for (const span of [1, 2, 6, 7, 13, 40, 100, 400]) {
        const from = days[i];
        const to = plusDays(from, span);
        let naive = 0;
        for (let d = plusDays(from, 1); d <= to; d = plusDays(d, 1)) if (calendar.isWorkingDay(d)) naive++;
        if (calendar.workingDaysBetween(from, to) !== naive) throw new Error(`between(${from}, ${to}) !== ${naive}`);
      }
    }
  });
});

// Regression (probe, 2026-12-05): a request filed on 2026-12-22 was due 2027-01-05, New Year's Day
// counted as a working day, with no sign that the 2027 arrangement was missing.
describe('deadlineIsProvisional', () => {
  const at = (local: string) => new Date(`${local}+08:00`);

  it('is true when the due date lies in a year without an arrangement', () => {
    const due = replyDeadline(at('2026-12-22T10:00:00'), 10, calendar);
    expect(due.dueDate).toBe('2027-01-05');
    expect(deadlineIsProvisional(at('2026-12-22T10:00:00'), due.dueDate, calendar)).toBe(true);
    expect(deadlineIsProvisional('2026-12-22T02:00:00.000Z', '2027-01-05', calendar)).toBe(true);
  });

  it('is false within arranged years, across a year boundary too', () => {
    expect(deadlineIsProvisional(at('2026-03-02T09:00:00'), '2026-03-16', calendar)).toBe(false);
    expect(deadlineIsProvisional(at('2025-12-24T09:00:00'), '2026-01-08', calendar)).toBe(false);
  });

  it('is true when a day counted lies in a missing year though the due date does not (2023 before 2024)', () => {
    expect(deadlineIsProvisional(at('2023-12-25T09:00:00'), '2024-01-08', calendar)).toBe(true);
  });

  it('counts from the day after the start in Beijing time: a start late on Dec 31 (UTC) is Jan 1 in Beijing', () => {
    // 2026-12-31T17:00Z is 2027-01-01 01:00 in Beijing: the first day counted is 2027-01-02.
    const only2027 = new WorkingDayCalendar(allDays, [2024, 2025, 2026]);
    expect(deadlineIsProvisional(new Date('2026-12-31T17:00:00Z'), '2027-01-15', only2027)).toBe(true);
    const with2027 = new WorkingDayCalendar(allDays, [2024, 2025, 2026, 2027]);
    expect(deadlineIsProvisional(new Date('2026-12-31T17:00:00Z'), '2027-01-15', with2027)).toBe(false);
    // Submitted on Dec 30, due Dec 31: nothing of 2027 is counted.
    expect(deadlineIsProvisional(at('2026-12-30T09:00:00'), '2026-12-31', only2027)).toBe(false);
  });

  it('becomes false once the missing year is entered', () => {
    const with2027 = new WorkingDayCalendar([...allDays, { date: '2027-01-01', kind: 'holiday', name: '元旦' }], [2024, 2025, 2026, 2027]);
    const due = replyDeadline(at('2026-12-22T10:00:00'), 10, with2027);
    expect(due.dueDate).toBe('2027-01-06');
    expect(deadlineIsProvisional(at('2026-12-22T10:00:00'), due.dueDate, with2027)).toBe(false);
  });

  it('is false without a deadline', () => {
    expect(deadlineIsProvisional(null, null, calendar)).toBe(false);
    expect(deadlineIsProvisional('2026-12-22T02:00:00.000Z', null, calendar)).toBe(false);
    expect(deadlineIsProvisional(null, '2027-01-05', calendar)).toBe(false);
  });
});

describe('calendarWarnings', () => {
  it('says nothing before November 1 when the year is arranged', () => {
    expect(calendarWarnings('2026-03-02', calendar)).toEqual([]);
    expect(calendarWarnings('2026-10-31', calendar)).toEqual([]);
  });

  it('warns from November 1 until next year is entered', () => {
    for (const today of ['2026-11-01', '2026-12-22', '2026-12-31']) {
      expect(calendarWarnings(today, calendar)).toEqual([
        { code: 'calendar_next_year_missing', year: 2027, message: expect.stringContaining('2027') },
      ]);
    }
    expect(calendarWarnings('2026-11-01', calendar)[0].message).toMatch(
      /尚未录入 2027 年.*\(the 2027 holiday arrangement is not entered yet/,
    );
    const with2027 = new WorkingDayCalendar(allDays, [2024, 2025, 2026, 2027]);
    expect(calendarWarnings('2026-12-22', with2027)).toEqual([]);
  });

  it('warns whenever the current year is missing', () => {
    expect(calendarWarnings('2027-02-01', calendar)).toEqual([
      { code: 'calendar_year_missing', year: 2027, message: expect.stringContaining('2027') },
    ]);
    expect(calendarWarnings('2027-11-02', calendar).map((w) => [w.code, w.year])).toEqual([
      ['calendar_year_missing', 2027],
      ['calendar_next_year_missing', 2028],
    ]);
  });

  it('refuses a day that is not a date', () => {
    expect(() => calendarWarnings('2026-13-01', calendar)).toThrow(RangeError);
  });
});

describe('shanghaiDateTime', () => {
  it('gives the date and minute in Beijing time', () => {
    expect(shanghaiDateTime(new Date('2026-03-12T01:00:00Z'))).toBe('2026-03-12 09:00');
    expect(shanghaiDateTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01 00:30');
  });
});
