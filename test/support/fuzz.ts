import http from 'node:http';
import fc from 'fast-check';
import { Contract, Operation } from '../../src/http/contract';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';

// Property-based fuzzing of every operation of the OpenAPI 3.1 contract. The generators read the
// operation's parameter and body schemas (JSON Schema 2020-12: $ref, allOf, oneOf, type arrays,
// const, enum, formats, patterns, size limits) and make valid inputs, then mutate them: wrong types,
// missing and unknown fields, prototype keys, sizes at and past the limits, deep nesting, extreme
// numbers, Unicode edge cases, SQL-injection text, wrong content types and raw non-JSON bodies.
// A case is plain data (actor, encoded path segments, query items, headers, body) so a failure can
// be shown, replayed and reduced.

type Json = Record<string, unknown>;
export type FuzzActor = 'bureau' | 'police' | 'edu';

/** Real objects to aim at, by parameter or field name. */
export interface FuzzPools {
  /** Valid values of each path parameter (by name): ids of objects created for the run, a year. */
  path: Record<string, string[]>;
  /** Real ids for body fields and query parameters, by name (departmentId, resourceId, …). */
  ids: Record<string, string[]>;
  /** Meaningful strings by field name (the entries' data-item names for `items`, …). */
  strings: Record<string, string[]>;
  /** Decoded nextCursor payloads seen on the list operations: the sort name and its values. */
  cursors: Array<{ operationId?: string; s: unknown; v: unknown }>;
}

export type FuzzBody =
  | { kind: 'none' }
  /** A valid value and the mutations to apply, made concrete only just before sending (materialize). */
  | { kind: 'mutated'; base: unknown; mutations: Mutation[]; contentType: string | null }
  | { kind: 'json'; value: unknown; contentType: string | null; contentEncoding?: string }
  | { kind: 'raw'; text: string; contentType: string | null; contentEncoding?: string };

export interface FuzzCase {
  actor: FuzzActor;
  /** Path parameters, already percent-encoded (a malformed encoding is a case too). */
  path: Record<string, string>;
  /** Query items `name=value`, already encoded, in order (a name may repeat). */
  query: string[];
  headers: Record<string, string>;
  body: FuzzBody;
  /** What made the case: generator and mutation labels, for the report. */
  labels: string[];
}

// ---------------------------------------------------------------------------------------------
// Interesting values

/** Text a catalog holds: mostly plain Chinese, which reaches the domain rules. */
const PLAIN = [
  '户籍人口基本信息',
  '公民身份号码',
  '姓名',
  '性别',
  '出生日期',
  '道路基础信息',
  '测试',
  '政务服务身份核验',
  '用于依法履职的身份核验',
  'abc',
  'Data 2026',
  '李明',
  '《中华人民共和国个人信息保护法》',
  'x',
];

export const SQL_INJECTION = [
  "' OR 1=1 --",
  '"; DROP TABLE resources; --',
  '%_\\',
  "'; DELETE FROM audit_events; --",
  "1' UNION SELECT token_hash FROM api_tokens --",
  '\\',
  '%',
  '_',
  "' || (SELECT 1) || '",
  '$1',
  '?',
  ':name',
  '`',
  "''",
  '/*',
  '*/',
];

const NFC_CAFE = 'Caf\u00e9';
export const UNICODE_EDGE = [
  '０１２',
  'ＡＢＣ',
  '２０２６', // full-width digits and letters
  '\u200b',
  'a\u200bb',
  '\u200d',
  '\u2060',
  '\ufeff', // zero-width space / joiner, word joiner, BOM
  '\ud800',
  '\udc00',
  'a\ud83d',
  '\udfff\ud800', // lone surrogates
  NFC_CAFE,
  NFC_CAFE.normalize('NFD'),
  '한국',
  '한국'.normalize('NFD'),
  'ﬁ', // NFC vs NFD, ligature
  '\u202eabc',
  '\u200f',
  '\u200e',
  'مرحبا', // RTL override and marks, Arabic
  '😀',
  '👨‍👩‍👧‍👦',
  '🇨🇳',
  '𠮷',
  'e\u0301\u0301\u0301', // emoji, ZWJ sequence, flag, astral CJK, stacked marks
  '\u3000',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0085',
  '\u00a0', // whitespace of several kinds
  '<script>alert(1)</script>',
  '${7*7}',
  '{{7*7}}',
  '../../etc/passwd',
  'null',
  'undefined',
  'NaN',
  '-0',
  'true',
  '[]',
  '{}',
];

/** Values of every JSON type, to put where another type belongs. */
const WRONG_VALUES: unknown[] = [0, -1, 1.5, true, false, null, '', 'x', '123', [], [null], {}, { a: 1 }, ['x'], 2 ** 53, -(2 ** 31) - 1];

/** Numbers that break naive code, as raw JSON text where JSON.stringify cannot write them. */
const RAW_NUMBERS = [
  '1e308',
  '-1e308',
  '-0',
  '5e-324',
  '1e400',
  '-1e400',
  '9007199254740993',
  '1.0',
  '1E2',
  '123456789012345678901234567890',
  '0.1',
  '1.005',
  '1e-7',
  '100000000000.01',
  '-1',
];
const NUMBERS_AS_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e308', '０１２', ' 1', '0x10', '1_000', '1,5'];

const UNKNOWN_KEYS = [
  'unknown',
  'id',
  'status',
  'createdAt',
  'isBureau',
  'departmentId',
  'roles',
  'version',
  'code',
  '',
  ' ',
  'name ',
  'NAME',
  '名称',
  '$where',
  '$gt',
  'a.b',
  'a[0]',
  'toString',
  'hasOwnProperty',
  'valueOf',
];
const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];
const PROTO_VALUES: unknown[] = [
  { isBureau: true },
  { polluted: 'yes' },
  { prototype: { polluted: 'yes' } },
  { roles: ['bureau'] },
  'x',
  null,
  [],
];

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/json;charset=UTF-8',
  'APPLICATION/JSON',
];
const WRONG_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/json',
  'application/jsonx',
  '*/*',
  'application/octet-stream',
];
const RAW_BODIES = [
  '',
  'not json',
  '{',
  '{"a":',
  'null',
  'true',
  '[]',
  '"x"',
  '123',
  '\ufeff{}',
  '{}garbage',
  'NaN',
  "{'a':1}",
  '<xml/>',
  'a=1&b=2',
  '{"a":1}{"b":2}',
  '[{}]',
  '{"a":1,}',
  '\u0000',
  '{"name":"\\ud800"}',
  '{"a":"\\u0000"}',
  ' '.repeat(1000),
];

const PATH_JUNK = [
  ...SQL_INJECTION,
  ...UNICODE_EDGE,
  '0',
  '-1',
  '1.5',
  '1e3',
  'a'.repeat(300),
  'x'.repeat(2000),
  ' ',
  '..',
  '.',
  '~',
  '%',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];
/** Raw percent-escapes, some malformed or of invalid UTF-8 (a lone surrogate, an overlong form). */
const RAW_ESCAPES = ['%', '%zz', '%E0%A4%A', '%ED%A0%80', '%C0%AF', '%FF', '%00', '%2F', '%5C', '%252F'];

const QUERY_JUNK = [
  '',
  'abc',
  '-1',
  '0',
  '101',
  '1.5',
  '1e2',
  '２０',
  'true',
  'false',
  'null',
  'undefined',
  '[]',
  '{}',
  'a'.repeat(501),
  'x'.repeat(3000),
  '999999999999999999999',
  '-0',
  'NaN',
  'Infinity',
  '0x10',
  ' 1',
  '1 ',
  ...SQL_INJECTION,
  ...UNICODE_EDGE,
];
const UNKNOWN_PARAMS = [
  'foo',
  'page',
  'offset',
  'q',
  'sort',
  'limit',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'status[]',
  'status[0]',
  'a.b',
  '',
  '%ZZ',
  'x'.repeat(200),
];

// Built once: a string arbitrary over all of Unicode costs a second to construct.
const ARB = {
  grapheme24: fc.string({ unit: 'grapheme', maxLength: 24 }),
  binary24: fc.string({ unit: 'binary', maxLength: 24 }),
  binary40: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  printable60: fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  key8: fc.string({ maxLength: 8 }),
  json1: fc.jsonValue({ maxDepth: 1 }),
  json2: fc.jsonValue({ maxDepth: 2 }),
  json3: fc.jsonValue({ maxDepth: 3 }),
};

// ---------------------------------------------------------------------------------------------
// Small helpers

const RAW_MARK = '\u0000RAW:';
/** A placeholder that serialize() replaces with raw JSON text (1e400, -0, …). */
const raw = (text: string) => `${RAW_MARK}${text}\u0000`;

/** The JSON text of a body, with raw-number placeholders written as they are. */
export function serialize(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.replace(/"\\u0000RAW:([^"\\]*)\\u0000"/g, '$1');
}

const codePoints = (s: string) => Array.from(s);
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** encodeURIComponent that also takes lone surrogates (as the bytes of WTF-8, which no decoder accepts). */
export function encodeSegment(s: string): string {
  let out = '';
  for (const ch of codePoints(s)) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      out += `%${(0xe0 | (cp >> 12)).toString(16).toUpperCase()}%${(0x80 | ((cp >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (cp & 0x3f)).toString(16).toUpperCase()}`;
    } else {
      out += encodeURIComponent(ch)
        .replace(/\./g, '%2E')
        .replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    }
  }
  return out;
}

function hashString(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** A seed of its own for each operation, so adding one does not change the cases of the others. */
export const seedFor = (seed: number, operationId: string) => (seed ^ hashString(operationId)) | 0;

function pick<T>(list: readonly T[], n: number): T {
  return list[Math.abs(n) % list.length];
}

// ---------------------------------------------------------------------------------------------
// JSON Schema → valid values

export class SchemaFuzzer {
  constructor(
    readonly contract: Contract,
    readonly pools: FuzzPools,
  ) {}

  /** Follows $ref and folds allOf into one schema (properties and required merged). */
  resolve(schema: Json): Json {
    const s = this.contract.deref(schema);
    if (!Array.isArray(s.allOf)) return s;
    const merged: Json = { ...s };
    delete merged.allOf;
    let properties: Json = {};
    let required: string[] = [];
    for (const part of s.allOf as Json[]) {
      const p = this.resolve(part);
      properties = { ...properties, ...((p.properties as Json) ?? {}) };
      required = [...required, ...((p.required as string[]) ?? [])];
      if (p.type && !merged.type) merged.type = p.type;
    }
    merged.properties = { ...properties, ...((s.properties as Json) ?? {}) };
    merged.required = [...new Set([...required, ...((s.required as string[]) ?? [])])];
    return merged;
  }

  /** The branch of a oneOf/anyOf or type list that a value belongs to, for schema-aware mutations. */
  branchFor(schema: Json, value: unknown): Json {
    const s = this.resolve(schema);
    const options = (s.oneOf ?? s.anyOf) as Json[] | undefined;
    if (!options) return s;
    const resolved = options.map((o) => this.resolve(o));
    const fits = resolved.find((o) => {
      const type = o.type;
      if (value === null) return type === 'null';
      if (isObject(value)) {
        const props = (o.properties as Json) ?? {};
        const disc = Object.entries(props).find(([, p]) => isObject(p) && 'const' in p);
        if (disc) return value[disc[0]] === (disc[1] as Json).const;
        return type === 'object' || !!o.properties;
      }
      if (Array.isArray(value)) return type === 'array';
      return typeof value === 'string' ? type === 'string' || !!o.enum : type === 'number' || type === 'integer';
    });
    return this.branchFor(fits ?? resolved[0], value);
  }

  /** The schema of the value at a path inside a value of `schema`, when known. */
  schemaAt(schema: Json, root: unknown, path: Array<string | number>): Json | null {
    let s: Json | null = schema;
    let v = root;
    for (const key of path) {
      if (!s) return null;
      s = this.branchFor(s, v);
      if (typeof key === 'number') s = (s.items as Json) ?? null;
      else s = ((s.properties as Json | undefined)?.[key] as Json) ?? null;
      v = (v as Record<string | number, unknown>)?.[key];
    }
    return s ? this.branchFor(s, v) : null;
  }

  valid(schema: Json, name = '', depth = 0): fc.Arbitrary<unknown> {
    const s = this.resolve(schema);
    if (depth > 12) return fc.constant(null);
    if ('const' in s) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const options = (s.oneOf ?? s.anyOf) as Json[] | undefined;
    if (options) return fc.oneof(...options.map((o) => this.valid(o, name, depth + 1)));
    const types = Array.isArray(s.type)
      ? (s.type as string[])
      : s.type
        ? [s.type as string]
        : s.properties
          ? ['object']
          : s.items
            ? ['array']
            : [];
    if (types.length === 0) return ARB.json2;
    if (types.length > 1) return fc.oneof(...types.map((t) => this.valid({ ...s, type: t }, name, depth + 1)));
    switch (types[0]) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
      case 'number':
        return this.number(s, types[0] === 'integer');
      case 'string':
        return this.string(s, name);
      case 'array': {
        const item = this.valid((s.items as Json) ?? {}, name, depth + 1);
        const minLength = (s.minItems as number) ?? 0;
        const maxLength = Math.max(minLength, Math.min((s.maxItems as number) ?? 4, 4));
        return s.uniqueItems
          ? fc.uniqueArray(item, { minLength, maxLength, selector: (v) => JSON.stringify(v) })
          : fc.array(item, { minLength, maxLength });
      }
      case 'object': {
        const props = (s.properties as Record<string, Json>) ?? {};
        if (Object.keys(props).length === 0) return fc.dictionary(ARB.key8, ARB.json1, { maxKeys: 3 });
        const model: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, p] of Object.entries(props)) model[k] = this.valid(p, k, depth + 1);
        const requiredKeys = ((s.required as string[]) ?? []).filter((k) => k in props);
        const min = (s.minProperties as number) ?? 0;
        return fc.record(model, { requiredKeys }).filter((o) => Object.keys(o).length >= min);
      }
      default:
        return ARB.json2;
    }
  }

  private number(s: Json, integer: boolean): fc.Arbitrary<number> {
    const lo = typeof s.minimum === 'number' ? s.minimum : -1e9;
    const hi = typeof s.maximum === 'number' ? s.maximum : 1e9;
    const bounds = [lo, hi].filter((b) => Math.abs(b) < 1e9 || b === s.minimum || b === s.maximum);
    const ints = fc.integer({ min: Math.ceil(Math.max(lo, -(2 ** 31))), max: Math.floor(Math.min(hi, 2 ** 31 - 1)) });
    if (integer) return fc.oneof({ weight: 5, arbitrary: ints }, { weight: 1, arbitrary: fc.constantFrom(...bounds.map(Math.round)) });
    return fc.oneof(
      { weight: 3, arbitrary: ints },
      { weight: 2, arbitrary: fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 10 ** 9 }).map((c) => Math.min(hi, Math.max(lo, c / 100))) },
      { weight: 1, arbitrary: fc.constantFrom(...bounds) },
    );
  }

  private text(): fc.Arbitrary<string> {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...PLAIN) },
      { weight: 2, arbitrary: fc.constantFrom(...UNICODE_EDGE, ...SQL_INJECTION) },
      { weight: 2, arbitrary: ARB.grapheme24 },
      { weight: 1, arbitrary: ARB.binary24 },
      {
        weight: 2,
        arbitrary: fc
          .array(fc.constantFrom(...PLAIN, ...UNICODE_EDGE, ...SQL_INJECTION), { minLength: 2, maxLength: 4 })
          .map((a) => a.join('')),
      },
    );
  }

  private string(s: Json, name: string): fc.Arbitrary<string> {
    const minLength = (s.minLength as number) ?? 0;
    const maxLength = (s.maxLength as number) ?? 10_000;
    const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : null;
    const fits = (v: string) => {
      const n = codePoints(v).length;
      return n >= minLength && n <= maxLength && (!pattern || pattern.test(v));
    };
    // Cut or pad free text to the limits, and give `\S` its non-space character.
    const fit = (v: string) => {
      let cps = codePoints(v);
      if (pattern && !pattern.test(v)) cps = ['字', ...cps];
      if (cps.length > maxLength) cps = cps.slice(0, maxLength);
      while (cps.length < minLength) cps.push('字');
      return cps.join('');
    };
    const arbs: Array<fc.WeightedArbitrary<string>> = [];
    const ids = this.pools.ids[name];
    if (s.format === 'uuid' || ids) {
      if (ids?.length) arbs.push({ weight: 4, arbitrary: fc.constantFrom(...ids) });
      arbs.push({ weight: 1, arbitrary: fc.uuid() });
      return fc.oneof(...arbs);
    }
    if (s.format === 'date') return dateArb();
    if (s.format === 'date-time') return dateTimeArb();
    const known = this.pools.strings[name]?.filter(fits);
    if (known?.length) arbs.push({ weight: 4, arbitrary: fc.constantFrom(...known) });
    if (name === 'creditCode')
      arbs.push({
        weight: 4,
        arbitrary: fc.integer({ min: 0, max: 9_999_999 }).map((n) => withCreditCodeCheckChar(`11350100MB${String(n).padStart(7, '0')}`)),
      });
    if (pattern && s.pattern && (s.pattern as string).startsWith('^')) {
      arbs.push({ weight: 3, arbitrary: fc.stringMatching(new RegExp(s.pattern as string)).filter(fits) });
    } else {
      arbs.push({ weight: 3, arbitrary: this.text().map(fit).filter(fits) });
    }
    return fc.oneof(...arbs);
  }
}

const DAY = 86_400_000;
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** Dates near the world's clock (2026–2027) mostly, so domain rules pass; any date sometimes. */
function dateArb(): fc.Arbitrary<string> {
  const near = fc.integer({ min: day('2026-01-01') / DAY, max: day('2027-12-31') / DAY });
  const far = fc.integer({ min: day('1900-01-01') / DAY, max: day('2999-12-31') / DAY });
  return fc.oneof({ weight: 5, arbitrary: near }, { weight: 1, arbitrary: far }).map((d) => new Date(d * DAY).toISOString().slice(0, 10));
}
function dateTimeArb(): fc.Arbitrary<string> {
  const ms = fc.integer({ min: day('2025-06-01'), max: day('2027-12-31') });
  return fc.tuple(ms, fc.constantFrom('Z', '+08:00', '-05:00')).map(([t, zone]) => {
    const iso = new Date(t).toISOString();
    return zone === 'Z' ? iso : `${iso.slice(0, 19)}${zone}`;
  });
}

// ---------------------------------------------------------------------------------------------
// Mutations of a valid body

const MUTATIONS = [
  'wrongType',
  'dropKey',
  'unknownKey',
  'protoKey',
  'bigString',
  'bigArray',
  'deep',
  'number',
  'unicode',
  'sql',
  'empty',
  'numberString',
  'dupKey',
] as const;
type MutationKind = (typeof MUTATIONS)[number];
export interface Mutation {
  kind: MutationKind;
  at: number;
  pick: number;
  extra: number;
}
const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...MUTATIONS),
  at: fc.nat(),
  pick: fc.nat(),
  extra: fc.nat(),
});
// Mutations that grow the value a lot go last, so the others do not walk a huge tree.
const ORDER: Record<MutationKind, number> = {
  wrongType: 0,
  dropKey: 0,
  unknownKey: 0,
  protoKey: 0,
  number: 0,
  unicode: 0,
  sql: 0,
  empty: 0,
  numberString: 0,
  dupKey: 1,
  bigString: 2,
  bigArray: 3,
  deep: 4,
};

type Path = Array<string | number>;

/** Every path in a value (containers and leaves), the root first; bounded. */
function pathsOf(value: unknown, limit = 400): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, p: Path) => {
    if (out.length >= limit) return;
    out.push(p);
    if (p.length > 8) return;
    if (Array.isArray(v)) v.slice(0, 20).forEach((x, i) => walk(x, [...p, i]));
    else if (isObject(v)) for (const k of Object.keys(v)) walk(v[k], [...p, k]);
  };
  walk(value, []);
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) v = (v as Record<string | number, unknown>)?.[k];
  return v;
}

function setAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = getAt(root, path.slice(0, -1));
  const key = path[path.length - 1];
  if (Array.isArray(parent) || isObject(parent)) (parent as Record<string | number, unknown>)[key] = value;
  return root;
}

function defineKey(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deepValue(depth: number, kind: number): unknown {
  let v: unknown = kind % 3 === 0 ? 1 : 'x';
  for (let i = 0; i < depth; i++) v = kind % 2 === 0 ? { a: v } : [v];
  return v;
}

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Applies mutations to a copy of a valid value; returns it with labels of what was done. */
export function mutate(
  fuzzer: SchemaFuzzer,
  schema: Json,
  valid: unknown,
  mutations: Mutation[],
): { value: unknown; labels: string[]; dupKey?: { key: string; value: unknown } } {
  let value: unknown = structuredClone(valid);
  const labels: string[] = [];
  let dupKey: { key: string; value: unknown } | undefined;
  for (const m of [...mutations].sort((a, b) => ORDER[a.kind] - ORDER[b.kind])) {
    const paths = pathsOf(value);
    const objects = paths.filter((p) => isObject(getAt(value, p)));
    const leaves = paths.filter((p) => {
      const v = getAt(value, p);
      return !isObject(v) && !Array.isArray(v);
    });
    const strings = leaves.filter((p) => typeof getAt(value, p) === 'string');
    const numbers = leaves.filter((p) => typeof getAt(value, p) === 'number');
    const arrays = paths.filter((p) => Array.isArray(getAt(value, p)));
    const where = (list: Path[]) => (list.length ? pick(list, m.at) : pick(paths, m.at));
    const show = (p: Path) => `/${p.join('/')}`;
    switch (m.kind) {
      case 'wrongType': {
        const p = pick(paths, m.at);
        const current = typeOf(getAt(value, p));
        const choices = WRONG_VALUES.filter((w) => typeOf(w) !== current);
        value = setAt(value, p, structuredClone(pick(choices, m.pick)));
        labels.push(`wrongType ${show(p)}`);
        break;
      }
      case 'dropKey': {
        const p = where(objects);
        const target = getAt(value, p);
        if (isObject(target) && Object.keys(target).length) {
          const key = pick(Object.keys(target), m.pick);
          delete target[key];
          labels.push(`dropKey ${show([...p, key])}`);
        }
        break;
      }
      case 'unknownKey': {
        const p = where(objects);
        const target = getAt(value, p);
        const key = pick(UNKNOWN_KEYS, m.pick);
        if (isObject(target)) defineKey(target, key, structuredClone(pick(WRONG_VALUES, m.extra)));
        else value = setAt(value, p, { [key]: pick(WRONG_VALUES, m.extra) });
        labels.push(`unknownKey ${show([...p, key])}`);
        break;
      }
      case 'protoKey': {
        const p = where(objects);
        const key = pick(PROTO_KEYS, m.pick);
        let target = getAt(value, p);
        if (!isObject(target)) {
          target = {};
          value = setAt(value, p, target);
        }
        defineKey(target as Json, key, structuredClone(pick(PROTO_VALUES, m.extra)));
        labels.push(`protoKey ${show([...p, key])}`);
        break;
      }
      case 'bigString': {
        const p = where(strings);
        const s = fuzzer.schemaAt(schema, value, p);
        const sizes = [100_000, 300_000];
        if (s && typeof s.maxLength === 'number') sizes.push(s.maxLength, s.maxLength, s.maxLength + 1, s.maxLength + 1);
        if (s && typeof s.minLength === 'number' && s.minLength > 0) sizes.push(s.minLength - 1);
        const n = pick(sizes, m.pick);
        const unit = pick(['a', '字', '😀', '\u200b', ' ', '%'], m.extra);
        value = setAt(value, p, unit.repeat(n));
        labels.push(`bigString ${show(p)} ${n}×${JSON.stringify(unit)}`);
        break;
      }
      case 'bigArray': {
        const p = where(arrays);
        const s = fuzzer.schemaAt(schema, value, p);
        const current = getAt(value, p);
        const sizes = typeof s?.maxItems === 'number' ? [s.maxItems, s.maxItems, s.maxItems + 1, s.maxItems + 1, 10_000] : [1000, 10_000];
        let n = pick(sizes, m.pick);
        let first = Array.isArray(current) && current.length ? current[0] : 'x';
        // Past the body limit either way: keep the text near 2 MB, not the hundreds a big element would make.
        const size = serialize(first).length + 1;
        if (n * size > 2_000_000) {
          first = typeof first === 'string' ? first.slice(0, 8) : isObject(first) || Array.isArray(first) ? 'x' : first;
          n = Math.min(n, Math.max(1, Math.floor(2_000_000 / (serialize(first).length + 1))));
        }
        const unique = !!s?.uniqueItems;
        // Copies, not one shared element: a later mutation of items[14] must not change all of them.
        const items = Array.from({ length: n }, (_, i) =>
          unique && typeof first === 'string'
            ? `${first}${i}`
            : typeof first === 'object' && first !== null
              ? structuredClone(first)
              : first,
        );
        value = setAt(value, p, items);
        labels.push(`bigArray ${show(p)} ${n}`);
        break;
      }
      case 'deep': {
        const p = pick(paths, m.at);
        const depth = pick([1000, 1000, 100], m.extra);
        value = setAt(value, p, deepValue(depth, m.pick));
        labels.push(`deep ${show(p)} ${depth}`);
        break;
      }
      case 'number': {
        const p = where(numbers);
        const s = fuzzer.schemaAt(schema, value, p);
        const edges: unknown[] = RAW_NUMBERS.map(raw);
        if (s && typeof s.maximum === 'number') edges.push(s.maximum, s.maximum + 1, raw(`${s.maximum}.000001`));
        if (s && typeof s.minimum === 'number') edges.push(s.minimum, s.minimum - 1, raw(`${s.minimum}.5`));
        edges.push(...NUMBERS_AS_STRINGS);
        const e = pick(edges, m.pick);
        value = setAt(value, p, e);
        labels.push(
          `number ${show(p)} ${typeof e === 'string' && e.startsWith(RAW_MARK) ? e.slice(RAW_MARK.length, -1) : JSON.stringify(e)}`,
        );
        break;
      }
      case 'unicode':
      case 'sql': {
        const p = where(strings);
        const pool = m.kind === 'sql' ? SQL_INJECTION : UNICODE_EDGE;
        const e = pick(pool, m.pick);
        const current = getAt(value, p);
        const base = typeof current === 'string' ? current : '';
        const next = [e, base + e, e + base, base.normalize('NFD'), base.normalize('NFKC') + e][m.extra % 5];
        value = setAt(value, p, next);
        labels.push(`${m.kind} ${show(p)} ${JSON.stringify(next).slice(0, 60)}`);
        break;
      }
      case 'empty': {
        const p = pick(paths, m.at);
        const e = pick(['', [], {}, null, ' '], m.pick);
        value = setAt(value, p, structuredClone(e));
        labels.push(`empty ${show(p)} ${JSON.stringify(e)}`);
        break;
      }
      case 'numberString': {
        const p = where(numbers.length ? numbers : strings);
        const v = getAt(value, p);
        const next = typeof v === 'number' ? String(v) : typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
        value = setAt(value, p, next);
        labels.push(`numberString ${show(p)}`);
        break;
      }
      case 'dupKey': {
        if (isObject(value) && Object.keys(value).length) {
          const key = pick(Object.keys(value), m.pick);
          dupKey = { key, value: pick(WRONG_VALUES, m.extra) };
          labels.push(`dupKey /${key}`);
        }
        break;
      }
    }
  }
  return { value, labels, dupKey };
}

// ---------------------------------------------------------------------------------------------
// Whole cases

const ACTORS: Array<fc.WeightedArbitrary<FuzzActor>> = [
  { weight: 2, arbitrary: fc.constant('bureau' as const) },
  { weight: 1, arbitrary: fc.constant('police' as const) },
  { weight: 1, arbitrary: fc.constant('edu' as const) },
];

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Json;
}

function pathParamArb(fuzzer: SchemaFuzzer, p: Parameter, fuzz: boolean): fc.Arbitrary<{ value: string; label: string | null }> {
  const real = fuzzer.pools.path[p.name] ?? [];
  if (!fuzz && real.length) return fc.constantFrom(...real).map((v) => ({ value: encodeSegment(v), label: null }));
  const schema = fuzzer.resolve(p.schema);
  const isInt = schema.type === 'integer';
  const variants: Array<fc.WeightedArbitrary<{ value: string; label: string | null }>> = [];
  if (real.length)
    variants.push({ weight: 14, arbitrary: fc.constantFrom(...real).map((v) => ({ value: encodeSegment(v), label: null })) });
  variants.push({
    weight: 2,
    arbitrary: fuzzer.valid(schema, p.name).map((v) => ({ value: encodeSegment(String(v)), label: `path ${p.name} schema-valid` })),
  });
  if (real.length && !isInt)
    variants.push({
      weight: 1,
      arbitrary: fc
        .constantFrom(...real)
        .chain((id) =>
          fc.constantFrom(id.toUpperCase(), `{${id}}`, `urn:uuid:${id}`, id.replace(/-/g, ''), `${id} `, `${id}x`, id.slice(0, -1)),
        )
        .map((v) => ({ value: encodeSegment(v), label: `path ${p.name} ${JSON.stringify(v)}` })),
    });
  if (isInt)
    variants.push({
      weight: 2,
      arbitrary: fc
        .constantFrom(
          '1999',
          '2101',
          '0',
          '-2026',
          '２０２６',
          '2026.0',
          '2026.5',
          '0x7EA',
          '1e3',
          '2026abc',
          '99999999999999999999',
          'NaN',
          'Infinity',
        )
        .map((v) => ({ value: encodeSegment(v), label: `path ${p.name} ${JSON.stringify(v)}` })),
    });
  variants.push({
    weight: 3,
    arbitrary: fc
      .constantFrom(...PATH_JUNK)
      .map((v) => ({ value: encodeSegment(v), label: `path ${p.name} ${JSON.stringify(v).slice(0, 60)}` })),
  });
  variants.push({
    weight: 1,
    arbitrary: ARB.binary40.map((v) => ({ value: encodeSegment(v), label: `path ${p.name} ${JSON.stringify(v)}` })),
  });
  variants.push({
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...RAW_ESCAPES), fc.constantFrom('', ...real))
      .map(([e, id]) => ({ value: `${id}${e}`, label: `path ${p.name} raw ${id}${e}` })),
  });
  return fc.oneof(...variants);
}

/** Query values of a parameter as encoded strings (an array parameter repeats). */
function queryValueArb(fuzzer: SchemaFuzzer, p: Parameter, operationId: string): fc.Arbitrary<{ items: string[]; label: string | null }> {
  const schema = fuzzer.resolve(p.schema);
  const key = encodeSegment(p.name);
  const item = (v: unknown) => `${key}=${encodeSegment(String(v))}`;
  const validArb: fc.Arbitrary<{ items: string[]; label: string | null }> = fuzzer
    .valid(schema, p.name)
    .map((v) => ({ items: Array.isArray(v) ? v.map(item) : [item(v)], label: null }));
  const junk = fc
    .constantFrom(...QUERY_JUNK)
    .map((v) => ({ items: [item(v)], label: `query ${p.name}=${JSON.stringify(v).slice(0, 40)}` }));
  const variants: Array<fc.WeightedArbitrary<{ items: string[]; label: string | null }>> = [
    { weight: 12, arbitrary: validArb },
    { weight: 3, arbitrary: junk },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_ESCAPES).map((e) => ({ items: [`${key}=${e}`], label: `query ${p.name} raw ${e}` })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(`${key}`, `${key}=`, `${key}[]=x`, `${key}[0]=x`).map((t) => ({ items: [t], label: `query ${t}` })),
    },
  ];
  if (schema.type === 'array') {
    const max = (schema.maxItems as number) ?? 10;
    const one = fuzzer.valid((schema.items as Json) ?? {}, p.name);
    variants.push({
      weight: 1,
      arbitrary: fc
        .array(one, { minLength: max, maxLength: max + 1 })
        .map((vs) => ({ items: vs.map(item), label: `query ${p.name} ×${vs.length}` })),
    });
  }
  if (p.name === 'cursor') {
    // This operation's own cursors (their sort names pass), tampered with; others' too, sometimes.
    const own = fuzzer.pools.cursors.filter((c) => c.operationId === operationId).map(({ s, v }) => ({ s, v }));
    const cursors = own.length
      ? [...own, ...own, ...own, ...fuzzer.pools.cursors.map(({ s, v }) => ({ s, v }))]
      : fuzzer.pools.cursors.map(({ s, v }) => ({ s, v }));
    const b64 = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
    const crafted = fc
      .tuple(
        fc.constantFrom(...(cursors.length ? cursors : [{ s: 'x', v: ['x', 'y'] }])),
        fc.nat(),
        fc.constantFrom<unknown>(
          ...WRONG_VALUES,
          ...SQL_INJECTION,
          ...RAW_NUMBERS.map(Number),
          '2026-03-02T01:00:00.000Z',
          '2026-03-02',
          '',
          'z'.repeat(100),
          1e308,
          -1,
        ),
      )
      .map(([c, n, x]) => {
        const v = Array.isArray(c.v) ? [...(c.v as unknown[])] : [];
        const how = n % 10 < 5 ? 0 : (n % 10) - 4; // mostly one sort value swapped for another type or text
        if (how === 0 && v.length) v[n % v.length] = x;
        else if (how === 1) v.push(x);
        else if (how === 2) v.pop();
        const payload = how === 3 ? { s: x, v: c.v } : how === 4 ? { s: c.s, v: x } : how === 5 ? [c.s, c.v] : { s: c.s, v };
        return { items: [`cursor=${b64(payload)}`], label: `query cursor ${JSON.stringify(payload).slice(0, 120)}` };
      });
    variants.push({ weight: 16, arbitrary: crafted });
    if (cursors.length)
      variants.push({
        weight: 4,
        arbitrary: fc
          .constantFrom(...cursors)
          .map((c) => ({ items: [`cursor=${b64(c)}`], label: `query cursor ${JSON.stringify(c).slice(0, 120)}` })),
      });
    variants.push({
      weight: 1,
      arbitrary: fc
        .constantFrom('not-base64!', b64('not json'), b64('null'), b64('[]'), b64({}), b64({ s: null }), '=')
        .map((t) => ({ items: [`cursor=${encodeSegment(t)}`], label: `query cursor ${t}` })),
    });
  }
  return fc.oneof(...variants);
}

function queryArb(
  fuzzer: SchemaFuzzer,
  params: Parameter[],
  fuzz: boolean,
  operationId: string,
): fc.Arbitrary<{ items: string[]; labels: string[] }> {
  if (!fuzz) {
    // Each declared parameter left out or given a valid value (an array one repeated).
    const per = params.map((p) => {
      const item = (v: unknown) => `${encodeSegment(p.name)}=${encodeSegment(String(v))}`;
      const value = fuzzer.valid(fuzzer.resolve(p.schema), p.name).map((v) => (Array.isArray(v) ? v.map(item) : [item(v)]));
      return fc.oneof({ weight: p.required ? 0 : 3, arbitrary: fc.constant([] as string[]) }, { weight: 2, arbitrary: value });
    });
    return fc.tuple(...per).map((items) => ({ items: items.flat(), labels: [] }));
  }
  const per = params.map((p) =>
    fc.oneof({ weight: p.required ? 0 : 5, arbitrary: fc.constant(null) }, { weight: 5, arbitrary: queryValueArb(fuzzer, p, operationId) }),
  );
  const extras = fc.oneof(
    { weight: params.length ? 16 : 8, arbitrary: fc.constant({ items: [] as string[], label: null as string | null }) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constantFrom(...UNKNOWN_PARAMS), fc.constantFrom('1', 'x', '', ...SQL_INJECTION))
        .map(([k, v]) => ({ items: [`${encodeSegment(k)}=${encodeSegment(v)}`], label: `query unknown ${k}` })),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('&', '&&', '=', '==x', '%', '?', 'a=1=2').map((t) => ({ items: [t], label: `query junk ${t}` })),
    },
  );
  return fc.tuple(fc.tuple(...per), extras, fc.nat()).map(([values, extra, n]) => {
    const items: string[] = [];
    const labels: string[] = [];
    values.forEach((v) => {
      if (!v) return;
      items.push(...v.items);
      if (v.label) labels.push(v.label);
    });
    // Sometimes a parameter twice: ?q=a&q=b.
    if (items.length && n % 12 === 0) {
      const again = items[n % items.length];
      items.push(again.replace(/=.*$/, '') + '=' + (n % 24 === 0 ? again.replace(/^[^=]*=?/, '') : 'b'));
      labels.push(`query duplicate ${again.replace(/=.*$/, '')}`);
    }
    items.push(...extra.items);
    if (extra.label) labels.push(extra.label);
    return { items, labels };
  });
}

function headerArb(
  fuzzer: SchemaFuzzer,
  params: Parameter[],
  fuzz: boolean,
): fc.Arbitrary<{ headers: Record<string, string>; labels: string[] }> {
  if (!fuzz) {
    // If-Match with the current ETag; other declared headers absent or valid.
    const per = params.map((p) =>
      /^if-match$/i.test(p.name)
        ? fc.constant([p.name, '{{current-etag}}'] as const)
        : fc.oneof(
            fc.constant(null),
            fuzzer.valid(fuzzer.resolve(p.schema), p.name).map((v) => [p.name, String(v).replace(/[^\x21-\x7e]/g, 'x') || 'x'] as const),
          ),
    );
    return fc
      .tuple(...per)
      .map((hs) => ({ headers: Object.fromEntries(hs.filter((h): h is readonly [string, string] => h !== null)), labels: [] }));
  }
  const printable = ARB.printable60;
  const per = params.map((p) => {
    const isIfMatch = /^if-match$/i.test(p.name);
    return fc
      .oneof(
        { weight: p.required ? 1 : isIfMatch ? 2 : 4, arbitrary: fc.constant(null) },
        {
          weight: isIfMatch ? 1 : 4,
          arbitrary: fuzzer.valid(fuzzer.resolve(p.schema), p.name).map((v) => String(v).replace(/[^\t\x20-\x7e]/g, '?')),
        },
        // A current ETag for If-Match, read just before the request (see sendCase).
        { weight: isIfMatch ? 12 : 0, arbitrary: fc.constant('{{current-etag}}') },
        {
          weight: 2,
          arbitrary: fc.constantFrom(
            '',
            '*',
            '*',
            '"x"',
            '"0"',
            '"1"',
            'W/"x"',
            '"',
            'fuzz-key-1',
            'fuzz-key-1',
            '\t',
            'x'.repeat(4000),
            ...SQL_INJECTION.filter((s) => /^[\x20-\x7e]*$/.test(s)),
          ),
        },
        { weight: 1, arbitrary: printable },
      )
      .map((v) => (v === null ? null : ([p.name, v] as const)));
  });
  const requestId = fc.oneof(
    { weight: 20, arbitrary: fc.constant(null) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('fuzz-1', '', 'x'.repeat(101), 'a b', "'; DROP TABLE audit_events; --", 'x'.repeat(3000))
        .map((v) => ['X-Request-Id', v] as const),
    },
  );
  return fc.tuple(fc.tuple(...per), requestId).map(([hs, rid]) => {
    const headers: Record<string, string> = {};
    const labels: string[] = [];
    for (const h of [...hs, rid]) {
      if (!h) continue;
      headers[h[0]] = h[1];
      labels.push(`header ${h[0]}: ${JSON.stringify(h[1]).slice(0, 40)}`);
    }
    return { headers, labels };
  });
}

type BodyCase = { body: FuzzBody; labels: string[] };
const noBody = (labels: string[] = []): BodyCase => ({ body: { kind: 'none' }, labels });

function bodyArb(fuzzer: SchemaFuzzer, op: Operation, fuzz: boolean): fc.Arbitrary<BodyCase> {
  const media = op.requestBody?.content['application/json'];
  if (!fuzz)
    return media
      ? fuzzer.valid(media.schema).map((value) => ({ body: { kind: 'json', value, contentType: 'application/json' }, labels: [] }))
      : fc.constant(noBody());
  const jsonType = fc.oneof(
    { weight: 17, arbitrary: fc.constant('application/json') },
    { weight: 3, arbitrary: fc.constantFrom(...JSON_TYPES) },
  );
  const anyType = fc.oneof(
    { weight: 3, arbitrary: jsonType },
    { weight: 2, arbitrary: fc.constantFrom<string | null>(null, ...WRONG_TYPES) },
  );
  const rawBody = fc.tuple(fc.constantFrom(...RAW_BODIES), anyType).map(([text, contentType]) => ({
    body: { kind: 'raw', text, contentType } as FuzzBody,
    labels: [`raw body ${JSON.stringify(text).slice(0, 40)} as ${contentType}`],
  }));
  const encoded = fc
    .tuple(fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'), fc.constantFrom('{}', 'not compressed'))
    .map(([enc, text]) => ({
      body: { kind: 'raw', text, contentType: 'application/json', contentEncoding: enc } as FuzzBody,
      labels: [`Content-Encoding: ${enc} with ${JSON.stringify(text)}`],
    }));
  const randomJson = fc
    .tuple(ARB.json3, jsonType)
    .map(([value, contentType]) => ({ body: { kind: 'json', value, contentType } as FuzzBody, labels: ['random JSON'] }));

  if (!media) {
    // An operation without a body: mostly none, sometimes a stray one (the parser runs anyway).
    const big = fc.constant<BodyCase>({
      body: { kind: 'raw', text: `"${'x'.repeat(1_100_000)}"`, contentType: 'application/json' },
      labels: ['stray 1.1 MB body'],
    });
    return fc.oneof<Array<fc.WeightedArbitrary<BodyCase>>>(
      { weight: 10, arbitrary: fc.constant(noBody()) },
      { weight: 10, arbitrary: rawBody },
      { weight: 5, arbitrary: randomJson },
      { weight: 5, arbitrary: encoded },
      { weight: 1, arbitrary: big },
    );
  }
  const schema = media.schema;
  const valid = fuzzer.valid(schema);
  const validBody = fc
    .tuple(valid, jsonType)
    .map(([value, contentType]) => ({ body: { kind: 'json', value, contentType } as FuzzBody, labels: ['valid body'] }));
  // Kept small until sent: the mutations may make megabytes.
  const mutated = fc
    .tuple(valid, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), jsonType)
    .map(([base, mutations, contentType]) => ({
      body: { kind: 'mutated', base, mutations, contentType } as FuzzBody,
      labels: [] as string[],
    }));
  const wrongType = fc.tuple(valid, fc.constantFrom<string | null>(null, ...WRONG_TYPES)).map(([value, contentType]) => ({
    body: { kind: 'raw', text: serialize(value), contentType } as FuzzBody,
    labels: [`valid body as ${contentType}`],
  }));
  return fc.oneof<Array<fc.WeightedArbitrary<BodyCase>>>(
    { weight: 25, arbitrary: validBody },
    { weight: 50, arbitrary: mutated },
    { weight: 7, arbitrary: wrongType },
    { weight: 8, arbitrary: rawBody },
    { weight: 4, arbitrary: randomJson },
    { weight: 3, arbitrary: fc.constant(noBody(['no body'])) },
    { weight: 2, arbitrary: encoded },
  );
}

/** The case as sent: a mutated body made concrete (JSON, or raw text for a duplicated key). */
export function materialize(fuzzer: SchemaFuzzer, op: Operation, c: FuzzCase): FuzzCase {
  const b = c.body;
  if (b.kind !== 'mutated') return c;
  const schema = op.requestBody?.content['application/json']?.schema ?? {};
  const { value, labels, dupKey } = mutate(fuzzer, schema, b.base, b.mutations);
  if (dupKey) {
    // A duplicated member in the JSON text: {"k":<wrong>, …"k":…}.
    const text = serialize(value);
    const withDup =
      text.startsWith('{') && text !== '{}' ? `{${JSON.stringify(dupKey.key)}:${serialize(dupKey.value)},${text.slice(1)}` : text;
    return { ...c, body: { kind: 'raw', text: withDup, contentType: b.contentType }, labels: [...c.labels, ...labels] };
  }
  return { ...c, body: { kind: 'json', value, contentType: b.contentType }, labels: [...c.labels, ...labels] };
}

/** Every input of one operation: actor, path, query, headers and body, valid or mutated. */
export function caseArbitrary(fuzzer: SchemaFuzzer, op: Operation): fc.Arbitrary<FuzzCase> {
  const params = [...(op.parameters as unknown as Parameter[])];
  // Conditional updates (412/428 documented): send If-Match, mostly with the current ETag.
  if (('412' in op.responses || '428' in op.responses) && !params.some((p) => p.in === 'header' && /^if-match$/i.test(p.name))) {
    params.push({ name: 'If-Match', in: 'header', required: false, schema: { type: 'string' } });
  }
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  // A case is valid in every part, or fuzzes one part (path, query, headers or body), or all of them.
  type Part = 'path' | 'query' | 'headers' | 'body';
  const focus = (fuzzed: Part[]) => {
    const on = (part: Part) => fuzzed.includes(part);
    return fc.tuple(
      fc.oneof(...ACTORS),
      fc.tuple(...pathParams.map((p) => pathParamArb(fuzzer, p, on('path')).map((v) => [p.name, v] as const))),
      queryArb(fuzzer, queryParams, on('query'), op.operationId),
      headerArb(fuzzer, headerParams, on('headers')),
      bodyArb(fuzzer, op, on('body')),
    );
  };
  const hasBody = !!op.requestBody?.content['application/json'];
  return fc
    .oneof(
      { weight: 25, arbitrary: focus([]) },
      { weight: pathParams.length ? 12 : 0, arbitrary: focus(['path']) },
      { weight: 12, arbitrary: focus(['query']) },
      { weight: headerParams.length ? 6 : 1, arbitrary: focus(['headers']) },
      { weight: hasBody ? 35 : 4, arbitrary: focus(['body']) },
      { weight: 10, arbitrary: focus(['path', 'query', 'headers', 'body']) },
    )
    .map(([actor, path, query, headers, body]) => ({
      actor,
      path: Object.fromEntries(path.map(([k, v]) => [k, v.value])),
      query: query.items,
      headers: headers.headers,
      body: body.body,
      labels: [...path.flatMap(([, v]) => (v.label ? [v.label] : [])), ...query.labels, ...headers.labels, ...body.labels],
    }));
}

// ---------------------------------------------------------------------------------------------
// Sending and checking

export interface FuzzResponse {
  status: number;
  contentType: string;
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
  body: unknown;
}

export function urlOf(op: Operation, c: FuzzCase): string {
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => c.path[name] ?? '');
  return c.query.length ? `${path}?${c.query.join('&')}` : path;
}

const isJsonType = (t: string) => /^application\/([\w.-]+\+)?json$/i.test(t.split(';')[0].trim());

/**
 * One request over a kept-alive connection (supertest opens a connection per request, which was a
 * fifth of a case's cost). A request that fails before any answer on a reused connection (the
 * server closed it meanwhile, e.g. after refusing an oversized body) is sent once more on a new one.
 */
function exchange(
  server: http.Server,
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string | null,
  retry = true,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; raw: Buffer }> {
  const { port } = server.address() as { port: number };
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: method.toUpperCase(), path, headers, agent, timeout: 60_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', (err) => {
      if (retry && req.reusedSocket) resolve(exchange(server, agent, method, path, headers, body, false));
      else reject(err);
    });
    req.on('timeout', () => req.destroy(new Error('no answer in 60 s')));
    req.end(body ?? undefined);
  });
}

const agents = new WeakMap<http.Server, http.Agent>();
const agentFor = (server: http.Server) => {
  let agent = agents.get(server);
  if (!agent) agents.set(server, (agent = new http.Agent({ keepAlive: true, maxSockets: 1 })));
  return agent;
};

/** Sends a case through HTTP and returns the response with its body read. */
export async function sendCase(server: http.Server, op: Operation, c: FuzzCase, tokens: Record<FuzzActor, string>): Promise<FuzzResponse> {
  const agent = agentFor(server);
  const url = urlOf(op, c);
  const headers: Record<string, string> = { Authorization: `Bearer ${tokens[c.actor]}` };
  for (const [k, v] of Object.entries(c.headers)) {
    if (v !== '{{current-etag}}') headers[k] = v;
    else {
      // If-Match with the object's current ETag, as a client that read it first would send.
      const read = await exchange(server, agent, 'get', urlOf(op, { ...c, query: [] }), { Authorization: headers.Authorization }, null);
      const etag = read.headers.etag;
      if (typeof etag === 'string') headers[k] = etag;
    }
  }
  const b = c.body;
  if (b.kind === 'mutated') throw new Error('materialize() the case before sending it');
  let text: string | null = null;
  if (b.kind !== 'none') {
    text = b.kind === 'json' ? serialize(b.value) : b.text;
    // No Content-Type at all is a case too.
    if (b.contentType) headers['Content-Type'] = b.contentType;
    if (b.contentEncoding) headers['Content-Encoding'] = b.contentEncoding;
    // Node frames a GET's body only when told its length; unframed, it would be read as the next request.
    headers['Content-Length'] = String(Buffer.byteLength(text));
  }
  const res = await exchange(server, agent, op.method, url, headers, text);
  const rawBody = res.raw;
  const contentType = String(res.headers['content-type'] ?? '');
  let body: unknown = undefined;
  if (isJsonType(contentType) && rawBody.length) {
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = Symbol.for('invalid-json');
    }
  }
  return { status: res.status, contentType, headers: res.headers as FuzzResponse['headers'], raw: rawBody, body };
}

const LEAK =
  /SQLITE_|sqlite3|\bat [\w.<>$]+ \(|node_modules|knex|syntax error at or near|relation "|violates [\w ]*constraint|duplicate key value|invalid input syntax|TypeError|ReferenceError|Cannot read prop/i;

/** What is wrong with a response, as [kind, detail] pairs; empty when it is fine. */
export function responseProblems(contract: Contract, op: Operation, res: FuzzResponse): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const body = res.body as Json | undefined;
  const code = isObject(body) ? String(body.code ?? '') : '';
  // The app checks its JSON answers against the contract and turns a mismatch into this 500.
  if (code === 'response_contract_violation') {
    const detail = String((body as Json).detail ?? '');
    out.push([
      `response_contract_violation: ${/^(status|content type) /.test(detail) ? detail : 'the body does not match the schema'}`,
      detail.slice(0, 300),
    ]);
    return out;
  }
  if (res.status >= 500)
    out.push([
      `status ${res.status}${code ? ` ${code}` : ''}`,
      isObject(body) ? String(body.detail ?? '').slice(0, 300) : res.raw.toString('utf8').slice(0, 200),
    ]);
  const declared = op.responses[String(res.status)];
  if (!declared && res.status >= 500) return out;
  if (!declared) {
    out.push([
      `undocumented status ${res.status}${code ? ` ${code}` : ''}`,
      `${op.operationId} documents ${Object.keys(op.responses).join(', ')}`,
    ]);
    return out;
  }
  const content = contract.deref(declared).content as Record<string, unknown> | undefined;
  if (!content) return out; // e.g. a redirect: no body is described
  const type = res.contentType.split(';')[0].trim().toLowerCase();
  if (!(type in content)) {
    out.push([`undocumented content type ${type || '(none)'} for ${res.status}`, `documented: ${Object.keys(content).join(', ')}`]);
    return out;
  }
  if (isJsonType(type)) {
    if (typeof body === 'symbol' || body === undefined) {
      out.push([`unparsable JSON ${res.status}`, res.raw.toString('utf8').slice(0, 200)]);
      return out;
    }
    const errors = contract.responseErrors(op.operationId, res.status, res.contentType, body);
    if (errors) out.push([`body does not match the contract for ${res.status}`, errors.slice(0, 300)]);
    if (type === 'application/problem+json' && isObject(body)) {
      const said = [
        body.title,
        body.detail,
        ...((body.errors as Json[] | undefined) ?? []).map((e) => (isObject(e) ? e.message : '')),
      ].join(' ');
      if (LEAK.test(said)) out.push([`problem leaks internals ${res.status} ${code}`, said.slice(0, 300)]);
    }
  } else if (res.status < 300 && res.raw.length === 0 && type !== 'application/x-ndjson') {
    // JSON Lines of no rows is a stream of no lines: empty is its valid answer (a grant's data before any delivery).
    out.push([`empty ${type} body`, '']);
  }
  return out;
}

/** Keys added to Object.prototype by a request (prototype pollution). */
export function prototypePollution(): string[] {
  const found: string[] = [];
  for (const k in {}) found.push(k);
  return found;
}

/** Roughly how big a case is, to keep the smallest failing one. */
export function caseSize(op: Operation, c: FuzzCase): number {
  const b = c.body;
  const body = b.kind === 'json' ? serialize(b.value).length : b.kind === 'raw' ? b.text.length : 0;
  return urlOf(op, c).length + body + Object.values(c.headers).join('').length + (c.actor === 'bureau' ? 0 : 1);
}

/** A case as a command line a developer can replay (curl-like, the body cut short). */
export function describeCase(op: Operation, c: FuzzCase): string {
  const parts = [`${op.method.toUpperCase()} ${urlOf(op, c)}`, `as ${c.actor}`];
  for (const [k, v] of Object.entries(c.headers)) parts.push(`${k}: ${v.length > 60 ? `${v.slice(0, 60)}…(${v.length})` : v}`);
  const b = c.body;
  if (b.kind === 'mutated') parts.push('body (not materialized)');
  else if (b.kind !== 'none') {
    const text = b.kind === 'json' ? serialize(b.value) : b.text;
    if (b.contentType !== null) parts.push(`Content-Type: ${b.contentType}`);
    else parts.push('no Content-Type');
    if (b.contentEncoding) parts.push(`Content-Encoding: ${b.contentEncoding}`);
    parts.push(`body ${text.length > 300 ? `${text.slice(0, 300)}…(${text.length} chars)` : text}`);
  }
  return parts.join(' | ');
}

/** Smaller variants of a case, simplest first, for a greedy reduction of a failing one. */
export function* reductions(c: FuzzCase, pools: FuzzPools): Generator<FuzzCase> {
  if (c.actor !== 'bureau') yield { ...c, actor: 'bureau' };
  if (c.query.length) yield { ...c, query: [] };
  for (let i = 0; i < c.query.length; i++) yield { ...c, query: c.query.filter((_, j) => j !== i) };
  for (const k of Object.keys(c.headers)) {
    const headers = { ...c.headers };
    delete headers[k];
    yield { ...c, headers };
  }
  for (const [name, v] of Object.entries(c.path)) {
    const real = pools.path[name]?.[0];
    if (real && v !== real) yield { ...c, path: { ...c.path, [name]: real } };
  }
  const b = c.body;
  if (b.kind === 'json' && b.contentType !== 'application/json') yield { ...c, body: { ...b, contentType: 'application/json' } };
  if (b.kind === 'json' && isObject(b.value)) {
    for (const k of Object.keys(b.value)) {
      const value = { ...b.value };
      delete value[k];
      // keep __proto__ and friends own properties
      for (const pk of PROTO_KEYS)
        if (pk !== k && Object.prototype.hasOwnProperty.call(b.value, pk)) defineKey(value, pk, (b.value as Json)[pk]);
      yield { ...c, body: { ...b, value } };
    }
  }
  if (b.kind === 'raw' && b.text.length > 40) yield { ...c, body: { ...b, text: b.text.slice(0, 40) } };
}
