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

describe('labels', () => {
  it('labels a code with its vocabulary term, or the code itself when unknown', () => {
    expect(v.labelOf(v.sharingTypes, 'not_shared')).toBe('不予共享');
    expect(v.labelOf(v.sharingTypes, 'nope')).toBe('nope');
  });

  it('gives a category code its classification by its first digit, and none outside 1-3', () => {
    expect(v.classificationOf('101')).toBe('base');
    expect(v.classificationOf('208001')).toBe('theme');
    expect(v.classificationOf('301001001')).toBe('department');
    expect(() => v.classificationOf('401')).toThrow();
  });
});
