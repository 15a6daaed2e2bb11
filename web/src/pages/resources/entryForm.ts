// The entry editor's form model and its translation to and from the API (ResourceCreate /
// ResourceUpdate in openapi/openapi.yaml), and the Chinese label of every field a service error
// names by its JSON Pointer (/items/2/desensitizationRule → 信息项第 3 行“姓名”·脱敏脱密规则).
import type { components } from '@contract';

export type Resource = components['schemas']['Resource'];
export type ResourceFields = components['schemas']['ResourceFields'];
export type DataItem = components['schemas']['DataItem'];
export type MaskingRule = components['schemas']['MaskingRule'];
export type ProvisionMode = components['schemas']['ProvisionMode'];
export type ProvisionModeCode = ProvisionMode['mode'];
type DataType = DataItem['dataType'];

/** A masking rule as the form holds it: the rule and every parameter any rule may have. */
export interface MaskingValues {
  rule?: MaskingRule['rule'] | null;
  first?: number | null;
  last?: number | null;
  precision?: 'year' | 'month' | null;
  replacement?: string | null;
  length?: number | null;
}

export interface ItemValues {
  name?: string;
  dataType?: DataType;
  length?: number | null;
  description?: string | null;
  sensitive?: boolean;
  desensitizationRule?: string | null;
  queryRole?: 'input' | 'output' | null;
  masking?: MaskingValues | null;
  key?: boolean;
  required?: boolean;
}

export interface ModeValues {
  mode: ProvisionModeCode;
  certificateName?: string | null;
  issuingAuthority?: string | null;
  description?: string | null;
  endpoint?: string | null;
  perItemResult?: boolean;
  fileFormat?: string | null;
}

export interface CameraPointValues {
  code?: string;
  name?: string;
  location?: string;
  longitude?: number | null;
  latitude?: number | null;
}

export interface EntryValues {
  name?: string;
  categoryCode?: string;
  summary?: string | null;
  projectId?: string | null;
  format?: ResourceFields['format'];
  formatDetail?: string | null;
  items: ItemValues[];
  sharingType?: ResourceFields['sharingType'];
  sharingConditions?: string | null;
  sharingBasis?: string | null;
  openType?: ResourceFields['openType'];
  openConditions?: string | null;
  updateCycle?: ResourceFields['updateCycle'];
  relatedResourceCodes: string[];
  totalDataVolume: { records?: number | null; bytes?: number | null };
  scopeOfUse?: string | null;
  provisionModes: ModeValues[];
  isVideo: boolean;
  video: { cameraPoints: CameraPointValues[]; sharingScope?: string | null };
  changeReason?: string;
}

export const EMPTY_ENTRY: EntryValues = {
  items: [],
  relatedResourceCodes: [],
  totalDataVolume: {},
  provisionModes: [],
  isVideo: false,
  video: { cameraPoints: [] },
};

export const MODE_ORDER: ProvisionModeCode[] = ['certificate', 'query_api', 'verification_api', 'batch_exchange', 'other'];

/** The stored entry as the form's starting values. */
export function valuesOf(entry: Resource): EntryValues {
  return {
    name: entry.name,
    categoryCode: entry.categoryCode,
    summary: entry.summary,
    projectId: entry.projectId,
    format: entry.format,
    formatDetail: entry.formatDetail,
    items: entry.items.map((i) => ({ ...i, masking: i.masking ? { ...i.masking } : null })),
    sharingType: entry.sharingType,
    sharingConditions: entry.sharingConditions,
    sharingBasis: entry.sharingBasis,
    openType: entry.openType,
    openConditions: entry.openConditions,
    updateCycle: entry.updateCycle,
    relatedResourceCodes: entry.relatedResourceCodes,
    totalDataVolume: { records: entry.totalDataVolume.records ?? null, bytes: entry.totalDataVolume.bytes ?? null },
    scopeOfUse: entry.scopeOfUse,
    provisionModes: entry.provisionModes.map((m) => ({ ...m }) as ModeValues),
    isVideo: entry.video !== null,
    video: entry.video
      ? { cameraPoints: entry.video.cameraPoints.map((p) => ({ ...p })), sharingScope: entry.video.sharingScope }
      : { cameraPoints: [] },
  };
}

const text = (v: string | null | undefined): string | null => (v === undefined || v === null || v.trim() === '' ? null : v.trim());
const num = (v: number | null | undefined): number | null => (v === undefined || v === null || Number.isNaN(v) ? null : v);

export function maskingOf(m: MaskingValues | null | undefined): MaskingRule | null {
  switch (m?.rule) {
    case 'keep_ends':
      return { rule: 'keep_ends', first: m.first ?? 0, last: m.last ?? 0 };
    case 'phone':
      return { rule: 'phone' };
    case 'family_name':
      return { rule: 'family_name' };
    case 'date':
      return { rule: 'date', precision: m.precision ?? 'year' };
    case 'fixed':
      return { rule: 'fixed', replacement: m.replacement ?? '***' };
    case 'keyed_hash':
      return { rule: 'keyed_hash', length: m.length ?? 16 };
    default:
      return null;
  }
}

function itemOf(i: ItemValues): DataItem {
  return {
    name: (i.name ?? '').trim(),
    dataType: i.dataType ?? 'C',
    length: num(i.length),
    description: text(i.description),
    sensitive: !!i.sensitive,
    desensitizationRule: text(i.desensitizationRule),
    queryRole: i.queryRole ?? null,
    masking: maskingOf(i.masking),
    key: !!i.key,
    required: !!i.required,
  };
}

function modeOf(m: ModeValues): ProvisionMode {
  switch (m.mode) {
    case 'certificate':
      return {
        mode: 'certificate',
        certificateName: (m.certificateName ?? '').trim(),
        ...(text(m.issuingAuthority) ? { issuingAuthority: text(m.issuingAuthority)! } : {}),
      };
    case 'query_api':
      return {
        mode: 'query_api',
        ...(text(m.description) ? { description: text(m.description)! } : {}),
        ...(text(m.endpoint) ? { endpoint: text(m.endpoint)! } : {}),
      };
    case 'verification_api':
      return {
        mode: 'verification_api',
        ...(text(m.description) ? { description: text(m.description)! } : {}),
        ...(text(m.endpoint) ? { endpoint: text(m.endpoint)! } : {}),
        perItemResult: !!m.perItemResult,
      };
    case 'batch_exchange':
      return {
        mode: 'batch_exchange',
        ...(text(m.fileFormat) ? { fileFormat: text(m.fileFormat)! } : {}),
        ...(text(m.description) ? { description: text(m.description)! } : {}),
      };
    default:
      return { mode: 'other', description: (m.description ?? '').trim() };
  }
}

/** The form's values as the body of a create or an update: every field, empty text as null. */
export function bodyOf(v: EntryValues): ResourceFields & { name: string; categoryCode: string } {
  return {
    name: (v.name ?? '').trim(),
    categoryCode: v.categoryCode ?? '',
    summary: text(v.summary),
    projectId: v.projectId ?? null,
    format: v.format ?? null,
    formatDetail: text(v.formatDetail),
    items: (v.items ?? []).map(itemOf),
    sharingType: v.sharingType ?? null,
    sharingConditions: v.sharingType === 'conditional' ? text(v.sharingConditions) : null,
    sharingBasis: v.sharingType === 'not_shared' ? text(v.sharingBasis) : null,
    openType: v.openType ?? null,
    openConditions: v.openType === 'conditional_open' ? text(v.openConditions) : null,
    updateCycle: v.updateCycle ?? null,
    relatedResourceCodes: (v.relatedResourceCodes ?? []).map((c) => c.trim()).filter((c) => c !== ''),
    totalDataVolume: { records: num(v.totalDataVolume?.records), bytes: num(v.totalDataVolume?.bytes) },
    scopeOfUse: text(v.scopeOfUse),
    provisionModes: [...(v.provisionModes ?? [])].sort((a, b) => MODE_ORDER.indexOf(a.mode) - MODE_ORDER.indexOf(b.mode)).map(modeOf),
    video: v.isVideo
      ? {
          cameraPoints: (v.video?.cameraPoints ?? []).map((p) => ({
            code: (p.code ?? '').trim(),
            name: (p.name ?? '').trim(),
            location: (p.location ?? '').trim(),
            ...(num(p.longitude) !== null ? { longitude: num(p.longitude)! } : {}),
            ...(num(p.latitude) !== null ? { latitude: num(p.latitude)! } : {}),
          })),
          sharingScope: (v.video?.sharingScope ?? '').trim(),
        }
      : null,
  };
}

// ---- Field labels for the service's errors ----

export const ENTRY_LABELS: Record<string, string> = {
  name: '资源名称',
  categoryCode: '资源分类',
  summary: '信息资源摘要',
  projectId: '所属项目',
  format: '资源格式',
  formatDetail: '格式说明',
  items: '信息项',
  sharingType: '共享类型',
  sharingConditions: '共享条件',
  sharingBasis: '不予共享依据',
  openType: '开放属性',
  openConditions: '开放条件',
  updateCycle: '更新周期',
  relatedResourceCodes: '关联资源代码',
  totalDataVolume: '数据总量',
  scopeOfUse: '使用范围',
  provisionModes: '提供方式',
  video: '视频监控',
  changeReason: '变更原因',
};

export const ITEM_LABELS: Record<string, string> = {
  name: '信息项名称',
  dataType: '数据类型',
  length: '长度',
  description: '说明',
  sensitive: '敏感',
  desensitizationRule: '脱敏脱密规则',
  queryRole: '查询角色',
  masking: '脱敏规则',
  key: '主键',
  required: '必填',
};

const MODE_FIELD_LABELS: Record<string, string> = {
  mode: '方式',
  certificateName: '证照名称',
  issuingAuthority: '发证机关',
  description: '说明',
  endpoint: '接口地址',
  perItemResult: '逐项答复核验结果',
  fileFormat: '文件格式',
};

const MASKING_LABELS: Record<string, string> = {
  rule: '规则',
  first: '保留前几位',
  last: '保留后几位',
  precision: '精确到',
  replacement: '替换为',
  length: '散列位数',
};

const VIDEO_LABELS: Record<string, string> = {
  cameraPoints: '摄像点位',
  sharingScope: '视频共享范围',
  code: '点位编码',
  name: '点位名称',
  location: '安装位置',
  longitude: '经度',
  latitude: '纬度',
};

/** A JSON Pointer's segments (numbers as numbers), e.g. /items/2/name → ['items', 2, 'name']. */
export function pointerPath(pointer: string): Array<string | number> {
  if (!pointer.startsWith('/')) return pointer ? [pointer] : [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Where a pointer is, in the words of the form. */
export function pointerLabel(pointer: string, values: EntryValues | undefined, modeLabel: (code: string) => string): string {
  const [top, index, field, sub] = pointerPath(pointer);
  if (top === undefined) return '目录';
  const topLabel = ENTRY_LABELS[String(top)] ?? String(top);
  if (top === 'items' && typeof index === 'number') {
    const name = values?.items?.[index]?.name;
    const where = `信息项第 ${index + 1} 行${name ? `“${name}”` : ''}`;
    if (field === undefined) return where;
    const fieldLabel = ITEM_LABELS[String(field)] ?? String(field);
    return field === 'masking' && sub !== undefined
      ? `${where} · ${fieldLabel} · ${MASKING_LABELS[String(sub)] ?? String(sub)}`
      : `${where} · ${fieldLabel}`;
  }
  if (top === 'provisionModes' && typeof index === 'number') {
    const mode = values?.provisionModes?.[index]?.mode;
    const where = `提供方式${mode ? `“${modeLabel(mode)}”` : `第 ${index + 1} 项`}`;
    return field === undefined ? where : `${where} · ${MODE_FIELD_LABELS[String(field)] ?? String(field)}`;
  }
  if (top === 'video' && index !== undefined) {
    if (index === 'cameraPoints' && typeof field === 'number')
      return `摄像点位第 ${field + 1} 行${sub !== undefined ? ` · ${VIDEO_LABELS[String(sub)] ?? String(sub)}` : ''}`;
    return VIDEO_LABELS[String(index)] ?? String(index);
  }
  if (top === 'totalDataVolume' && index !== undefined) return `${topLabel} · ${index === 'records' ? '记录数' : '字节数'}`;
  return topLabel;
}

/** The form field a pointer names, so its error shows under that control (null: no single control). */
export function formFieldOf(pointer: string): Array<string | number> | null {
  const path = pointerPath(pointer);
  if (path.length === 0) return null;
  const [top, index, field] = path;
  if (top === 'video') {
    if (index === 'sharingScope') return ['video', 'sharingScope'];
    if (index === 'cameraPoints' && path.length >= 4) return path.slice(0, 4);
    return null;
  }
  if (top === 'items' || top === 'provisionModes') {
    if (typeof index !== 'number' || field === undefined) return null;
    if (field === 'masking') return path.length > 3 ? path.slice(0, 4) : [top, index, 'masking', 'rule'];
    return [top, index, field];
  }
  if (top === 'totalDataVolume') return path.length > 1 ? path.slice(0, 2) : null;
  if (top === 'relatedResourceCodes') return ['relatedResourceCodes'];
  return [top];
}
