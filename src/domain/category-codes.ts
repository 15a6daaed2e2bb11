// The catalog's category codes (信息资源分类码), as the national guide lays them out (政务信息资源目录
// 编制指南（试行）: 类、项、目、细目): one digit for the 类 — the three classifications, 1 基础, 2 主题,
// 3 部门信息资源 — then two digits for the 项, three for the 目 and three for the 细目. A category's
// code is its parent's code followed by its own digits, so the code names the whole path
// (101 人口基础信息 → 101001 户籍人口 → 101001001 …) and a resource code, which is the category code
// "/" a six-digit sequence number (src/domain/resource-code.ts), reads as the guide's 前段码/后段码
// at any depth. The 类 are fixed by the national classification; the bureau maintains the rest.
// ADR 0039.

/** The levels of the tree: 1 类 (fixed), 2 项, 3 目, 4 细目. */
export type CategoryLevel = 1 | 2 | 3 | 4;

/** How many digits a code of each level has in all. */
const LENGTHS: Record<CategoryLevel, number> = { 1: 1, 2: 3, 3: 6, 4: 9 };

export const LEVEL_NAMES: Record<CategoryLevel, string> = { 1: '类', 2: '项', 3: '目', 4: '细目' };

/** Any code of the tree, the 类 included. */
export const TREE_CODE = /^[1-3](?:[0-9]{2}(?:[0-9]{3}){0,2})?$/;

/** A code an entry may be filed under: a 项, 目 or 细目 (not a bare 类). */
export const ENTRY_CATEGORY_CODE = /^[1-3][0-9]{2}(?:[0-9]{3}){0,2}$/;

/** The level of a code of the tree, or null when it is not one. */
export function levelOf(code: string): CategoryLevel | null {
  if (!TREE_CODE.test(code)) return null;
  return ([1, 2, 3, 4] as CategoryLevel[]).find((l) => LENGTHS[l] === code.length) ?? null;
}

/** The parent's code (the code without its own digits); null for a 类 or a code outside the tree. */
export function parentCodeOf(code: string): string | null {
  const level = levelOf(code);
  if (level === null || level === 1) return null;
  return code.slice(0, LENGTHS[(level - 1) as CategoryLevel]);
}

/** The codes from the 类 down to the code itself: 101001 → 1, 101, 101001. */
export function pathCodesOf(code: string): string[] {
  const level = levelOf(code);
  if (level === null) return [];
  return ([1, 2, 3, 4] as CategoryLevel[]).filter((l) => l <= level).map((l) => code.slice(0, LENGTHS[l]));
}

/** Whether an entry may be filed under the code (its shape; whether it exists the table says). */
export function isEntryCategoryCode(code: string): boolean {
  return ENTRY_CATEGORY_CODE.test(code);
}

/** A category's own digits may not be all zeros (the guide numbers from 01 / 001). */
export function hasOwnNumber(code: string): boolean {
  const parent = parentCodeOf(code);
  return parent !== null && !/^0+$/.test(code.slice(parent.length));
}
