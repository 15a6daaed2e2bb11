import { Contract } from '../../src/http/contract';
import {
  ENTRY_CATEGORY_CODE,
  hasOwnNumber,
  isEntryCategoryCode,
  levelOf,
  parentCodeOf,
  pathCodesOf,
  TREE_CODE,
} from '../../src/domain/category-codes';
import { SEEDED_CATEGORIES } from '../../migrations/20261206030000_categories';
import { classificationOf } from '../../src/domain/vocabularies';

// The category codes of the national guide (类 1 digit, 项 2, 目 3, 细目 3; src/domain/category-codes.ts)
// and the contract's patterns for them, for resource codes, which embed them, and the seeded tree.

type Json = Record<string, unknown>;
const schemas = (new Contract().document.components as Json).schemas as Record<string, Json>;
const pattern = (name: string) => new RegExp(schemas[name].pattern as string);

describe('category codes', () => {
  it.each([
    ['1', 1, null, ['1']],
    ['101', 2, '1', ['1', '101']],
    ['101001', 3, '101', ['1', '101', '101001']],
    ['101001002', 4, '101001', ['1', '101', '101001', '101001002']],
  ])('%s is of level %s under %s, its path %j', (code, level, parent, path) => {
    expect(levelOf(code)).toBe(level);
    expect(parentCodeOf(code)).toBe(parent);
    expect(pathCodesOf(code)).toEqual(path);
  });

  it.each(['', '4', '0', '10', '1011', '10100', '1010011', '1010010011', '101001001001', 'a01', '１01'])(
    '%j is no code of the tree',
    (code) => {
      expect(levelOf(code)).toBeNull();
      expect(parentCodeOf(code)).toBeNull();
      expect(pathCodesOf(code)).toEqual([]);
      expect(isEntryCategoryCode(code)).toBe(false);
      expect(code).not.toMatch(pattern('CategoryTreeCode'));
    },
  );

  it('files entries under a 项, 目 or 细目, never a bare 类', () => {
    expect(['101', '101001', '101001001'].map(isEntryCategoryCode)).toEqual([true, true, true]);
    expect(['1', '2', '3'].map(isEntryCategoryCode)).toEqual([false, false, false]);
  });

  it('refuses a category whose own digits are all zeros (the guide numbers from 01, 001)', () => {
    expect(hasOwnNumber('101')).toBe(true);
    expect(hasOwnNumber('100')).toBe(false);
    expect(hasOwnNumber('101000')).toBe(false);
    expect(hasOwnNumber('101000001')).toBe(true);
    expect(hasOwnNumber('1')).toBe(false);
  });

  it('agrees with the contract: CategoryCode is the entry codes, CategoryTreeCode every code, ResourceCode the code "/" six digits', () => {
    expect(pattern('CategoryCode').source).toBe(ENTRY_CATEGORY_CODE.source.replace('(?:', '(').replace('(?:', '('));
    for (const code of ['1', '101', '101001', '101001001']) {
      expect(code).toMatch(pattern('CategoryTreeCode'));
      expect(TREE_CODE.test(code)).toBe(true);
      expect(pattern('CategoryCode').test(code)).toBe(isEntryCategoryCode(code));
    }
    for (const code of ['101/000001', '101001/000001', '101001001/999999']) expect(code).toMatch(pattern('ResourceCode'));
    for (const code of ['1/000001', '1010/000001', '101/00001', '101001001001/000001']) expect(code).not.toMatch(pattern('ResourceCode'));
  });

  it('seeds the three 类 and, under each, 项 with Chinese names, unique codes and names among siblings', () => {
    const codes = SEEDED_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(SEEDED_CATEGORIES.filter((c) => levelOf(c.code) === 1).map((c) => c.name)).toEqual([
      '基础信息资源',
      '主题信息资源',
      '部门信息资源',
    ]);
    for (const c of SEEDED_CATEGORIES) {
      expect(levelOf(c.code)).not.toBeNull();
      expect(c.name).toMatch(/^[\u4e00-\u9fff]+$/);
      const parent = parentCodeOf(c.code);
      if (parent !== null) {
        expect(codes).toContain(parent);
        expect(hasOwnNumber(c.code)).toBe(true);
        expect(classificationOf(c.code)).toBe({ '1': 'base', '2': 'theme', '3': 'department' }[parent[0]]);
      }
    }
    for (const parent of ['1', '2', '3']) {
      const names = SEEDED_CATEGORIES.filter((c) => parentCodeOf(c.code) === parent).map((c) => c.name);
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
