import { createHmac } from 'node:crypto';
import { FieldError } from '../errors';
import { isPlainName } from './text';
import { dataTypes, labelOf } from './vocabularies';

// Masking (脱敏) as data: a sensitive item's desensitization rule (脱敏脱密规则; docs/domain.md
// glossary; Fuzhou art. 13, 附件1 项目材料 4) is one of a fixed set of rules with parameters, so
// the exchange applies exactly what the catalog says and a clerk reads it in words
// (describeMasking). Why a fixed set and a per-consumer keyed hash: docs/adr/0029-masking-rules-as-data.md.
//
// The never-clear guarantee: `mask` never returns a non-empty value unchanged, whatever the rule's
// parameters (the contract and maskingRuleProblems keep them sensible; mask does not rely on it).
// Each rule hides at least one character of a non-empty value — a rule that, for this value, would
// keep every character (keep_ends whose first + last reach the value's length, a phone number of
// seven characters or fewer) hides all of them instead. Where a rule's answer would still equal the
// value (the characters it hides were '*' already, or the value is the fixed replacement itself),
// the answer is every character as '*', or one '*' more when the value is nothing but '*': such a
// value tells the consumer nothing the rule's usual answer would not. Characters are code points.

export type MaskingRule =
  | { rule: 'keep_ends'; first: number; last: number }
  | { rule: 'phone' }
  | { rule: 'family_name' }
  | { rule: 'date'; precision: 'year' | 'month' }
  | { rule: 'fixed'; replacement: string }
  | { rule: 'keyed_hash'; length: number };

/** The installation's secret and the consuming department a keyed hash is made for. */
export interface MaskingKey {
  secret: Buffer;
  consumer: string;
}

export const MASKING_RULES = ['keep_ends', 'phone', 'family_name', 'date', 'fixed', 'keyed_hash'] as const;

/** Largest first/last of keep_ends; keyed_hash length bounds; fixed replacement length (code points). */
export const MASKING_LIMITS = { keepMax: 64, hashMin: 8, hashMax: 64, replacementMax: 50 } as const;

/** Shortest installation secret a keyed hash accepts: 128 bits (32 random bytes recommended). */
const MIN_SECRET_BYTES = 16;

const MASK = '*';

// Compound surnames (复姓) kept whole by family_name; any other name keeps its first character.
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '独孤',
  '南宫',
  '西门',
  '百里',
  '呼延',
  '轩辕',
  '钟离',
  '闻人',
]);

// What separates the words of a name: whitespace, and the middle dots of transliterated names
// (买买提·艾力, the katakana and full-width forms included).
const NAME_SEPARATOR = /^[\s·•‧・．]$/u;

/**
 * Which national data types (信息项数据类型, src/domain/vocabularies.ts) a rule can read: a date rule
 * needs a date (D) or date-time (T); a surname is text (C); a phone number or the ends of an
 * identifier are characters or digits (C, M; N, I); a fixed replacement and a keyed hash read any value.
 */
const RULE_DATA_TYPES: Record<MaskingRule['rule'], readonly string[]> = {
  keep_ends: ['C', 'M', 'N', 'I'],
  phone: ['C', 'N', 'I'],
  family_name: ['C'],
  date: ['D', 'T'],
  fixed: dataTypes.map((t) => t.code),
  keyed_hash: dataTypes.map((t) => t.code),
};

const RULE_LABELS: Record<MaskingRule['rule'], string> = {
  keep_ends: '保留首尾',
  phone: '手机号',
  family_name: '仅显示姓',
  date: '日期精度',
  fixed: '固定替换',
  keyed_hash: '加密散列',
};

const codePoints = (text: string) => Array.from(text);
const stars = (n: number) => MASK.repeat(n);

/** A count parameter as mask reads it: a non-negative integer; anything else that is not +Infinity counts 0. */
function count(n: unknown): number {
  if (n === Infinity) return Infinity;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

function keepEnds(value: string, first: number, last: number): string {
  const chars = codePoints(value);
  // Keeping every character is no masking: then nothing is kept.
  if (first + last >= chars.length) return stars(chars.length);
  return chars.slice(0, first).join('') + stars(chars.length - first - last) + (last > 0 ? chars.slice(-last).join('') : '');
}

// A mainland mobile number: 11 digits from 1, written with +86 or 0086 before it, spaces or hyphens between.
function maskPhone(value: string): string {
  const digits = value.replace(/[\s-]/g, '').replace(/^(?:\+86|0086)/, '');
  if (/^1\d{10}$/.test(digits)) return `${digits.slice(0, 3)}****${digits.slice(7)}`;
  return keepEnds(value, 3, 4);
}

function maskFamilyName(value: string): string {
  const chars = codePoints(value);
  const separator = (c: string) => NAME_SEPARATOR.test(c);
  let start = 0;
  while (start < chars.length && separator(chars[start])) start++;
  let end = start;
  while (end < chars.length && !separator(chars[end])) end++;
  const laterWord = chars.slice(end).some((c) => !separator(c));
  let kept: number;
  if (laterWord) {
    // Several words (John Smith, 买买提·艾力): the first is kept.
    kept = end;
  } else {
    // One word: its surname — a compound one when the name is longer than the surname and one
    // character more (欧阳修; 欧阳 alone is 欧 and a given name), else the first character; a
    // one-character name is hidden whole.
    const word = end - start;
    const compound = word > 2 && COMPOUND_SURNAMES.has(chars[start] + chars[start + 1]);
    kept = word <= 1 ? start : start + (compound ? 2 : 1);
  }
  return chars.map((c, i) => (i < kept || separator(c) ? c : MASK)).join('');
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// A date as written: 1990-05-17, 1990/5/17, 1990.05.17, 19900517 or 1990年5月17日, and the same
// followed by a time (1990-05-17T08:30:00+08:00, 1990-05-17 08:30, 19900517083000).
const DATE_FORMS = [
  /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i,
  /^(\d{4})()(\d{2})(\d{2})(?:T?(\d{2})(\d{2})(\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/i,
  /^(\d{4})年()(\d{1,2})月(\d{1,2})日(?:\s*(\d{1,2})[:时](\d{2})(?:[:分](\d{2})秒?)?)?$/,
];

/** The year and month of a date or date-time as written (no time-zone conversion), or null. */
function parseDate(value: string): { year: string; month: string } | null {
  const text = value.trim();
  for (const form of DATE_FORMS) {
    const m = form.exec(text);
    if (!m) continue;
    const [year, month, day] = [Number(m[1]), Number(m[3]), Number(m[4])];
    if (year < 1 || month < 1 || month > 12 || day < 1) return null;
    if (day > (month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1])) return null;
    if (m[5] !== undefined && (Number(m[5]) > 23 || Number(m[6]) > 59 || (m[7] !== undefined && Number(m[7]) > 59))) return null;
    return { year: m[1], month: m[3].padStart(2, '0') };
  }
  return null;
}

function maskDate(value: string, precision: unknown): string {
  const date = parseDate(value);
  if (!date) return MASK;
  // Anything but 'month' is read as the coarser 'year'.
  return precision === 'month' ? `${date.year}-${date.month}` : date.year;
}

function keyedHash(value: string, length: unknown, key: MaskingKey): string {
  if (!Buffer.isBuffer(key.secret) || key.secret.length < MIN_SECRET_BYTES) {
    throw new Error(`keyed_hash masking needs an installation secret of at least ${MIN_SECRET_BYTES} bytes`);
  }
  if (typeof key.consumer !== 'string' || key.consumer === '') throw new Error('keyed_hash masking needs the consuming department');
  // One key per consumer, derived from the installation's secret: two consumers' tokens of one
  // value differ, so their deliveries cannot be joined on them (ADR 0029).
  const consumerKey = createHmac('sha256', key.secret).update(`catalog-masking/keyed_hash/v1\u0000${key.consumer}`, 'utf8').digest();
  const hex = createHmac('sha256', consumerKey).update(value, 'utf8').digest('hex');
  const n = typeof length === 'number' && !Number.isNaN(length) ? Math.min(64, Math.max(8, Math.floor(length))) : 64;
  return hex.slice(0, n);
}

function apply(value: string, rule: MaskingRule, key: MaskingKey): string {
  switch (rule.rule) {
    case 'fixed':
      return typeof rule.replacement === 'string' ? rule.replacement : MASK;
    case 'keyed_hash':
      return keyedHash(value, rule.length, key);
    default:
      break;
  }
  // Nothing to hide in an empty value: it stays empty for the rules that keep part of a value.
  if (value === '') return '';
  switch (rule.rule) {
    case 'keep_ends':
      return keepEnds(value, count(rule.first), count(rule.last));
    case 'phone':
      return maskPhone(value);
    case 'family_name':
      return maskFamilyName(value);
    case 'date':
      return maskDate(value, rule.precision);
    default:
      // A rule this code does not know (a caller outside the types): everything hidden.
      return stars(codePoints(value).length);
  }
}

/**
 * The value as a consumer may see it under the rule: null stays null; a non-empty value never
 * comes back unchanged (above). `key`: the installation's secret and the consuming department's
 * id, read by keyed_hash only (which throws without a secret of 16 bytes or a consumer: it fails
 * closed rather than hash with a key anyone could guess).
 */
export function mask(value: string | null, rule: MaskingRule, key: MaskingKey): string | null {
  if (value === null) return null;
  const out = apply(value, rule, key);
  if (value === '' || out !== value) return out;
  const all = stars(codePoints(value).length);
  return all !== value ? all : all + MASK;
}

const isInteger = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

/**
 * What is wrong with a rule for an item of this data type and length, with Chinese messages and an
 * English gloss. Paths are JSON Pointers relative to the rule ('' is the rule as a whole), for the
 * caller to prefix (/items/<i>/masking).
 */
export function maskingRuleProblems(rule: MaskingRule, item: { dataType: string; length?: number | null }): FieldError[] {
  const name = (rule as { rule?: unknown } | null)?.rule;
  if (typeof name !== 'string' || !(MASKING_RULES as readonly string[]).includes(name)) {
    return [
      {
        path: '/rule',
        code: 'unknown_masking_rule',
        message: `脱敏规则须为 ${MASKING_RULES.join('、')} 之一 (unknown masking rule)`,
      },
    ];
  }
  const problems: FieldError[] = [];
  const bad = (path: string, message: string) => problems.push({ path, code: 'invalid_masking_parameter', message });
  if (!RULE_DATA_TYPES[rule.rule].includes(item.dataType)) {
    problems.push({
      path: '',
      code: 'masking_not_for_data_type',
      message:
        `脱敏规则“${RULE_LABELS[rule.rule]}”不适用于${labelOf(dataTypes, item.dataType)}（${item.dataType}）信息项，` +
        `适用于 ${RULE_DATA_TYPES[rule.rule].join('、')} (the ${rule.rule} rule does not fit a data item of type ${item.dataType})`,
    });
  }
  switch (rule.rule) {
    case 'keep_ends': {
      const { first, last } = rule;
      const inRange = (n: unknown) => isInteger(n) && n >= 0 && n <= MASKING_LIMITS.keepMax;
      if (!inRange(first)) bad('/first', `保留前几位须为 0 至 ${MASKING_LIMITS.keepMax} 的整数 (first: an integer from 0 to 64)`);
      if (!inRange(last)) bad('/last', `保留后几位须为 0 至 ${MASKING_LIMITS.keepMax} 的整数 (last: an integer from 0 to 64)`);
      if (inRange(first) && inRange(last) && isInteger(item.length) && first + last >= item.length) {
        bad(
          '',
          `保留前${first}位和后${last}位共 ${first + last} 位，不少于信息项长度 ${item.length} 位，没有字符可遮盖 ` +
            '(first + last reach the length of the item: nothing would be hidden)',
        );
      }
      break;
    }
    case 'date':
      if (rule.precision !== 'year' && rule.precision !== 'month') {
        bad('/precision', '日期精度须为 year（年）或 month（月） (precision: year or month)');
      }
      break;
    case 'fixed': {
      const r = rule.replacement;
      const length = typeof r === 'string' ? codePoints(r).length : 0;
      if (typeof r !== 'string' || length < 1 || length > MASKING_LIMITS.replacementMax || !isPlainName(r)) {
        bad(
          '/replacement',
          `替换内容须为 1 至 ${MASKING_LIMITS.replacementMax} 个字符，不能为空白或含控制字符 ` +
            '(replacement: 1 to 50 characters, not blank, no control characters)',
        );
      }
      break;
    }
    case 'keyed_hash':
      if (!isInteger(rule.length) || rule.length < MASKING_LIMITS.hashMin || rule.length > MASKING_LIMITS.hashMax) {
        bad('/length', `散列长度须为 ${MASKING_LIMITS.hashMin} 至 ${MASKING_LIMITS.hashMax} 的整数 (length: an integer from 8 to 64)`);
      }
      break;
    default:
      break;
  }
  return problems;
}

/** The rule in words, as a clerk reads it and the paper forms print it (e.g. 保留前6位和后4位). */
export function describeMasking(rule: MaskingRule): string {
  switch (rule.rule) {
    case 'keep_ends':
      if (rule.first > 0 && rule.last > 0) return `保留前${rule.first}位和后${rule.last}位`;
      if (rule.first > 0) return `保留前${rule.first}位`;
      if (rule.last > 0) return `保留后${rule.last}位`;
      return '全部以*遮盖';
    case 'phone':
      return '手机号保留前3位和后4位';
    case 'family_name':
      return '仅显示姓';
    case 'date':
      return rule.precision === 'month' ? '日期精确到月' : '日期精确到年';
    case 'fixed':
      return `固定替换为“${rule.replacement}”`;
    case 'keyed_hash':
      return `按使用部门加密散列（${rule.length}位）`;
    default:
      return '全部以*遮盖';
  }
}

/**
 * The rule with its own parameters only, in one key order, so that a rule stored, compared
 * (a version's changed fields) or listed (an onboarding verification's coverage) reads the same
 * however a client ordered its keys.
 */
export function canonicalMaskingRule(rule: MaskingRule): MaskingRule {
  switch (rule.rule) {
    case 'keep_ends':
      return { rule: 'keep_ends', first: rule.first, last: rule.last };
    case 'date':
      return { rule: 'date', precision: rule.precision };
    case 'fixed':
      return { rule: 'fixed', replacement: rule.replacement };
    case 'keyed_hash':
      return { rule: 'keyed_hash', length: rule.length };
    default:
      return { rule: rule.rule };
  }
}
