import { Contract, Operation } from '../../src/http/contract';

// The concurrency and retry headers the service honours are part of the contract, so a client
// generated from it knows them: If-Match on every update (PATCH, PUT) and deletion with its 412 and 428,
// Idempotency-Key on every creating POST the service makes idempotent (src/app.ts: a secured POST
// answering 201), and ETag on every answer that is one versioned object.

type Json = Record<string, unknown>;
const contract = new Contract();
const operations = [...contract.operations.values()];

/** The objects with a row version (src/db/versions.ts) — the schemas an ETag is the version of. */
const VERSIONED = ['Department', 'User', 'Project', 'Resource', 'SharingRequest', 'CalendarYear', 'Category'];

const headerParameters = (op: Operation) => op.parameters.filter((p) => p.in === 'header').map((p) => p.name.toLowerCase());

/** The versioned schema a 200 or 201 JSON answer is, or null. */
function versionedAnswer(op: Operation, status: string): string | null {
  const declared = op.responses[status];
  if (!declared) return null;
  const schema = (contract.deref(declared).content as Record<string, { schema: Json }> | undefined)?.['application/json']?.schema;
  const name = typeof schema?.$ref === 'string' ? schema.$ref.replace('#/components/schemas/', '') : null;
  return name && VERSIONED.includes(name) ? name : null;
}

// Changes that have no version to lose: an attachment never changes once stored, so removing it
// cannot overwrite anyone's edit; a department's webhook is set or removed whole (a URL and a
// secret, each change audited), the last setting being the one meant.
// Signing out ends a session and changing one's password replaces it whole (ADR 0043): neither is a
// versioned object a concurrent edit could be lost from.
const WITHOUT_VERSION = ['deleteAttachment', 'putDepartmentWebhook', 'deleteDepartmentWebhook', 'deleteCurrentSession', 'changeMyPassword'];
const updates = operations.filter(
  (op) => (op.method === 'patch' || op.method === 'put' || op.method === 'delete') && !WITHOUT_VERSION.includes(op.operationId),
);
const creating = operations.filter((op) => op.method === 'post' && op.responses['201'] && op.secured);
const answersWithVersion = operations.flatMap((op) =>
  ['200', '201'].filter((status) => versionedAnswer(op, status)).map((status) => ({ op, status })),
);

describe('the contract declares', () => {
  it('If-Match, 412 and 428 on every update', () => {
    const missing = updates.flatMap((op) => [
      ...(headerParameters(op).includes('if-match') ? [] : [`${op.operationId}: If-Match`]),
      ...['412', '428'].filter((s) => !op.responses[s]).map((s) => `${op.operationId}: ${s}`),
    ]);
    expect(missing).toEqual([]);
  });

  it('If-Match as optional in the schema (the service answers 428 itself, with a problem that says why)', () => {
    const ifMatch = updates.flatMap((op) => op.parameters.filter((p) => p.name === 'If-Match'));
    expect(ifMatch.length).toBe(updates.length);
    expect(ifMatch.every((p) => p.required !== true)).toBe(true);
  });

  it('Idempotency-Key on every creating POST, with the key the service accepts', () => {
    expect(creating.filter((op) => !headerParameters(op).includes('idempotency-key')).map((op) => op.operationId)).toEqual([]);
    const key = creating[0].parameters.find((p) => p.name === 'Idempotency-Key')!;
    const pattern = new RegExp(key.schema.pattern as string, 'u');
    expect(['a', 'order-2026-03-02/1', '~'.repeat(200)].every((k) => pattern.test(k))).toBe(true);
    expect(['', ' ', 'a b', '键', 'x'.repeat(201), 'a\tb'].some((k) => pattern.test(k))).toBe(false);
  });

  it('the ETag header on every 200 or 201 answer that is one versioned object', () => {
    const missing = answersWithVersion
      .filter(({ op, status }) => !(contract.deref(op.responses[status]).headers as Json | undefined)?.ETag)
      .map(({ op, status }) => `${op.operationId} ${status}`);
    expect(missing).toEqual([]);
  });

  it('…and finds what it checks (the rules above are not vacuous)', () => {
    expect(updates.map((op) => op.operationId).sort()).toEqual(
      [
        'deleteCategory',
        'deleteResource',
        'putCalendarYear',
        'setGrantTerms',
        'updateCategory',
        'updateDepartment',
        'updateProject',
        'updateResource',
        'updateSharingRequest',
        'updateUser',
      ].sort(),
    );
    expect(creating.map((op) => op.operationId)).toEqual(
      expect.arrayContaining(['createDepartment', 'createUser', 'createToken', 'createProject', 'createResource', 'createSharingRequest']),
    );
    const versionedOps = new Set(answersWithVersion.map(({ op }) => op.operationId));
    for (const id of [
      'getResource',
      'submitResource',
      'publishResource',
      'approveSharingRequest',
      'startTrialRun',
      'acceptProject',
      'getCalendarYear',
      'createUser',
    ]) {
      expect(versionedOps).toContain(id);
    }
  });
});
