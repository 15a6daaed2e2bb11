import fc from 'fast-check';
import {
  duplicateOverlaps,
  ItemMatch,
  MAX_CANDIDATES,
  MIN_SHARED_ITEMS,
  MIN_SHARED_RATIO,
  minSharedItems,
} from '../../src/domain/duplicates';
import { yuanToFen } from '../../src/domain/money';
import { formatResourceCode } from '../../src/domain/resource-code';
import { allowedFrom, editModeOf, nextStatus, PUBLIC_STATUSES, ResourceAction, ResourceStatus } from '../../src/domain/resource-workflow';
import { isBigramTerm, normalizeItemName, normalizeSearchText, searchBigrams, searchTerms } from '../../src/domain/text';

const STATUSES: ResourceStatus[] = ['draft', 'submitted', 'published', 'returned', 'withdrawn'];
const ACTIONS: ResourceAction[] = ['submit', 'publish', 'return', 'withdraw'];

describe('resource workflow', () => {
  // draft ─submit→ submitted ─publish→ published ─withdraw→ withdrawn; submitted ─return→ returned ─submit→ submitted
  const allowed: Record<string, ResourceStatus> = {
    'draft submit': 'submitted',
    'returned submit': 'submitted',
    'submitted publish': 'published',
    'submitted return': 'returned',
    'published withdraw': 'withdrawn',
  };
  const cases = STATUSES.flatMap((s) => ACTIONS.map((a) => [s, a, allowed[`${s} ${a}`] ?? null] as const));

  it('covers all 20 status × action pairs, 5 of them allowed', () => {
    expect(cases).toHaveLength(20);
    expect(cases.filter(([, , to]) => to !== null)).toHaveLength(5);
  });

  it.each(cases)('from %s, %s gives %p', (from, action, to) => {
    expect(nextStatus(from, action)).toBe(to);
  });

  it('names the statuses each action is allowed from', () => {
    expect(allowedFrom('submit').sort()).toEqual(['draft', 'returned']);
    expect(allowedFrom('publish')).toEqual(['submitted']);
    expect(allowedFrom('return')).toEqual(['submitted']);
    expect(allowedFrom('withdraw')).toEqual(['published']);
  });

  it('hands out a copy of the allowed statuses, not the table itself', () => {
    const list = allowedFrom('publish');
    list.push('draft');
    expect(nextStatus('draft', 'publish')).toBeNull();
    expect(allowedFrom('publish')).toEqual(['submitted']);
  });

  it('agrees with allowedFrom for every pair', () => {
    for (const s of STATUSES) {
      for (const a of ACTIONS) {
        expect(nextStatus(s, a) !== null).toBe(allowedFrom(a).includes(s));
      }
    }
  });

  it('leaves withdrawn as a final status', () => {
    for (const a of ACTIONS) expect(nextStatus('withdrawn', a)).toBeNull();
  });

  it.each([
    ['draft', 'free'],
    ['returned', 'free'],
    ['published', 'versioned'],
    ['submitted', 'locked'],
    ['withdrawn', 'locked'],
  ] as const)('edits a %s entry in %s mode', (status, mode) => {
    expect(editModeOf(status)).toBe(mode);
  });

  it('lets anyone read published and withdrawn entries only', () => {
    expect([...PUBLIC_STATUSES].sort()).toEqual(['published', 'withdrawn']);
  });
});

describe('duplicate detection (一数一源)', () => {
  it('names as minSharedItems(total) exactly the fewest shared items the rule accepts (the database filters by it)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 }), (total, wanted) => {
        const shared = Math.min(wanted, total);
        const entry = Array.from({ length: total }, (_, i) => `item${i}`);
        const matches = entry.slice(0, shared).map((n) => ({ resourceId: 'r1', itemName: n, normalizedName: n }));
        const accepted = duplicateOverlaps(entry, matches).length === 1;
        expect({ total, shared, accepted }).toEqual({ total, shared, accepted: shared >= minSharedItems(total) });
      }),
      { seed: 20261122, numRuns: 500 },
    );
  });

  const match = (resourceId: string, itemName: string, normalizedName = normalizeItemName(itemName)): ItemMatch => ({
    resourceId,
    itemName,
    normalizedName,
  });
  const names = (...n: string[]) => n.map(normalizeItemName);

  it('has the documented thresholds', () => {
    expect(MIN_SHARED_ITEMS).toBe(3);
    expect(MIN_SHARED_RATIO).toBe(0.5);
    expect(MAX_CANDIDATES).toBe(10);
  });

  it('flags an entry sharing three items, however many items the entry has', () => {
    const entry = names('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10');
    const result = duplicateOverlaps(entry, [match('r1', 'a1'), match('r1', 'a2'), match('r1', 'a3')]);
    expect(result).toEqual([{ resourceId: 'r1', overlappingItems: ['a1', 'a2', 'a3'], overlapRatio: 0.3 }]);
  });

  it('flags two shared items of three (ratio 0.667) and two of four (exactly 0.5)', () => {
    expect(duplicateOverlaps(names('姓名', '性别', '民族'), [match('r1', '姓名'), match('r1', '性别')])).toEqual([
      { resourceId: 'r1', overlappingItems: ['姓名', '性别'], overlapRatio: 0.667 },
    ]);
    expect(duplicateOverlaps(names('姓名', '性别', '民族', '籍贯'), [match('r1', '姓名'), match('r1', '性别')])).toEqual([
      { resourceId: 'r1', overlappingItems: ['姓名', '性别'], overlapRatio: 0.5 },
    ]);
  });

  it('does not flag two shared items of ten, two of five, nor a single shared item', () => {
    const ten = names('a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9', 'a10');
    expect(duplicateOverlaps(ten, [match('r1', 'a1'), match('r1', 'a2')])).toEqual([]);
    expect(duplicateOverlaps(names('a1', 'a2', 'a3', 'a4', 'a5'), [match('r1', 'a1'), match('r1', 'a2')])).toEqual([]);
    // One of one is a ratio of 1, but a single item is not enough.
    expect(duplicateOverlaps(names('a1'), [match('r1', 'a1')])).toEqual([]);
  });

  it('flags nothing for an entry without items', () => {
    expect(duplicateOverlaps([], [match('r1', 'a1'), match('r1', 'a2'), match('r1', 'a3')])).toEqual([]);
  });

  it('counts an item once however often it matches, and counts the entry by distinct names', () => {
    // The other entry matches 姓名 twice (two spellings); the entry lists 姓名 twice.
    const result = duplicateOverlaps(
      ['姓名', '姓名', '性别', '民族'],
      [match('r1', '姓名'), match('r1', '姓名 ', '姓名'), match('r1', '性别')],
    );
    expect(result).toHaveLength(1);
    expect(result[0].overlappingItems).toHaveLength(2);
    expect(result[0].overlapRatio).toBe(0.667);
  });

  it('groups matches by resource and judges each resource on its own', () => {
    const entry = names('a', 'b', 'c', 'd', 'e', 'f');
    const result = duplicateOverlaps(entry, [
      match('r1', 'a'),
      match('r2', 'a'),
      match('r1', 'b'),
      match('r2', 'b'),
      match('r1', 'c'),
      match('r3', 'a'),
      match('r3', 'b'),
      match('r3', 'c'),
      match('r3', 'd'),
    ]);
    // r2 has two of six (0.333): not flagged. r3 (4 items) before r1 (3 items).
    expect(result).toEqual([
      { resourceId: 'r3', overlappingItems: ['a', 'b', 'c', 'd'], overlapRatio: 0.667 },
      { resourceId: 'r1', overlappingItems: ['a', 'b', 'c'], overlapRatio: 0.5 },
    ]);
  });

  it('orders by ratio, then by number of shared items, then by resource id', () => {
    const entry = names('a', 'b', 'c', 'd');
    const result = duplicateOverlaps(entry, [
      ...['a', 'b'].map((n) => match('r-b', n)),
      ...['a', 'b', 'c'].map((n) => match('r-z', n)),
      ...['a', 'b', 'c', 'd'].map((n) => match('r-y', n)),
      ...['a', 'b'].map((n) => match('r-a', n)),
    ]);
    expect(result.map((o) => [o.resourceId, o.overlapRatio])).toEqual([
      ['r-y', 1],
      ['r-z', 0.75],
      ['r-a', 0.5],
      ['r-b', 0.5],
    ]);
  });

  it('keeps at most ten candidates, the strongest ones', () => {
    const entry = names('a', 'b', 'c', 'd', 'e');
    const matches: ItemMatch[] = [];
    // r00 … r11 share three items (0.6); r12, r13 share all five (1.0).
    for (let i = 0; i < 12; i++) for (const n of ['a', 'b', 'c']) matches.push(match(`r${String(i).padStart(2, '0')}`, n));
    for (const id of ['r12', 'r13']) for (const n of ['a', 'b', 'c', 'd', 'e']) matches.push(match(id, n));
    const result = duplicateOverlaps(entry, matches);
    expect(result).toHaveLength(10);
    expect(result.map((o) => o.resourceId)).toEqual(['r12', 'r13', 'r00', 'r01', 'r02', 'r03', 'r04', 'r05', 'r06', 'r07']);
  });

  it('reports the item names as the other entry spells them', () => {
    const entry = names('公民身份号码', 'GPS坐标', '联系电话');
    const result = duplicateOverlaps(entry, [match('r1', '公民身份 号码'), match('r1', 'ＧＰＳ坐标'), match('r1', '联系电话')]);
    expect(result).toEqual([{ resourceId: 'r1', overlappingItems: ['公民身份 号码', 'ＧＰＳ坐标', '联系电话'], overlapRatio: 1 }]);
  });
});

describe('text normalisation', () => {
  it('normalises search text: full-width to half-width, lower case, single spaces, trimmed', () => {
    expect(normalizeSearchText('  ＡＢＣ\u3000１２３\t\n户籍 ')).toBe('abc 123 户籍');
  });

  it('removes all whitespace from item names and folds width and case', () => {
    expect(normalizeItemName(' 公民身份\u3000号码\n')).toBe('公民身份号码');
    expect(normalizeItemName('ＧＰＳ 坐标')).toBe('gps坐标');
  });

  describe('searchBigrams', () => {
    it('cuts each word into its overlapping character pairs, once each, never across words', () => {
      expect(searchBigrams('户籍人口 户籍')).toBe('户籍 籍人 人口');
      expect(searchBigrams('gps坐标 x')).toBe('gp ps s坐 坐标');
      expect(searchBigrams('')).toBe('');
    });

    it('keeps a character outside the Basic Multilingual Plane whole (a code point, not a UTF-16 half)', () => {
      expect(searchBigrams('𠀀甲乙')).toBe('𠀀甲 甲乙');
    });

    it('sends only a pair of letters or digits to the pair index', () => {
      expect(['户籍', 'ab', '12', '𠀀甲'].map(isBigramTerm)).toEqual([true, true, true, true]);
      expect(['户', '户籍人', 'a%', '_x', "'1"].map(isBigramTerm)).toEqual([false, false, false, false, false]);
    });
  });

  describe('searchTerms', () => {
    it('splits on whitespace of any kind', () => {
      expect(searchTerms('户籍  人口\u3000信息\t查询')).toEqual(['户籍', '人口', '信息', '查询']);
    });

    it('normalises full-width letters and digits and case', () => {
      expect(searchTerms('ＧＰＳ Ｇｐｓ gps ２０２４')).toEqual(['gps', '2024']);
    });

    it('drops duplicates, keeping the first occurrence order', () => {
      expect(searchTerms('社保 医保 社保 SOCIAL social')).toEqual(['社保', '医保', 'social']);
    });

    it('keeps at most five terms, counted after dropping duplicates', () => {
      expect(searchTerms('a b c d e f g')).toEqual(['a', 'b', 'c', 'd', 'e']);
      expect(searchTerms('a a b b c c d d e e f')).toEqual(['a', 'b', 'c', 'd', 'e']);
    });

    it('gives no terms for blank input', () => {
      expect(searchTerms('')).toEqual([]);
      expect(searchTerms(' \u3000\t ')).toEqual([]);
    });
  });
});

describe('resource codes', () => {
  it.each([
    ['101', 1, '101/000001'],
    ['208', 42, '208/000042'],
    ['399', 123456, '399/123456'],
    ['301', 999999, '301/999999'],
  ])('formats category %s, sequence %d as %s', (category, seq, code) => {
    expect(formatResourceCode(category, seq)).toBe(code);
    expect(code).toMatch(/^[1-3][0-9]{2}\/[0-9]{6}$/);
  });

  it.each([0, -1, 1000000, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('refuses sequence %p', (seq) => {
    expect(() => formatResourceCode('101', seq)).toThrow(/out of range/);
  });
});

describe('money: yuan to fen', () => {
  it.each([
    [0, 0],
    [1, 100],
    [0.01, 1],
    [0.07, 7],
    [0.1 + 0.2, 30],
    [19.99, 1999],
    [1234567.89, 123456789],
    [99999999.99, 9999999999],
    [99999999999.99, 9999999999999],
    [100000000000, 10000000000000],
  ])('converts %p yuan to %p fen', (yuan, fen) => {
    expect(yuanToFen(yuan)).toBe(fen);
  });

  it.each([1.005, 0.001, 12.345, 1234567.891])('refuses %p yuan (more than two decimals)', (yuan) => {
    expect(yuanToFen(yuan)).toBeNull();
  });

  // Regression: the two-decimal check must not depend on the amount's size (300000000.03 × 100 is
  // 30000000002.999996 in binary floating point).
  it.each([300000000.03, 626016344.67, 9125811875.72])('accepts %p yuan, which has two decimals (large amounts)', (yuan) => {
    expect(yuanToFen(yuan)).toBe(Math.round(yuan * 100));
  });
});
