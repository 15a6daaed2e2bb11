import { Contract } from '../../src/http/contract';
import * as v from '../../src/domain/vocabularies';

// The OpenAPI document and src/domain/vocabularies.ts list the same codes; this keeps them in step.

type Json = Record<string, unknown>;
const schemas = (new Contract().document.components as Json).schemas as Record<string, Json>;

const PAIRS: Array<[string, v.Term[]]> = [
  ['ResourceFormat', v.resourceFormats],
  ['DataType', v.dataTypes],
  ['SharingType', v.sharingTypes],
  ['OpenType', v.openTypes],
  ['UpdateCycle', v.updateCycles],
  ['ResourceStatus', v.resourceStatuses],
  ['ProvisionModeCode', v.provisionModes],
  ['Role', v.roles],
  ['DepartmentLevel', v.departmentLevels],
  ['Classification', v.classifications],
];

const CJK = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]/;

function expectChineseLabel(label: string): void {
  expect(typeof label).toBe('string');
  expect(label.trim()).not.toBe('');
  expect(label).toBe(label.trim());
  expect(label).toMatch(CJK);
  expect(label).not.toMatch(LATIN);
}

describe('vocabularies and the OpenAPI document', () => {
  it.each(PAIRS)('schema %s has exactly the codes of the vocabulary, in the same order', (schemaName, terms) => {
    const schema = schemas[schemaName];
    expect(schema).toBeDefined();
    expect(schema.type).toBe('string');
    const enumCodes = schema.enum as string[];
    expect(Array.isArray(enumCodes)).toBe(true);
    expect(terms.map((t) => t.code)).toEqual(enumCodes);
  });

  it.each(PAIRS)('vocabulary of %s has unique codes and non-empty Chinese labels', (_schemaName, terms) => {
    expect(terms.length).toBeGreaterThan(0);
    expect(new Set(terms.map((t) => t.code)).size).toBe(terms.length);
    for (const t of terms) {
      expect(t.code).toMatch(/^\S+$/);
      expectChineseLabel(t.label);
      if (t.description !== undefined) expect(t.description.trim()).not.toBe('');
    }
  });

  it('lists the query roles of a data item as in DataItem.queryRole', () => {
    const queryRole = (schemas.DataItem.properties as Record<string, Json>).queryRole;
    expect((queryRole.enum as unknown[]).filter((c) => c !== null)).toEqual(v.queryRoles.map((t) => t.code));
    for (const t of v.queryRoles) expectChineseLabel(t.label);
  });

  it('has the same Role codes in the TypeScript Role type as in the document', () => {
    // The Role type is a union; the list below only type-checks with its members.
    const typed: import('../../src/domain/actor').Role[] = ['producer', 'consumer', 'bureau', 'auditor'];
    expect([...typed].sort()).toEqual([...(schemas.Role.enum as string[])].sort());
  });
});

describe('catalog categories', () => {
  const pattern = new RegExp(schemas.CategoryCode.pattern as string);

  it('has unique category codes, each with a Chinese label', () => {
    expect(v.categories.length).toBeGreaterThan(0);
    expect(new Set(v.categories.map((c) => c.code)).size).toBe(v.categories.length);
    for (const c of v.categories) expectChineseLabel(c.label);
  });

  it.each(v.categories.map((c) => [c.code, c.label]))(
    'category %s (%s) matches the CategoryCode pattern and its first digit gives the classification',
    (code) => {
      expect(code).toMatch(pattern);
      const expected = { '1': 'base', '2': 'theme', '3': 'department' }[code[0]];
      expect(v.classificationOf(code)).toBe(expected);
      expect(v.classifications.map((c) => c.code)).toContain(v.classificationOf(code));
      expect(v.findCategory(code)?.code).toBe(code);
    },
  );

  it('has categories in every classification', () => {
    const used = new Set(v.categories.map((c) => v.classificationOf(c.code)));
    expect([...used].sort()).toEqual(['base', 'department', 'theme']);
  });

  it('gives each category its Chinese path from the classification down', () => {
    expect(v.categoryPath('101')).toEqual(['基础信息资源', '人口基础信息']);
    expect(v.categoryPath('208')).toEqual(['主题信息资源', '公共安全']);
    expect(v.categoryPath('301')).toEqual(['部门信息资源', '公安']);
    for (const c of v.categories) {
      const path = v.categoryPath(c.code);
      expect(path).toHaveLength(2);
      path.forEach(expectChineseLabel);
      expect(path[1]).toBe(c.label);
    }
  });

  it('finds no category for unknown codes and no classification for a first digit outside 1-3', () => {
    expect(v.findCategory('100')).toBeUndefined();
    expect(v.findCategory('999')).toBeUndefined();
    expect(() => v.classificationOf('401')).toThrow();
    expect('401').not.toMatch(pattern);
    expect('10').not.toMatch(pattern);
    expect('1011').not.toMatch(pattern);
  });

  it('labels a code with its vocabulary term, or the code itself when unknown', () => {
    expect(v.labelOf(v.sharingTypes, 'not_shared')).toBe('不予共享');
    expect(v.labelOf(v.sharingTypes, 'nope')).toBe('nope');
  });
});
