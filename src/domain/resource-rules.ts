import { FieldError } from '../errors';
import { classificationOf } from './vocabularies';
import { isEntryCategoryCode } from './category-codes';
import { normalizeItemName } from './text';
import { canonicalMaskingRule, describeMasking, MaskingRule, maskingRuleProblems } from './masking';

// Rules on a catalog entry's metadata. `consistencyErrors` runs on every write (a draft may be
// incomplete but never self-contradictory); `submissionGaps` runs on submission and lists every
// field still missing, so a clerk fixes them all at once.

export interface DataItemFields {
  name: string;
  dataType: string;
  length?: number | null;
  description?: string | null;
  sensitive?: boolean;
  desensitizationRule?: string | null;
  queryRole?: 'input' | 'output' | null;
  /** The structured rule the exchange applies (src/domain/masking.ts); null or absent: none. */
  masking?: MaskingRule | null;
  /** A key item identifies a row of a delivery (docs/exchange.md). */
  key?: boolean;
  /** Every delivered row must give a value. */
  required?: boolean;
}

/** An item as stored: every optional field present. */
export type StoredItemFields = Required<
  Pick<DataItemFields, 'length' | 'description' | 'sensitive' | 'desensitizationRule' | 'queryRole' | 'masking' | 'key' | 'required'>
>;

export interface ProvisionModeFields {
  mode: string;
  [key: string]: unknown;
}

/** An entry's terms a clerk writes as text: the editor's, and the import's and export's columns. */
export interface EntryTerms {
  name: string;
  categoryCode: string;
  summary: string | null;
  format: string | null;
  sharingType: string | null;
  sharingConditions: string | null;
  sharingBasis: string | null;
  openType: string | null;
  openConditions: string | null;
  updateCycle: string | null;
  scopeOfUse: string | null;
}

export interface EntryFields extends EntryTerms {
  items: DataItemFields[];
  provisionModes: ProvisionModeFields[];
  video: { cameraPoints: unknown[]; sharingScope: string } | null;
}

const blank = (v: string | null | undefined) => v === null || v === undefined || v.trim() === '';

/**
 * `categoryKnown`: whether the entry's category is in the bureau's tree (the caller looks it up, in
 * its transaction; src/modules/categories); absent: only the code's shape is checked.
 */
export function consistencyErrors(entry: EntryFields, categoryKnown?: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (categoryKnown === false || !isEntryCategoryCode(entry.categoryCode)) {
    errors.push({
      path: '/categoryCode',
      code: 'unknown_category',
      message: `目录分类代码 ${entry.categoryCode} 不存在，请从资源分类中选择项、目或细目 (unknown category)`,
    });
  }
  if (entry.sharingType === 'conditional' && blank(entry.sharingConditions)) {
    errors.push({
      path: '/sharingConditions',
      code: 'sharing_conditions_required',
      message: '有条件共享须填写共享条件 (conditional sharing needs its conditions)',
    });
  }
  if (entry.sharingType === 'not_shared' && blank(entry.sharingBasis)) {
    errors.push({
      path: '/sharingBasis',
      code: 'sharing_basis_required',
      message: '不予共享须提供法律、行政法规或党中央、国务院政策依据 (not shared needs its legal or policy basis)',
    });
  }
  const categoryFits = categoryKnown !== false && isEntryCategoryCode(entry.categoryCode);
  if (categoryFits && classificationOf(entry.categoryCode) === 'base' && entry.sharingType === 'not_shared') {
    errors.push({
      path: '/sharingType',
      code: 'base_resource_must_be_shared',
      message: '基础信息资源应普遍共享，不能设为不予共享 (base resources are shared universally; Guangyuan art. 18)',
    });
  }
  const seenItems = new Map<string, number>();
  entry.items.forEach((item, i) => {
    const key = normalizeItemName(item.name);
    if (seenItems.has(key)) {
      errors.push({ path: `/items/${i}/name`, code: 'duplicate_item', message: `信息项“${item.name}”重复 (duplicate data item)` });
    }
    seenItems.set(key, i);
    // A masking rule must fit its item (a date rule on a date, keep_ends shorter than the item); on
    // an item not marked sensitive it is allowed, and harmless (docs/resources.md, Masking).
    if (item.masking) {
      for (const p of maskingRuleProblems(item.masking, item)) errors.push({ ...p, path: `/items/${i}/masking${p.path ?? ''}` });
    }
  });
  const seenModes = new Set<string>();
  entry.provisionModes.forEach((m, i) => {
    if (seenModes.has(m.mode)) {
      errors.push({
        path: `/provisionModes/${i}/mode`,
        code: 'duplicate_provision_mode',
        message: `提供方式 ${m.mode} 重复 (each provision mode once)`,
      });
    }
    seenModes.add(m.mode);
  });
  return errors;
}

export function submissionGaps(entry: EntryFields): FieldError[] {
  const gaps: FieldError[] = [];
  const need = (ok: boolean, path: string, message: string) => {
    if (!ok) gaps.push({ path, code: 'required_for_submission', message });
  };
  need(!blank(entry.summary), '/summary', '请填写信息资源摘要 (summary)');
  need(entry.format !== null, '/format', '请选择信息资源格式 (format)');
  need(entry.updateCycle !== null, '/updateCycle', '请选择更新周期 (update cycle)');
  need(entry.sharingType !== null, '/sharingType', '请选择共享类型 (sharing type)');
  need(entry.openType !== null, '/openType', '请选择开放属性 (open attribute)');
  need(!blank(entry.scopeOfUse), '/scopeOfUse', '请填写使用范围 (scope of use)');
  need(entry.items.length > 0, '/items', '至少登记一个信息项 (at least one data item)');
  need(entry.provisionModes.length > 0, '/provisionModes', '至少选择一种提供方式 (at least one provision mode)');
  if (entry.openType === 'conditional_open') {
    need(!blank(entry.openConditions), '/openConditions', '有条件开放须填写开放条件 (conditions of opening)');
  }
  entry.items.forEach((item, i) => {
    if (item.sensitive) {
      need(
        !blank(item.desensitizationRule),
        `/items/${i}/desensitizationRule`,
        `敏感信息项“${item.name}”须填写脱敏脱密规则 (desensitization rule for a sensitive item)`,
      );
    }
  });
  if (entry.provisionModes.some((m) => m.mode === 'query_api')) {
    // A query interface lists its input and output items (docs/domain.md rule 2; Fuzhou 附件2, 信息项明细表).
    need(
      entry.items.some((i) => i.queryRole === 'input'),
      '/items',
      '信息查询接口须标明至少一个输入项 (a query API needs an input item)',
    );
    need(
      entry.items.some((i) => i.queryRole === 'output'),
      '/items',
      '信息查询接口须标明至少一个输出项 (a query API needs an output item)',
    );
  }
  if (entry.video) {
    // Video surveillance states its camera points and sharing scope (docs/domain.md rule 5; Wendeng art. 21).
    need(entry.video.cameraPoints.length > 0, '/video/cameraPoints', '视频监控资源须登记点位信息 (camera points)');
    need(!blank(entry.video.sharingScope), '/video/sharingScope', '视频监控资源须说明共享范围 (sharing scope)');
  }
  return gaps;
}

/**
 * The items as they are stored: every field present, in one order (so a version's changed fields
 * see a change, not a client's key order or an omitted null), the masking rule in its canonical
 * form, and — where an item has a masking rule — its desensitization text filled with the rule in
 * words when the clerk left it empty, so the paper forms and the submission check ("a sensitive
 * item needs a desensitization rule") read it (docs/domain.md glossary 脱敏脱密规则; Fuzhou art. 13,
 * 附件1 项目材料 4). A text that was the words of the rule the item had before (`previous`, matched
 * by normalised name) follows the new rule: it was ours, not the clerk's.
 */
export function storedItems<T extends DataItemFields>(items: T[], previous: DataItemFields[]): Array<T & StoredItemFields> {
  const before = new Map(previous.map((p) => [normalizeItemName(p.name), p]));
  return items.map((item) => {
    const masking = item.masking ? canonicalMaskingRule(item.masking) : null;
    let text = item.desensitizationRule ?? null;
    if (masking) {
      const old = before.get(normalizeItemName(item.name))?.masking;
      if (blank(text) || (old && text!.trim() === describeMasking(old))) text = describeMasking(masking);
    }
    const {
      name,
      dataType,
      length,
      description,
      sensitive,
      desensitizationRule: _text,
      queryRole,
      masking: _rule,
      key,
      required,
      ...rest
    } = item;
    // The order the store reads them back in (resources.store.ts toItem); any other field after.
    const stored = {
      name: name.trim(),
      dataType,
      length: length ?? null,
      description: description ?? null,
      sensitive: sensitive ?? false,
      desensitizationRule: text,
      queryRole: queryRole ?? null,
      masking,
      key: key ?? false,
      required: required ?? false,
    };
    return { ...stored, ...rest } as T & StoredItemFields;
  });
}

/** Top-level fields whose values differ, for a version's "what changed". */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>, fields: string[]): string[] {
  return fields.filter((f) => JSON.stringify(before[f] ?? null) !== JSON.stringify(after[f] ?? null));
}
