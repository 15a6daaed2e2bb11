import { Contract } from '../../src/http/contract';

// A canary over the whole contract: every integer or number a client sends — in a body or a
// parameter, however deep — has a minimum and a maximum both databases hold exactly. Without one,
// JSON's 1e309 (Infinity) or 9223372036854775808 reached the database: SQLite kept Infinity and read
// it back as null, PostgreSQL refused it with a 500. A new numeric field that forgets its bounds
// fails here.

type Json = Record<string, unknown>;
const contract = new Contract();

/** Both databases store integers up to 2^53 − 1 exactly, and so does a JavaScript number. */
const LARGEST = Number.MAX_SAFE_INTEGER;

/** The subschemas a value of this schema may be checked against (not the schema's own keywords). */
const CHILD_SCHEMAS = [
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contains',
  'not',
  'if',
  'then',
  'else',
  'propertyNames',
];
const CHILD_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const CHILD_MAPS = ['properties', 'patternProperties', 'dependentSchemas', '$defs'];

/** Every numeric schema reachable from `root`, following $refs into `document` once each. */
export function numericSchemas(document: Json, root: Json, at: string, seen = new Set<string>()): Array<{ at: string; schema: Json }> {
  const found: Array<{ at: string; schema: Json }> = [];
  const visit = (node: unknown, where: string) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const schema = node as Json;
    if (typeof schema.$ref === 'string') {
      const ref = schema.$ref;
      if (!seen.has(ref)) {
        seen.add(ref);
        let target: unknown = document;
        for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Json)[part];
        visit(target, ref);
      }
    }
    const types = ([] as unknown[]).concat(schema.type ?? []);
    if (types.includes('integer') || types.includes('number')) found.push({ at: where, schema });
    for (const k of CHILD_SCHEMAS) visit(schema[k], `${where}/${k}`);
    for (const k of CHILD_LISTS) ((schema[k] as unknown[] | undefined) ?? []).forEach((s, i) => visit(s, `${where}/${k}/${i}`));
    for (const k of CHILD_MAPS)
      for (const [name, s] of Object.entries((schema[k] as Json | undefined) ?? {})) visit(s, `${where}/${k}/${name}`);
  };
  visit(root, at);
  return found;
}

/** Why a numeric schema is not bounded well, or null. */
function unbounded(schema: Json): string | null {
  const max = schema.maximum ?? schema.exclusiveMaximum;
  const min = schema.minimum ?? schema.exclusiveMinimum;
  if (typeof max !== 'number') return 'no maximum';
  if (typeof min !== 'number') return 'no minimum';
  if (max > LARGEST || min < -LARGEST) return `bounds beyond ±${LARGEST}`;
  return null;
}

/** Every numeric schema a request can reach, by operation and place. */
function requestNumerics(c: Contract): Array<{ at: string; schema: Json }> {
  const out: Array<{ at: string; schema: Json }> = [];
  const seen = new Set<string>();
  for (const op of c.operations.values()) {
    for (const p of op.parameters) out.push(...numericSchemas(c.document, p.schema, `${op.operationId} ${p.in} ${p.name}`, seen));
    for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
      out.push(...numericSchemas(c.document, media.schema, `${op.operationId} body ${type}`, seen));
  }
  return out;
}

describe('numbers a request may carry', () => {
  it('all have a minimum and a maximum within ±(2^53 − 1)', () => {
    const problems = requestNumerics(contract)
      .map(({ at, schema }) => ({ at, problem: unbounded(schema) }))
      .filter((p) => p.problem !== null);
    expect(problems).toEqual([]);
  });

  it('are found (the walk reaches limits, years, item lengths, volumes, budgets and coordinates)', () => {
    const places = requestNumerics(contract)
      .map((n) => n.at)
      .join('\n');
    for (const expected of ['query limit', 'path year', 'DataItem', 'TotalDataVolume', 'Money', 'CameraPoint', 'expiresInDays']) {
      expect(places).toContain(expected);
    }
  });

  it('catches a number without a maximum, however deep (the canary can fail)', () => {
    const document: Json = {
      components: { schemas: { Deep: { type: 'object', properties: { n: { type: ['integer', 'null'], minimum: 0 } } } } },
    };
    const body = { type: 'object', properties: { list: { type: 'array', items: { allOf: [{ $ref: '#/components/schemas/Deep' }] } } } };
    const found = numericSchemas(document, body, 'body');
    expect(found.map((f) => [f.at, unbounded(f.schema)])).toEqual([['#/components/schemas/Deep/properties/n', 'no maximum']]);
    expect(unbounded({ type: 'number', minimum: 0, maximum: 1e300 })).toMatch(/beyond/);
    expect(unbounded({ type: 'number', maximum: 1 })).toBe('no minimum');
  });
});
