import { Contract } from '../../src/http/contract';

// Rules about the OpenAPI document itself that keep request validation cheap and safe.

type Json = Record<string, unknown>;
const contract = new Contract();

/** Every subschema in the document, with where it is. */
function* walk(node: unknown, at: string): Generator<[string, Json]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* walk(node[i], `${at}/${i}`);
  } else if (node && typeof node === 'object') {
    yield [at, node as Json];
    for (const [k, v] of Object.entries(node)) yield* walk(v, `${at}/${k}`);
  }
}

describe('the OpenAPI document', () => {
  it('gives every uniqueItems array a maxItems and scalar items of a declared type', () => {
    // ajv checks uniqueItems by comparing every pair unless the items' type is declared scalar on
    // the items schema itself (a bare $ref does not count); with allErrors it does so even past
    // maxItems, so a 30,000-element array took seconds. A declared type makes it a hash lookup.
    const slow: string[] = [];
    for (const [at, schema] of walk(contract.document, '#')) {
      if (schema.uniqueItems !== true) continue;
      const items = schema.items as Json | undefined;
      const types = items ? ([] as unknown[]).concat(items.type ?? []) : [];
      const scalar = types.length > 0 && types.every((t) => ['string', 'number', 'integer', 'boolean', 'null'].includes(String(t)));
      if (!scalar || typeof schema.maxItems !== 'number') slow.push(at);
    }
    expect(slow).toEqual([]);
  });

  it('finds every uniqueItems array (the rule above is not vacuous)', () => {
    const found = [...walk(contract.document, '#')].filter(([, s]) => s.uniqueItems === true).length;
    expect(found).toBeGreaterThanOrEqual(4);
  });
});
