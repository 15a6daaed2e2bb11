import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { canonicalMaskingRule, describeMasking, mask, MaskingRule, maskingRuleProblems } from '../../src/domain/masking';

// Masking (脱敏) as data (docs/resources.md, Masking; ADR 0029): each rule on examples, the
// never-clear guarantee and the keyed hash's per-consumer tokens as properties.

const key = { secret: Buffer.alloc(32, 7), consumer: 'dept-education' };
const m = (value: string | null, rule: MaskingRule, k = key) => mask(value, rule, k);
const length = (s: string) => Array.from(s).length;

describe('mask, rule by rule', () => {
  it('keep_ends keeps the first and last characters by code point, the rest as *', () => {
    expect(m('110105199003071234', { rule: 'keep_ends', first: 6, last: 4 })).toBe('110105********1234');
    expect(m('6222021234567890', { rule: 'keep_ends', first: 0, last: 4 })).toBe('************7890');
    expect(m('𠀋𠀌𠀍𠀎', { rule: 'keep_ends', first: 1, last: 1 })).toBe('𠀋**𠀎');
    expect(m('ABC', { rule: 'keep_ends', first: 0, last: 0 })).toBe('***');
  });

  it('keep_ends hides everything when first + last reach the length, and reads odd parameters safely', () => {
    expect(m('1234567890', { rule: 'keep_ends', first: 6, last: 4 })).toBe('**********');
    expect(m('12', { rule: 'keep_ends', first: 1, last: 1 })).toBe('**');
    expect(m('123456', { rule: 'keep_ends', first: -3, last: NaN })).toBe('******');
    expect(m('123456', { rule: 'keep_ends', first: Infinity, last: 0 })).toBe('******');
    expect(m('123456', { rule: 'keep_ends', first: 1.9, last: 1.2 })).toBe('1****6');
  });

  it('phone keeps 3 + 4 digits of a mainland mobile number, however written', () => {
    expect(m('13800138000', { rule: 'phone' })).toBe('138****8000');
    expect(m('+86 138 0013 8000', { rule: 'phone' })).toBe('138****8000');
    expect(m('0086-138-0013-8000', { rule: 'phone' })).toBe('138****8000');
  });

  it('phone falls back to keep_ends 3/4 for other numbers, and hides a short one whole', () => {
    expect(m('0591-87654321', { rule: 'phone' })).toBe('059******4321');
    expect(m('87654321', { rule: 'phone' })).toBe('876*4321');
    expect(m('1234567', { rule: 'phone' })).toBe('*******');
    expect(m('110', { rule: 'phone' })).toBe('***');
  });

  it('family_name shows the surname only, compound surnames whole', () => {
    expect(m('张三', { rule: 'family_name' })).toBe('张*');
    expect(m('李小龙', { rule: 'family_name' })).toBe('李**');
    expect(m('欧阳娜娜', { rule: 'family_name' })).toBe('欧阳**');
    expect(m('诸葛亮', { rule: 'family_name' })).toBe('诸葛*');
    // Two characters are a surname and a given name even when they spell a compound surname.
    expect(m('欧阳', { rule: 'family_name' })).toBe('欧*');
    expect(m('张', { rule: 'family_name' })).toBe('*');
  });

  it('family_name keeps the first word of a name of several words, separators as they are', () => {
    expect(m('John Smith', { rule: 'family_name' })).toBe('John *****');
    expect(m('买买提·艾力', { rule: 'family_name' })).toBe('买买提·**');
    expect(m('Madonna', { rule: 'family_name' })).toBe('M******');
  });

  it('date keeps the year or the year and month of a date or date-time; anything else becomes *', () => {
    const year: MaskingRule = { rule: 'date', precision: 'year' };
    const month: MaskingRule = { rule: 'date', precision: 'month' };
    expect(m('1990-05-17', year)).toBe('1990');
    expect(m('1990-05-17', month)).toBe('1990-05');
    expect(m('1990/5/17', month)).toBe('1990-05');
    expect(m('19900517', month)).toBe('1990-05');
    expect(m('1990年5月17日', year)).toBe('1990');
    expect(m('2024-02-29T08:30:00+08:00', month)).toBe('2024-02');
    expect(m('2024-02-29 08:30', year)).toBe('2024');
    expect(m('20240229083000', month)).toBe('2024-02');
    for (const notDate of ['2023-02-29', '1990-13-01', '1990-05', '1990', 'yesterday', '1990-05-17T25:00', '0000-01-01']) {
      expect(m(notDate, month)).toBe('*');
    }
  });

  it('fixed always answers the replacement', () => {
    expect(m('榕城市鼓楼区某路1号', { rule: 'fixed', replacement: '***' })).toBe('***');
    expect(m('', { rule: 'fixed', replacement: '不予提供' })).toBe('不予提供');
  });

  it('keyed_hash answers the first `length` hex digits of HMAC-SHA-256 under the consumer’s key', () => {
    const token = m('110105199003071234', { rule: 'keyed_hash', length: 16 })!;
    expect(token).toMatch(/^[0-9a-f]{16}$/);
    const consumerKey = createHmac('sha256', key.secret).update(`catalog-masking/keyed_hash/v1\u0000${key.consumer}`).digest();
    expect(token).toBe(createHmac('sha256', consumerKey).update('110105199003071234').digest('hex').slice(0, 16));
    expect(m('x', { rule: 'keyed_hash', length: 64 })).toHaveLength(64);
    expect(m('x', { rule: 'keyed_hash', length: 3 })).toHaveLength(8);
    expect(m('x', { rule: 'keyed_hash', length: 1000 })).toHaveLength(64);
  });

  it('keyed_hash fails closed without a real secret or a consumer', () => {
    const rule: MaskingRule = { rule: 'keyed_hash', length: 16 };
    expect(() => m('x', rule, { secret: Buffer.alloc(8), consumer: 'd' })).toThrow(/16 bytes/);
    expect(() => m('x', rule, { secret: Buffer.alloc(32), consumer: '' })).toThrow(/consuming department/);
    expect(m(null, rule, { secret: Buffer.alloc(0), consumer: '' })).toBeNull();
  });

  it('keeps null as null, and an empty value empty for the rules that keep part of a value', () => {
    for (const rule of [
      { rule: 'keep_ends', first: 1, last: 1 },
      { rule: 'phone' },
      { rule: 'family_name' },
      { rule: 'date', precision: 'year' },
    ] as MaskingRule[]) {
      expect(m(null, rule)).toBeNull();
      expect(m('', rule)).toBe('');
    }
  });

  it('never answers a value unchanged, even one already masked or equal to the replacement', () => {
    expect(m('110105********1234', { rule: 'keep_ends', first: 6, last: 4 })).toBe('******************');
    expect(m('***', { rule: 'keep_ends', first: 1, last: 1 })).toBe('****');
    expect(m('***', { rule: 'fixed', replacement: '***' })).toBe('****');
    expect(m('无', { rule: 'fixed', replacement: '无' })).toBe('*');
    expect(m('*', { rule: 'date', precision: 'year' })).toBe('**');
    expect(m('张*', { rule: 'family_name' })).toBe('**');
    expect(m('abc', { rule: 'nonsense' } as unknown as MaskingRule)).toBe('***');
  });
});

// Values of every kind: any text, text made of what the rules keep or hide, phone-like digits, dates.
const values = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.string({ unit: fc.constantFrom('*', '1', '张', '欧', '阳', ' ', '·', 'a', '-', '+'), minLength: 1, maxLength: 20 }),
  fc.stringMatching(/^(\+86 ?)?1[3-9]\d{9}$/),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
);
// Parameters as the contract allows them, and as a careless caller might pass them.
const anyNumber = fc.oneof(fc.integer({ min: -5, max: 80 }), fc.double(), fc.constantFrom(NaN, Infinity, -Infinity));
const rulesThatHide = fc.oneof(
  fc.record({ rule: fc.constant('keep_ends' as const), first: anyNumber, last: anyNumber }),
  fc.constant({ rule: 'phone' as const }),
  fc.constant({ rule: 'family_name' as const }),
  fc.record({ rule: fc.constant('fixed' as const), replacement: fc.string({ maxLength: 50 }) }),
  fc.record({ rule: fc.constant('keyed_hash' as const), length: anyNumber }),
);

describe('mask, as properties', () => {
  it('never answers a non-empty value unchanged (keep_ends, phone, family_name, fixed, keyed_hash)', () => {
    fc.assert(
      fc.property(values, rulesThatHide, (value, rule) => {
        expect(m(value, rule)).not.toBe(value);
      }),
      { numRuns: 2000 },
    );
  });

  it('never answers a non-empty date unchanged either', () => {
    fc.assert(
      fc.property(values, fc.constantFrom('year' as const, 'month' as const), (value, precision) => {
        expect(m(value, { rule: 'date', precision })).not.toBe(value);
      }),
    );
  });

  it('keep_ends keeps the length (in code points) of every value that is not all *', () => {
    const keep = fc.integer({ min: 0, max: 64 });
    fc.assert(
      fc.property(values, keep, keep, (value, first, last) => {
        fc.pre(/[^*]/u.test(value));
        const out = m(value, { rule: 'keep_ends', first, last })!;
        expect(length(out)).toBe(length(value));
        // …showing at most what was asked, and at least one * .
        expect(out).toContain('*');
      }),
    );
  });

  it('keyed_hash gives one consumer the same token for the same value, and two consumers different ones', () => {
    fc.assert(
      fc.property(values, fc.integer({ min: 8, max: 64 }), fc.uuid(), fc.uuid(), (value, n, a, b) => {
        fc.pre(a !== b);
        const rule: MaskingRule = { rule: 'keyed_hash', length: n };
        const forA = m(value, rule, { ...key, consumer: a });
        expect(m(value, rule, { ...key, consumer: a })).toBe(forA);
        expect(forA).toHaveLength(n);
        expect(m(value, rule, { ...key, consumer: b })).not.toBe(forA);
      }),
    );
  });

  it('keyed_hash gives two values two tokens, and another installation other tokens', () => {
    fc.assert(
      fc.property(values, values, (x, y) => {
        fc.pre(x !== y);
        const rule: MaskingRule = { rule: 'keyed_hash', length: 32 };
        expect(m(x, rule)).not.toBe(m(y, rule));
        expect(m(x, rule, { ...key, secret: Buffer.alloc(32, 8) })).not.toBe(m(x, rule));
      }),
    );
  });
});

describe('maskingRuleProblems', () => {
  const text = { dataType: 'C', length: 18 };
  const problems = (rule: unknown, item: { dataType: string; length?: number | null } = text) =>
    maskingRuleProblems(rule as MaskingRule, item).map((p) => [p.path, p.code]);

  it('finds nothing wrong with rules that fit their items', () => {
    expect(problems({ rule: 'keep_ends', first: 6, last: 4 })).toEqual([]);
    expect(problems({ rule: 'phone' }, { dataType: 'C', length: 20 })).toEqual([]);
    expect(problems({ rule: 'phone' }, { dataType: 'I' })).toEqual([]);
    expect(problems({ rule: 'family_name' }, { dataType: 'C', length: 50 })).toEqual([]);
    expect(problems({ rule: 'date', precision: 'year' }, { dataType: 'D' })).toEqual([]);
    expect(problems({ rule: 'date', precision: 'month' }, { dataType: 'T' })).toEqual([]);
    expect(problems({ rule: 'fixed', replacement: '不予提供' }, { dataType: 'Y' })).toEqual([]);
    expect(problems({ rule: 'keyed_hash', length: 8 }, { dataType: 'N' })).toEqual([]);
    expect(problems({ rule: 'keyed_hash', length: 64 })).toEqual([]);
  });

  it('refuses a rule on an item whose data type it cannot read (dates only on D and T items)', () => {
    expect(problems({ rule: 'date', precision: 'year' })).toEqual([['', 'masking_not_for_data_type']]);
    expect(problems({ rule: 'family_name' }, { dataType: 'N' })).toEqual([['', 'masking_not_for_data_type']]);
    expect(problems({ rule: 'keep_ends', first: 1, last: 1 }, { dataType: 'D' })).toEqual([['', 'masking_not_for_data_type']]);
    expect(problems({ rule: 'phone' }, { dataType: 'L' })).toEqual([['', 'masking_not_for_data_type']]);
    const [problem] = maskingRuleProblems({ rule: 'date', precision: 'year' }, text);
    expect(problem.message).toMatch(/字符型（C）.*\(the date rule does not fit a data item of type C\)/);
  });

  it('refuses parameters out of their bounds, each at its own path', () => {
    expect(problems({ rule: 'keep_ends', first: -1, last: 65 }, { dataType: 'C' })).toEqual([
      ['/first', 'invalid_masking_parameter'],
      ['/last', 'invalid_masking_parameter'],
    ]);
    expect(problems({ rule: 'keep_ends', first: 1.5, last: 0 }, { dataType: 'C' })).toEqual([['/first', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'keyed_hash', length: 7 })).toEqual([['/length', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'keyed_hash', length: 65 })).toEqual([['/length', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'fixed', replacement: '' })).toEqual([['/replacement', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'fixed', replacement: '   ' })).toEqual([['/replacement', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'fixed', replacement: '*'.repeat(51) })).toEqual([['/replacement', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'fixed', replacement: '𠀋'.repeat(50) })).toEqual([]);
    expect(problems({ rule: 'date', precision: 'day' }, { dataType: 'D' })).toEqual([['/precision', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'shuffle' })).toEqual([['/rule', 'unknown_masking_rule']]);
  });

  it('refuses keep_ends that would keep every character of the item', () => {
    expect(problems({ rule: 'keep_ends', first: 14, last: 4 })).toEqual([['', 'invalid_masking_parameter']]);
    expect(problems({ rule: 'keep_ends', first: 13, last: 4 })).toEqual([]);
    expect(problems({ rule: 'keep_ends', first: 14, last: 4 }, { dataType: 'C', length: null })).toEqual([]);
  });

  it('says what is wrong in Chinese with an English gloss', () => {
    for (const p of maskingRuleProblems({ rule: 'keep_ends', first: -1, last: 99 }, { dataType: 'D' })) {
      expect(p.message).toMatch(/[\u4e00-\u9fff].*\([a-z].*\)$/);
    }
  });
});

describe('describeMasking', () => {
  it('says each rule in the words a clerk reads', () => {
    expect(describeMasking({ rule: 'keep_ends', first: 6, last: 4 })).toBe('保留前6位和后4位');
    expect(describeMasking({ rule: 'keep_ends', first: 0, last: 4 })).toBe('保留后4位');
    expect(describeMasking({ rule: 'keep_ends', first: 3, last: 0 })).toBe('保留前3位');
    expect(describeMasking({ rule: 'keep_ends', first: 0, last: 0 })).toBe('全部以*遮盖');
    expect(describeMasking({ rule: 'phone' })).toBe('手机号保留前3位和后4位');
    expect(describeMasking({ rule: 'family_name' })).toBe('仅显示姓');
    expect(describeMasking({ rule: 'date', precision: 'year' })).toBe('日期精确到年');
    expect(describeMasking({ rule: 'date', precision: 'month' })).toBe('日期精确到月');
    expect(describeMasking({ rule: 'fixed', replacement: '***' })).toBe('固定替换为“***”');
    expect(describeMasking({ rule: 'keyed_hash', length: 16 })).toBe('按使用部门加密散列（16位）');
  });
});

describe('canonicalMaskingRule', () => {
  it('keeps the rule’s own parameters in one order', () => {
    const shuffled = JSON.parse('{"last":4,"first":6,"rule":"keep_ends"}') as MaskingRule;
    expect(JSON.stringify(canonicalMaskingRule(shuffled))).toBe('{"rule":"keep_ends","first":6,"last":4}');
    expect(canonicalMaskingRule({ rule: 'phone', extra: 1 } as unknown as MaskingRule)).toEqual({ rule: 'phone' });
  });
});
