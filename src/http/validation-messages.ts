import type { ErrorObject } from 'ajv/dist/2020';
import localizeZh from 'ajv-i18n/localize/zh';
import { EARLIEST_INSTANT, LATEST_INSTANT } from '../domain/instants';
import {
  classifications,
  dataTypes,
  departmentLevels,
  grantStatuses,
  openTypes,
  projectStages,
  provisionModes,
  queryRoles,
  resourceFormats,
  resourceStatuses,
  roles,
  sharingRequestStatuses,
  sharingTypes,
  Term,
  updateCycles,
} from '../domain/vocabularies';
import { FieldError } from '../errors';
import { fieldLabel } from './field-labels';

// What a clerk reads when a request does not match the contract: one error per mistake, each
// naming the field by its Chinese label and where it is — a JSON Pointer into the body
// (/items/0/name) or a parameter's name (limit), as every FieldError says it — saying in Chinese what is wrong — the allowed values of an enumeration with their
// labels — with ajv's English as the gloss. ajv reports a value that fits no branch of a oneOf once
// per branch and once more for the oneOf; only the branch the value was meant for is kept.

export type RequestPart = 'path' | 'query' | 'body';

interface Text {
  zh: string;
  en: string;
}

const FORMAT_TEXTS: Record<string, Text> = {
  name: {
    zh: '不能为空白或只含不可见字符，也不能含有控制字符、换行或双向控制字符',
    en: 'names must not be blank nor contain control, line-break or bidi characters',
  },
  'date-time': {
    zh: `须为 ${EARLIEST_INSTANT.slice(0, 4)}–${LATEST_INSTANT.slice(0, 4)} 年间真实存在的 RFC 3339 日期时间，如 2026-03-02T09:00:00+08:00，不含闰秒`,
    en: 'must be an RFC 3339 date-time of a real instant between 1970 and 9999, without leap seconds',
  },
  date: { zh: '须为真实存在的日期，格式 YYYY-MM-DD，如 2026-03-02', en: 'must be a real calendar date, YYYY-MM-DD' },
  uuid: { zh: '须为 UUID 编号，如 0b7c6c52-5d1f-4c55-9a3e-1c2b3d4e5f60', en: 'must be a UUID' },
  email: { zh: '须为电子邮件地址', en: 'must be an e-mail address' },
  uri: { zh: '须为完整网址，如 https://api.example.gov.cn/query', en: 'must be an absolute URI' },
};

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  integer: '整数',
  number: '数字',
  boolean: '是或否（true/false）',
  array: '列表',
  object: '对象',
  null: '空值（null）',
};

const VOCABULARIES: Term[][] = [
  classifications,
  resourceFormats,
  dataTypes,
  queryRoles,
  sharingTypes,
  openTypes,
  updateCycles,
  provisionModes,
  resourceStatuses,
  roles,
  departmentLevels,
  sharingRequestStatuses,
  grantStatuses,
  projectStages,
];

/** The allowed values, each with its Chinese label where a vocabulary holds all of them. */
function allowedValues(values: unknown[]): string {
  const vocabulary = VOCABULARIES.find((terms) => values.every((v) => terms.some((t) => t.code === v)));
  return values
    .map((v) => {
      const label = vocabulary?.find((t) => t.code === v)?.label;
      return label ? `${String(v)}（${label}）` : JSON.stringify(v);
    })
    .join('、');
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The field a pointer names, as a clerk reads it: its label, and the item of a list it is in. */
function describe(pointer: string): string {
  const segments = pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const named = [...segments].reverse().find((s) => !/^\d+$/.test(s));
  if (named === undefined) return segments.length === 0 ? '请求' : '列表项';
  const label = fieldLabel(named) ?? named;
  const indexAt = segments.map((s, i) => (/^\d+$/.test(s) ? i : -1)).filter((i) => i > 0);
  if (indexAt.length === 0) return label;
  const at = indexAt[indexAt.length - 1];
  const list = fieldLabel(segments[at - 1]) ?? segments[at - 1];
  return list === label ? `${label}第 ${Number(segments[at]) + 1} 项` : `${list}第 ${Number(segments[at]) + 1} 项的${label}`;
}

function limitOf(e: ErrorObject): number {
  return Number((e.params as { limit?: number }).limit);
}

/** What is wrong, in Chinese and in ajv's English. */
function textOf(e: ErrorObject, english: string): Text {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { zh: '必须填写', en: 'is required' };
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return { zh: '不是此处可用的字段，请删除或检查拼写', en: 'is not a known field' };
    case 'type': {
      const types = String(p.type).split(',');
      return { zh: `应为${types.map((t) => TYPE_NAMES[t] ?? t).join('或')}`, en: `must be ${types.join(' or ')}` };
    }
    case 'enum': {
      const values = p.allowedValues as unknown[];
      return { zh: `应为以下之一：${allowedValues(values)}`, en: `must be one of ${values.map(String).join(', ')}` };
    }
    case 'const':
      return { zh: `应为 ${JSON.stringify(p.allowedValue)}`, en: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'minLength':
      return limitOf(e) === 1 ? { zh: '不能为空', en: 'must not be empty' } : { zh: `至少 ${limitOf(e)} 个字符`, en: english };
    case 'maxLength':
      return { zh: `最多 ${limitOf(e)} 个字符`, en: english };
    case 'minimum':
      return { zh: `不能小于 ${limitOf(e)}`, en: english };
    case 'maximum':
      return { zh: `不能大于 ${limitOf(e)}`, en: english };
    case 'exclusiveMinimum':
      return { zh: `须大于 ${limitOf(e)}`, en: english };
    case 'exclusiveMaximum':
      return { zh: `须小于 ${limitOf(e)}`, en: english };
    case 'minItems':
      return limitOf(e) === 1 ? { zh: '至少要有 1 项', en: 'must not be empty' } : { zh: `至少要有 ${limitOf(e)} 项`, en: english };
    case 'maxItems':
      return { zh: `最多 ${limitOf(e)} 项`, en: english };
    case 'uniqueItems':
      return { zh: `不能有重复项（第 ${Number(p.j) + 1} 项与第 ${Number(p.i) + 1} 项相同）`, en: english };
    case 'minProperties':
      return { zh: `至少填写 ${limitOf(e)} 个字段`, en: english };
    case 'pattern':
      return String(p.pattern) === '\\S'
        ? { zh: '不能为空白', en: 'must not be blank' }
        : { zh: `格式不正确（应符合 ${String(p.pattern)}）`, en: english };
    case 'format':
      return FORMAT_TEXTS[String(p.format)] ?? { zh: `格式应为 ${String(p.format)}`, en: english };
    case 'discriminator':
      return { zh: `无法识别的种类${p.tagValue === undefined ? '' : ` ${JSON.stringify(p.tagValue)}`}`, en: english };
    default: {
      // The rarer keywords: ajv-i18n's Chinese.
      const copy = { ...e };
      localizeZh([copy]);
      return { zh: copy.message ?? english, en: english };
    }
  }
}

const within = (path: string, base: string) => path === base || path.startsWith(`${base}/`);

/**
 * One error per mistake where a value fits no branch of a oneOf/anyOf. ajv reports the branches'
 * errors just before the union's own (their schema paths may be those of a $ref's target, so they
 * cannot be told apart by path): of those, the errors of the branches whose type the value has are
 * kept (it was meant for them: an unknown code of a nullable enumeration is an enumeration error,
 * not "must be null"); when it has none of their types, one error names the types allowed.
 */
function withoutBranchNoise(errors: ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  errors.forEach((union, at) => {
    if (union.keyword !== 'oneOf' && union.keyword !== 'anyOf') return;
    const inside = errors.slice(0, at).filter((e) => !dropped.has(e) && within(e.instancePath, union.instancePath));
    if (inside.length === 0) return;
    const typeMisses = inside.filter((e) => e.keyword === 'type' && e.instancePath === union.instancePath);
    const meant = inside.filter((e) => !typeMisses.includes(e));
    typeMisses.forEach((e) => dropped.add(e));
    if (meant.length > 0) {
      dropped.add(union);
      return;
    }
    const types = [...new Set(typeMisses.flatMap((e) => String((e.params as { type: string }).type).split(',')))];
    replaced.set(union, { ...union, keyword: 'type', params: { type: types.join(',') }, message: `must be ${types.join(' or ')}` });
  });
  return errors.filter((e) => !dropped.has(e)).map((e) => replaced.get(e) ?? e);
}

/** The contract's verdict on one part of a request, as FieldErrors a clerk can act on. */
export function fieldErrors(errors: ErrorObject[] | null | undefined, part: RequestPart): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const e of withoutBranchNoise(errors ?? [])) {
    const p = e.params as Record<string, unknown>;
    let pointer = e.instancePath;
    const extra = p.missingProperty ?? p.additionalProperty ?? p.unevaluatedProperty;
    if (typeof extra === 'string') pointer = `${pointer}/${escapePointer(extra)}`;
    // As every FieldError says where: a JSON Pointer into the body, or a parameter's name.
    const path = part === 'body' ? pointer || '/' : pointer.slice(1);
    const shown = part === 'body' ? path : `${part === 'query' ? '查询参数' : '路径参数'} ${path}`;
    const shownEn = part === 'body' ? path : `${part} parameter ${path}`;
    const text = textOf(e, e.message ?? 'is invalid');
    const message = `${describe(pointer)}（${shown}）${text.zh} (${shownEn} ${text.en})`;
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path, code: e.keyword, message });
  }
  return out;
}
