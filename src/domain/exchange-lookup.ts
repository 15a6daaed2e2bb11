import { FieldError } from '../errors';
import { DeliveryItem, normalizeValue } from './delivery-rows';
import { normalizeItemName } from './text';

// How the query and verification APIs (信息查询接口, 信息核验接口) find a row: by the values of the
// entry's input items (queryRole 'input'), normalized as a delivery normalizes them, so that an
// exact match is exact on the stored form (docs/exchange.md "Query and verification").

export interface LookupItem extends DeliveryItem {
  queryRole?: string | null;
}

/** The key a row is looked up by: its input items' values, in the entry's order; null without input items. */
export function lookupKey(values: Array<string | null>, items: LookupItem[]): string | null {
  if (!items.some((i) => i.queryRole === 'input')) return null;
  return JSON.stringify(values.filter((_, i) => items[i].queryRole === 'input'));
}

/**
 * Reads the values a caller sent (item name → text) against the entry's items: `required` names
 * every item that must be there (the input items); `allowed` every item that may be. Returns the
 * values in the entry's order (null where not sent) or what is wrong, each with its JSON Pointer
 * under `base` ('/input' or '/values').
 */
export function readSentValues(
  sent: Record<string, unknown>,
  items: LookupItem[],
  required: (item: LookupItem) => boolean,
  allowed: (item: LookupItem) => boolean,
  base: string,
): { values: Array<string | null>; given: boolean[] } | { problems: FieldError[] } {
  const byName = new Map(items.map((item, i) => [normalizeItemName(item.name), i]));
  const values: Array<string | null> = items.map(() => null);
  const given = items.map(() => false);
  const problems: FieldError[] = [];
  for (const [name, raw] of Object.entries(sent)) {
    const path = `${base}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const index = byName.get(normalizeItemName(name));
    if (index === undefined || !allowed(items[index])) {
      problems.push({ path, code: 'unknown_item', message: `“${name}”不是此处可用的信息项 (not an item this call takes)` });
      continue;
    }
    if (typeof raw !== 'string') {
      problems.push({ path, code: 'invalid_value', message: `“${name}”的值须为文本 (the value must be a string)` });
      continue;
    }
    const checked = normalizeValue(raw, items[index]);
    if ('reason' in checked) {
      problems.push({ path, code: 'invalid_value', message: `“${name}”${checked.reason}` });
    } else if (checked.value === null) {
      problems.push({ path, code: 'value_required', message: `“${name}”不能为空 (must not be empty)` });
    } else {
      values[index] = checked.value;
      given[index] = true;
    }
  }
  items.forEach((item, i) => {
    if (required(item) && !given[i] && !problems.some((p) => p.path === `${base}/${item.name}`)) {
      problems.push({ path: `${base}/${item.name}`, code: 'value_required', message: `缺少输入项“${item.name}” (input item missing)` });
    }
  });
  return problems.length > 0 ? { problems } : { values, given };
}
