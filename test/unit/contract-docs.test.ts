import type Ajv2020 from 'ajv/dist/2020';
import type request from 'supertest';
import * as v from '../../src/domain/vocabularies';
import { Contract } from '../../src/http/contract';
import { undeclaredHeaders, undeclaredIfMatch } from '../support/declared-headers';

// What Swagger UI (/docs) shows a clerk (ADR 0042): every tag described and every operation
// summarised in Chinese with an English gloss, every enumeration with its Chinese labels (the same
// as src/domain/vocabularies.ts), and examples that the service itself accepts, so "Try it out"
// with the example is not answered 400.

type Json = Record<string, unknown>;
const contract = new Contract();
const doc = contract.document;
const paths = doc.paths as Record<string, Record<string, Json>>;
const schemas = (doc.components as Json).schemas as Record<string, Json>;
const operations = [...contract.operations.values()];
const raw = (op: { path: string; method: string }) => paths[op.path][op.method];

const HAN = /\p{Script=Han}/u;
/** Chinese first, then an English gloss in parentheses at the end: `运行指标 (Prometheus metrics …)`. */
const CHINESE_WITH_GLOSS = /^[^A-Za-z]*\p{Script=Han}.*\([^()]*[A-Za-z][^]*\)$/u;

describe('Swagger UI in Chinese', () => {
  it('summarises every operation in Chinese with an English gloss', () => {
    const bad = operations.filter((op) => !CHINESE_WITH_GLOSS.test(String(raw(op).summary ?? ''))).map((op) => op.operationId);
    expect(bad).toEqual([]);
    expect(operations.length).toBeGreaterThan(100);
  });

  it('declares every tag an operation uses, each described in Chinese with an English gloss', () => {
    const tags = (doc.tags as Array<{ name: string; description?: string }>) ?? [];
    const used = new Set(operations.flatMap((op) => (raw(op).tags as string[] | undefined) ?? []));
    expect(operations.filter((op) => ((raw(op).tags as string[] | undefined) ?? []).length === 0).map((op) => op.operationId)).toEqual([]);
    expect([...used].filter((t) => !tags.some((d) => d.name === t))).toEqual([]);
    expect(tags.filter((t) => !CHINESE_WITH_GLOSS.test(t.description ?? '')).map((t) => t.name)).toEqual([]);
  });
});

describe('enumerations with their labels', () => {
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
    ['SharingRequestStatus', v.sharingRequestStatuses],
    ['GrantStatus', v.grantStatuses],
    ['ProjectStage', v.projectStages],
  ];

  it.each(PAIRS)('%s shows the labels of the vocabulary, code by code', (name, terms) => {
    const schema = schemas[name];
    expect(schema.enum).toEqual(terms.map((t) => t.code));
    expect(schema['x-enum-descriptions']).toEqual(terms.map((t) => t.label));
    for (const t of terms) expect(schema.description).toContain(`\`${t.code}\` = ${t.label}`);
  });

  it('labels every named enumeration of the document, one label per code', () => {
    const named = Object.entries(schemas).filter(([, s]) => Array.isArray(s.enum));
    expect(named.length).toBeGreaterThanOrEqual(PAIRS.length);
    const bad = named
      .filter(([, s]) => {
        const labels = s['x-enum-descriptions'] as string[] | undefined;
        const codes = s.enum as unknown[];
        return (
          !labels ||
          labels.length !== codes.length ||
          !labels.every((l) => HAN.test(l)) ||
          !codes.every((c) => String(s.description).includes(`\`${String(c)}\``))
        );
      })
      .map(([name]) => name);
    expect(bad).toEqual([]);
  });

  it('labels the query roles of a data item as the vocabulary does', () => {
    const queryRole = (schemas.DataItem.properties as Record<string, Json>).queryRole;
    expect((queryRole['x-enum-descriptions'] as string[]).slice(0, v.queryRoles.length)).toEqual(v.queryRoles.map((t) => t.label));
  });
});

describe('examples the service accepts', () => {
  // The contract's own validator (the same formats: name, date-time as the service reads it).
  const ajv = (contract as unknown as { bodyAjv: Ajv2020 }).bodyAjv;
  const rebase = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(rebase)
      : node && typeof node === 'object'
        ? Object.fromEntries(
            Object.entries(node as Json).map(([k, x]) => [k, k === '$ref' && typeof x === 'string' ? `openapi.json${x}` : rebase(x)]),
          )
        : node;
  const check = (schema: unknown, value: unknown): string | null => {
    const validate = ajv.compile(rebase(schema) as Json);
    return validate(JSON.parse(JSON.stringify(value))) ? null : JSON.stringify(validate.errors);
  };

  it('gives the main request bodies a realistic example, valid against the body schema', () => {
    const problems: string[] = [];
    let examples = 0;
    for (const op of operations) {
      const media = (raw(op).requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
      const json = media?.['application/json'];
      if (!json || json.example === undefined) continue;
      examples += 1;
      const error = check(json.schema, json.example);
      if (error) problems.push(`${op.operationId}: ${error}`);
    }
    expect(problems).toEqual([]);
    expect(examples).toBeGreaterThanOrEqual(30);
    for (const id of ['createDepartment', 'createResource', 'createSharingRequest', 'updateResource', 'issueCertificate']) {
      expect(
        (raw(contract.operation(id)).requestBody as { content: Record<string, Json> }).content['application/json'].example,
      ).toBeDefined();
    }
  });

  it('gives the patterned schemas an example that matches them (no invented 333/818571)', () => {
    const problems: string[] = [];
    for (const name of ['CreditCode', 'ResourceCode', 'CategoryCode', 'ProjectCode', 'HolderId', 'Date', 'Timestamp', 'Id', 'Name']) {
      const schema = schemas[name];
      if (schema.example === undefined) problems.push(`${name}: no example`);
      else {
        const { example, ...rest } = schema;
        const error = check(rest, example);
        if (error) problems.push(`${name}: ${error}`);
      }
    }
    expect(problems).toEqual([]);
    expect(schemas.ResourceCode.example).toBe('101/000001');
  });

  it('gives parameters examples their own schema accepts', () => {
    const problems: string[] = [];
    for (const op of operations) {
      for (const p of op.parameters) {
        const example = (p.schema as Json | undefined)?.example;
        if (example !== undefined && check({ ...p.schema, example: undefined }, example)) problems.push(`${op.operationId} ${p.name}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('the header drift checks (test/support/declared-headers.ts)', () => {
  const answer = (status: number, headers: Record<string, string>) => ({ status, headers }) as unknown as request.Response;

  it('flag a header an answer carries that its response does not declare, and pass a declared one', () => {
    const pdf = contract.operation('getCertificatePdf');
    expect(undeclaredHeaders(contract, pdf, answer(200, { 'content-disposition': 'attachment', 'cache-control': 'no-store' }))).toEqual([]);
    const health = contract.operation('getHealth');
    expect(undeclaredHeaders(contract, health, answer(200, { 'content-disposition': 'attachment' }))).toEqual([
      'getHealth 200 answers content-disposition but does not declare it',
    ]);
    // A strong ETag is a version and must be declared; a weak one only validates the bytes.
    expect(undeclaredHeaders(contract, health, answer(200, { etag: '"v3"' }))).toHaveLength(1);
    expect(undeclaredHeaders(contract, health, answer(200, { etag: 'W/"1a-abc"' }))).toEqual([]);
    expect(undeclaredHeaders(contract, contract.operation('getResource'), answer(200, { etag: '"v3"' }))).toEqual([]);
  });

  it('flag a 428 from an operation that does not declare If-Match', () => {
    expect(undeclaredIfMatch(contract.operation('updateResource'), answer(428, {}))).toEqual([]);
    expect(undeclaredIfMatch(contract.operation('submitResource'), answer(428, {}))).toEqual([
      'submitResource answers 428 without declaring the If-Match parameter, response 412, response 428',
    ]);
    expect(undeclaredIfMatch(contract.operation('submitResource'), answer(200, {}))).toEqual([]);
  });
});
