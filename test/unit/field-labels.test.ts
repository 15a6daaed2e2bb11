import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FIELD_LABELS, fieldLabel } from '../../src/http/field-labels';

// Every name a client sends — a request body's properties at any depth and the path, query and header
// parameters — has a Chinese label for the validation messages (src/http/field-labels.ts), and every
// label still names something the contract has. The contract is read here on its own, from the YAML.

type Json = Record<string, unknown>;

const document = parse(readFileSync(join(__dirname, '../../openapi/openapi.yaml'), 'utf8')) as Json;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PARAMETER_PLACES = ['path', 'query', 'header'];
const COMBINATORS = ['allOf', 'oneOf', 'anyOf'];
const HAN = /\p{Script=Han}/u;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The object a local `$ref` (#/components/…) points at, following chains of references. */
function resolve(value: unknown): Json | undefined {
  let current = value;
  const followed = new Set<string>();
  while (isObject(current) && typeof current.$ref === 'string') {
    const ref = current.$ref;
    if (!ref.startsWith('#/') || followed.has(ref)) throw new Error(`cannot follow $ref ${ref}`);
    followed.add(ref);
    current = ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (isObject(node) ? node[part] : undefined), document);
    if (current === undefined) throw new Error(`$ref ${ref} points at nothing`);
  }
  return isObject(current) ? current : undefined;
}

/** Adds the property names of a schema and of every schema inside it; `seen` stops at a schema met before (recursion). */
function collectSchema(value: unknown, names: Set<string>, seen: Set<Json>): void {
  const schema = resolve(value);
  if (!schema || seen.has(schema)) return;
  seen.add(schema);
  if (isObject(schema.properties)) {
    for (const [name, property] of Object.entries(schema.properties)) {
      names.add(name);
      collectSchema(property, names, seen);
    }
  }
  for (const combinator of COMBINATORS) for (const part of asList(schema[combinator])) collectSchema(part, names, seen);
  if (Array.isArray(schema.items)) for (const item of schema.items) collectSchema(item, names, seen);
  else collectSchema(schema.items, names, seen);
  if (isObject(schema.additionalProperties)) collectSchema(schema.additionalProperties, names, seen);
}

/** The names the contract lets a client send, each with the first operation it was found in. */
function contractNames(): Map<string, string> {
  const found = new Map<string, string>();
  const paths = document.paths;
  if (!isObject(paths)) throw new Error('the contract has no paths');
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = resolve(rawItem);
    if (!item) continue;
    for (const method of HTTP_METHODS) {
      const operation = resolve(item[method]);
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      const add = (name: string) => {
        if (!found.has(name)) found.set(name, where);
      };
      for (const raw of [...asList(item.parameters), ...asList(operation.parameters)]) {
        const parameter = resolve(raw);
        if (parameter && typeof parameter.name === 'string' && PARAMETER_PLACES.includes(String(parameter.in))) add(parameter.name);
      }
      const body = resolve(operation.requestBody);
      if (body && isObject(body.content)) {
        for (const media of Object.values(body.content)) {
          if (!isObject(media)) continue;
          const names = new Set<string>();
          collectSchema(media.schema, names, new Set());
          names.forEach(add);
        }
      }
    }
  }
  return found;
}

const names = contractNames();

describe('field labels', () => {
  it('reads the contract: body properties at every depth and path, query and header parameters', () => {
    // Guards the walk itself: one name of each kind, so a walk that finds nothing cannot pass the tests below.
    for (const name of ['departmentId', 'limit', 'If-Match', 'Idempotency-Key', 'sharingType', 'cameraPoints', 'latitude', 'first']) {
      expect(names.has(name)).toBe(true);
    }
  });

  it('labels every request field and parameter of the contract in Chinese', () => {
    const missing = [...names]
      .filter(([name]) => {
        const label = fieldLabel(name);
        return label === undefined || label.trim() === '' || !HAN.test(label);
      })
      .map(([name, where]) => `${name} (${where})`);
    expect(missing).toEqual([]);
  });

  it('has no label for a name the contract no longer uses', () => {
    const stale = Object.keys(FIELD_LABELS).filter((name) => !names.has(name));
    expect(stale).toEqual([]);
  });

  it('keeps the map sorted by name', () => {
    const keys = Object.keys(FIELD_LABELS);
    expect(keys).toEqual([...keys].sort());
  });

  it('looks a name up exactly, header names in any case, and nothing of Object.prototype', () => {
    expect(fieldLabel('sharingType')).toBe('共享类型');
    expect(fieldLabel('if-match')).toBe('If-Match 版本号');
    expect(fieldLabel('SharingType')).toBeUndefined();
    expect(fieldLabel('constructor')).toBeUndefined();
    expect(fieldLabel('toString')).toBeUndefined();
    expect(fieldLabel('noSuchField')).toBeUndefined();
  });
});
