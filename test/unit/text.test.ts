import fc from 'fast-check';
import {
  hasLoneSurrogate,
  isCharTerm,
  isPlainName,
  normalizeItemName,
  normalizeSearchText,
  searchChars,
  searchTerms,
} from '../../src/domain/text';

// What a reader cannot tell apart compares equal (一数一源 and search): invisible characters,
// width, case and whitespace do not make a different item name.

const INVISIBLES = {
  'zero-width space U+200B': '\u200b',
  'zero-width joiner U+200D': '\u200d',
  'zero-width non-joiner U+200C': '\u200c',
  'right-to-left override U+202E': '\u202e',
  'pop directional formatting U+202C': '\u202c',
  'left-to-right mark U+200E': '\u200e',
  'first strong isolate U+2068': '\u2068',
  'Arabic letter mark U+061C': '\u061c',
  'word joiner U+2060': '\u2060',
  'byte-order mark U+FEFF': '\ufeff',
  'soft hyphen U+00AD': '\u00ad',
  'variation selector-16 U+FE0F': '\ufe0f',
  'variation selector-1 U+FE00': '\ufe00',
  'variation selector-17 U+E0100': '\u{e0100}',
  'variation selector-256 U+E01EF': '\u{e01ef}',
  'tag character U+E0041': '\u{e0041}',
  'NUL U+0000': '\u0000',
  'escape U+001B': '\u001b',
  'delete U+007F': '\u007f',
  'C1 control U+0085': '\u0085',
};

describe('normalizeItemName', () => {
  it.each(Object.entries(INVISIBLES))('ignores the %s wherever it stands', (_label, ch) => {
    const plain = normalizeItemName('公民身份号码');
    expect(normalizeItemName(`公民${ch}身份号码`)).toBe(plain);
    expect(normalizeItemName(`${ch}公民身份号码${ch}${ch}`)).toBe(plain);
  });

  it('folds width, case and every kind of whitespace', () => {
    expect(normalizeItemName('ＧＰＳ 坐标\u3000Ｘ')).toBe('gps坐标x');
    expect(normalizeItemName('姓\t名\n')).toBe('姓名');
    expect(normalizeItemName('Caf\u00e9')).toBe(normalizeItemName('Cafe\u0301'));
  });

  it('composes a character whose mark an invisible character kept apart (invisibles go before NFKC)', () => {
    expect(normalizeItemName('e\u200b\u0301')).toBe(normalizeItemName('\u00e9'));
  });

  it('keeps what a reader does see: other names stay different', () => {
    expect(normalizeItemName('姓名')).not.toBe(normalizeItemName('姓氏'));
    expect(normalizeItemName('a-b')).not.toBe(normalizeItemName('ab'));
    expect(normalizeItemName('😀')).toBe('😀');
    expect(normalizeItemName('👨\u200d👩\u200d👧')).toBe('👨👩👧');
  });

  it('is idempotent and blind to inserted invisible characters (property)', () => {
    const invisible = fc.constantFrom(...Object.values(INVISIBLES));
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(text, fc.array(fc.tuple(fc.nat(), invisible), { maxLength: 4 }), (s, inserts) => {
        const once = normalizeItemName(s);
        expect(normalizeItemName(once)).toBe(once);
        const cps = Array.from(s);
        for (const [at, ch] of inserts) cps.splice(at % (cps.length + 1), 0, ch);
        expect(normalizeItemName(cps.join(''))).toBe(once);
      }),
    );
  });
});

describe('normalizeSearchText', () => {
  it('drops invisible characters inside words, so they do not split a word or hide it from search', () => {
    expect(normalizeSearchText('户\u200b籍人口 基本\ufeff信息')).toBe('户籍人口 基本信息');
    expect(normalizeSearchText('\u202e户籍\u202c')).toBe('户籍');
    expect(searchTerms('户\u200d籍')).toEqual(['户籍']);
  });

  it('keeps whitespace controls as word breaks, folded to one space', () => {
    expect(normalizeSearchText('户籍\n人口\t\t信息\r\n')).toBe('户籍 人口 信息');
    expect(normalizeSearchText('ＡＢＣ\u3000１２３')).toBe('abc 123');
  });

  it('is idempotent (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (s) => {
        const once = normalizeSearchText(s);
        expect(normalizeSearchText(once)).toBe(once);
      }),
    );
  });
});

describe('isPlainName', () => {
  it('takes ordinary names, with invisible joiners that emoji and some scripts need', () => {
    for (const name of ['户籍人口基本信息', 'GPS 坐标', 'Café', '👨\u200d👩\u200d👧 家庭', 'مرحبا', '零\u200b宽'])
      expect(isPlainName(name)).toBe(true);
  });

  it('refuses control characters, line breaks and bidi controls', () => {
    const refused = [
      '\u0000',
      '\t',
      '\n',
      '\r',
      '\u001b',
      '\u007f',
      '\u0085',
      '\u009f',
      '\u2028',
      '\u2029',
      '\u061c',
      '\u200e',
      '\u200f',
      '\u202a',
      '\u202b',
      '\u202c',
      '\u202d',
      '\u202e',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
    ];
    for (const ch of refused)
      expect({ ch: ch.codePointAt(0)!.toString(16), plain: isPlainName(`户籍${ch}信息`) }).toEqual({
        ch: ch.codePointAt(0)!.toString(16),
        plain: false,
      });
  });

  it('refuses a name that shows nothing: blank, or only invisible characters', () => {
    for (const name of ['', ' ', '\u3000', '\u200b', '\u200b\u200d\ufe0f', '\ufeff ']) expect(isPlainName(name)).toBe(false);
  });
});

describe('hasLoneSurrogate', () => {
  it('finds half a surrogate pair alone, and not a whole pair', () => {
    expect(['\ud800', 'a\udc00', '人口\ud800信息', '\udfff\ud800', 'a\ud83d'].every(hasLoneSurrogate)).toBe(true);
    expect(['😀', '𠮷', '户籍', ''].some(hasLoneSurrogate)).toBe(false);
  });
});

describe('searchChars and isCharTerm (the one-character index)', () => {
  it('lists each letter or digit of a search text once, in order, without punctuation or spaces', () => {
    expect(searchChars('户籍人口 户籍，abc 2026')).toBe('户 籍 人 口 a b c 2 0 6');
    expect(searchChars('，。 ')).toBe('');
  });
  it('takes one letter or digit as a keyword it answers, nothing else', () => {
    expect(['婚', 'a', '7'].map(isCharTerm)).toEqual([true, true, true]);
    expect(['婚姻', '，', ' ', ''].map(isCharTerm)).toEqual([false, false, false, false]);
  });
});
