// One data, one source (一数一源, docs/domain.md rule 4; Guangyuan art. 19, Wendeng art. 6): data another department
// already shares should not be collected again. On submission an entry's item names are compared
// with other departments' published entries; an entry that shares enough items is a likely duplicate.

export interface ItemMatch {
  resourceId: string;
  /** The other entry's item name, as that entry spells it. */
  itemName: string;
  normalizedName: string;
}

export interface DuplicateOverlap {
  resourceId: string;
  overlappingItems: string[];
  overlapRatio: number;
}

/** At least this many shared items, or at least half of the entry's items and two of them. */
export const MIN_SHARED_ITEMS = 3;
export const MIN_SHARED_RATIO = 0.5;
export const MAX_CANDIDATES = 10;

/**
 * The fewest shared items that can make an entry of `total` distinct items a candidate: the rule
 * above as one number, so the database can count and keep only those (ratio = shared / total).
 */
export function minSharedItems(total: number): number {
  return Math.min(MIN_SHARED_ITEMS, Math.max(2, Math.ceil(MIN_SHARED_RATIO * total)));
}

export function duplicateOverlaps(entryItemNames: string[], matches: ItemMatch[]): DuplicateOverlap[] {
  const total = new Set(entryItemNames).size;
  if (total === 0) return [];
  const byResource = new Map<string, Map<string, string>>();
  for (const m of matches) {
    const names = byResource.get(m.resourceId) ?? new Map<string, string>();
    names.set(m.normalizedName, m.itemName);
    byResource.set(m.resourceId, names);
  }
  const overlaps: DuplicateOverlap[] = [];
  for (const [resourceId, names] of byResource) {
    const shared = names.size;
    const ratio = shared / total;
    if (shared >= MIN_SHARED_ITEMS || (shared >= 2 && ratio >= MIN_SHARED_RATIO)) {
      overlaps.push({ resourceId, overlappingItems: [...names.values()], overlapRatio: Math.round(ratio * 1000) / 1000 });
    }
  }
  overlaps.sort(
    (a, b) =>
      b.overlapRatio - a.overlapRatio || b.overlappingItems.length - a.overlappingItems.length || a.resourceId.localeCompare(b.resourceId),
  );
  return overlaps.slice(0, MAX_CANDIDATES);
}
