import fs from 'node:fs';
import http from 'node:http';
import request from 'supertest';
import fc from 'fast-check';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { Contract, Operation } from '../../src/http/contract';
import { DIALECT } from './db';
import {
  caseArbitrary,
  caseSize,
  describeCase,
  FuzzActor,
  FuzzCase,
  FuzzPools,
  FuzzResponse,
  materialize,
  prototypePollution,
  reductions,
  responseProblems,
  SchemaFuzzer,
  seedFor,
  sendCase,
} from './fuzz';
import { completeEntry, createWorld, World } from './world';
import { deliverSample } from './exchange';

// Property-based fuzzing of every operation in the contract, on each database. For each operation,
// FUZZ_RUNS cases (seed FUZZ_SEED) are generated from its schemas with fast-check, valid and
// mutated, and sent through HTTP as the bureau, a producer (police) or a consumer (edu). Every
// response must be below 500, documented for the operation (status, content type, body schema),
// leak no internals, and a 4xx must write nothing (but the audited failure of a sign-in): the
// audit_events count, which every write in this service commits with, is unchanged. `npm run fuzz`
// runs a longer campaign (scripts/fuzz.sh).
//
// The contract is fuzzed in two parts (test/api/fuzz-reads.test.ts, fuzz-writes.test.ts) so jest
// runs them side by side. CI runs 1,000 cases per operation on SQLite and 300 on PostgreSQL (ADR 0015).
export type FuzzPart = 'reads' | 'writes';

/** The campaign over one part of the contract: its reads (GET, with the regressions) or its writes. */
export function fuzzCampaign(part: FuzzPart): void {
  // PostgreSQL runs fewer: the code fuzzed is the same on both, and what differs by dialect showed
  // within 250 cases per operation (ADR 0015, amended 2026-12-05 when 100 operations outgrew CI's time).
  const DEFAULT_RUNS = DIALECT === 'postgres' ? 200 : 600;
  const RUNS = Number(process.env.FUZZ_RUNS || DEFAULT_RUNS);
  // Operations that print a document (PDF, .xlsx) take a tenth of the cases: their input is an id
  // and a few parameters, which a hundred cases cover, while each valid case costs 30–120 ms of
  // font subsetting or workbook writing — at full count the two 附件2 PDFs alone held CI for
  // 3½ minutes (ADR 0015, amended 2026-12-05).
  const DOCUMENT_TYPES = ['application/pdf', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'];
  const printsDocument = (op: Operation) =>
    Object.values(op.responses).some((r) =>
      Object.keys((contract.deref(r).content as Record<string, unknown> | undefined) ?? {}).some((t) => DOCUMENT_TYPES.includes(t)),
    );
  // …and so do the operations that hash a password (scrypt, 70 ms by design, ADR 0043).
  const HASHES_PASSWORD = ['createSession', 'changeMyPassword', 'setUserPassword'];
  const runsOf = (op: Operation) => (printsDocument(op) || HASHES_PASSWORD.includes(op.operationId) ? Math.ceil(RUNS / 10) : RUNS);
  // Refusals that write an audit event on purpose: a failed or locked sign-in is recorded (ADR 0043).
  const AUDITED_REFUSALS: Record<string, string[]> = { createSession: ['sign_in_failed', 'account_locked'] };
  const SEED = Number(process.env.FUZZ_SEED || 20260302);
  /** A response slower than this is a finding: one request must not hold the event loop for seconds. */
  const SLOW_MS = Number(process.env.FUZZ_SLOW_MS || 2000);
  fc.configureGlobal({ seed: SEED });

  const contract = new Contract();
  // This part's operations in the contract's order (each write on fixtures made for it).
  const operations = [...contract.operations.values()].filter((op) => (op.method === 'get') === (part === 'reads'));

  let w: World;
  let server: http.Server;
  let pools: FuzzPools;
  let tokens: Record<FuzzActor, string>;
  const started = Date.now();
  const ran: Record<string, { cases: number; ms: number; totalMs: number; statuses: Record<number, number> }> = {};
  const found: Array<{ operationId: string; kind: string; count: number; minimal: string; response: string; labels: string[] }> = [];

  const shanghai = (local: string) => new Date(`${local}+08:00`);
  // The chain head's sequence moves with every audit event, and reading it costs one row, not a count.
  const auditCount = async () => Number((await w.db('audit_chain_head').where({ id: 1 }).first('last_seq')).last_seq);

  async function ok<T = Record<string, unknown>>(
    res: Promise<{ status: number; body: unknown }> | { status: number; body: unknown },
    status = 200,
  ): Promise<T> {
    const r = await res;
    if (r.status !== status) throw new Error(`fixture step answered ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as T;
  }

  type Obj = { id: string; [k: string]: unknown };
  const as = (actor: 'bureau' | 'police' | 'civil' | 'edu') => w.as(actor);
  const project = (code: string) =>
    ok<Obj>(
      as('police')
        .post('/api/v1/projects')
        .send({ code, name: `模糊项目${code}`, content: '建设内容', approvedBudgetYuan: 1000000 }),
      201,
    );
  const step = (id: string, path: string, actor: 'police' | 'bureau', body?: object) => {
    const req = as(actor).post(`/api/v1/projects/${id}/${path}`);
    return ok<Obj>(body ? req.send(body) : req);
  };
  async function toTrial(id: string) {
    await step(id, 'start-construction', 'police');
    await step(id, 'complete', 'police');
    await step(id, 'preliminary-acceptance', 'bureau');
    await step(id, 'start-trial-run', 'police');
  }
  async function publish(body: Record<string, unknown>, actor: 'police' | 'civil' = 'police') {
    const d = await ok<Obj>(as(actor).post('/api/v1/resources').send(completeEntry(body)), 201);
    await ok(as(actor).post(`/api/v1/resources/${d.id}/submit`));
    return ok<Obj>(as('bureau').post(`/api/v1/resources/${d.id}/publish`));
  }
  const connect = (resourceId: string, mode: string) =>
    ok<Obj>(
      as('police')
        .post(`/api/v1/resources/${resourceId}/connections`)
        .send({ mode, reference: `${mode}-ref`, evidence: '交付回执', occurredAt: w.clock.now().toISOString() }),
      201,
    );

  /** Built once (the clock moves): a department, an accepted project with its registration filed. */
  async function buildOnce() {
    w.clock.set(shanghai('2026-03-02T09:00:00'));
    const dept = await ok<Obj>(
      as('bureau')
        .post('/api/v1/departments')
        .send({ name: '测试市模糊测试局', creditCode: withCreditCodeCheckChar('11350100MB0000009'), level: 'county' }),
      201,
    );
    const accepted = await project('FUZZ-R');
    await toTrial(accepted.id);
    const projectEntry = await publish({ name: '模糊项目目录', projectId: accepted.id });
    // Batch exchange and the query API (answered from delivered data): one delivery is the evidence.
    await deliverSample({ as }, projectEntry.id as string);
    // A mode the bureau confirms by hand, for the connection operations.
    const otherEntry = await publish({ name: '模糊前置机目录', provisionModes: [{ mode: 'other', description: '前置机交换' }] });
    await step(accepted.id, 'sharing-declaration', 'police', { statement: '截至试运行，无部门提出共享申请' });
    await ok(as('bureau').post(`/api/v1/projects/${accepted.id}/onboarding/verification`), 201);
    w.clock.set(shanghai('2026-06-02T09:00:00'));
    await deliverSample({ as }, projectEntry.id as string);
    const confirmed = await connect(otherEntry.id, 'other');
    await ok(as('bureau').post(`/api/v1/connections/${confirmed.id}/confirm`));
    await step(accepted.id, 'acceptance', 'bureau');
    await ok(
      as('police').post(`/api/v1/projects/${accepted.id}/registration`).send({
        outcomes: '人口信息查询接口',
        acceptanceMaterials: '竣工验收报告',
        scopeAndDesensitization: '身份证号保留前6后4位',
        handler: '李明',
      }),
      201,
    );
    await publish({ name: '婚姻登记信息', categoryCode: '102' }, 'civil');
    // An entry offering certificates, one certificate of it, and the consumer's certificate grant on it (docs/certificates.md).
    const certificateEntry = await publish({
      name: '模糊证照目录',
      categoryCode: '302',
      sharingType: 'unconditional',
      sharingConditions: null,
      provisionModes: [{ mode: 'certificate', certificateName: '模糊证照' }],
    });
    const certificate = await ok<Obj>(
      as('police')
        .post(`/api/v1/resources/${certificateEntry.id}/certificates`)
        .send({
          holderName: '张三',
          holderIdType: 'resident_id',
          holderId: '11010519491231002X',
          number: 'FUZZ-CERT-1',
          items: { 姓名: '张三', 性别: '1' },
          validFrom: '2026-06-02',
        }),
      201,
    );
    const certificateGrant = await ok<Obj>(
      as('edu')
        .post('/api/v1/sharing-requests')
        .send({
          resourceId: certificateEntry.id,
          provisionMode: 'certificate',
          items: ['姓名', '性别'],
          purpose: '核验证照',
          basis: '依据',
          scopeOfUse: '范围',
          periodStart: '2026-06-02',
          periodEnd: '2026-12-31',
          submit: true,
        }),
      201,
    );
    return {
      dept,
      accepted,
      projectEntry,
      otherEntry,
      confirmed,
      certificateId: certificate.id,
      certificateGrantId: certificateGrant.grantId as string,
    };
  }
  let once: Awaited<ReturnType<typeof buildOnce>>;

  /**
   * The objects the path parameters aim at, each kind in a few states, made anew before each
   * operation that writes to them, so one operation's accepted requests (a withdrawn entry, a
   * deactivated user, a revoked grant) do not leave the next with nothing to act on.
   */
  type Kind = 'users' | 'projects' | 'entries' | 'sharing' | 'connections';
  const KINDS_OF: Record<string, Kind[]> = {
    userId: ['users'],
    tokenId: ['users'],
    projectId: ['projects'],
    resourceId: ['entries'],
    connectionId: ['entries', 'connections'],
    requestId: ['entries', 'sharing'],
    grantId: ['entries', 'sharing'],
  };
  let made: Record<string, string[]> = {};

  async function buildFresh(n: number, kinds: Set<Kind>): Promise<FuzzPools> {
    const m = made;
    if (kinds.has('users')) {
      const user = await ok<Obj>(
        as('bureau')
          .post('/api/v1/users')
          .send({ name: `模糊测试用户${n}`, departmentId: once.dept.id, roles: ['consumer'] }),
        201,
      );
      const token = await ok<Obj>(as('bureau').post(`/api/v1/users/${user.id}/tokens`).send({ name: 'fuzz' }), 201);
      Object.assign(m, { userId: [user.id], tokenId: [token.id] });
    }
    if (kinds.has('projects')) {
      // One project in each stage a step starts from.
      const approved = await project(`FUZZ-A${n}`);
      const building = await project(`FUZZ-B${n}`);
      await step(building.id, 'start-construction', 'police');
      const completed = await project(`FUZZ-C${n}`);
      for (const path of ['start-construction', 'complete']) await step(completed.id, path, 'police');
      const preliminary = await project(`FUZZ-P${n}`);
      for (const path of ['start-construction', 'complete']) await step(preliminary.id, path, 'police');
      await step(preliminary.id, 'preliminary-acceptance', 'bureau');
      const trial = await project(`FUZZ-T${n}`);
      await toTrial(trial.id);
      const rectifying = await project(`FUZZ-F${n}`);
      for (const path of ['start-construction', 'complete']) await step(rectifying.id, path, 'police');
      await step(rectifying.id, 'acceptance-failure', 'bureau', { findings: '文档不全' });
      m.projectId = [approved.id, building.id, completed.id, preliminary.id, trial.id, rectifying.id, once.accepted.id];
    }
    let entries = { conditional: m.resourceId?.[0], unconditional: m.resourceId?.[2] };
    if (kinds.has('entries')) {
      // Published conditional and unconditional entries, a draft and a submitted one.
      const conditional = await publish({ name: `户籍人口基本信息${n}` });
      const unconditional = await publish({
        name: `道路基础信息${n}`,
        categoryCode: '309',
        sharingType: 'unconditional',
        sharingConditions: null,
      });
      const draft = await ok<Obj>(
        as('police')
          .post('/api/v1/resources')
          .send(completeEntry({ name: `模糊草稿${n}` })),
        201,
      );
      const submitted = await ok<Obj>(
        as('police')
          .post('/api/v1/resources')
          .send(completeEntry({ name: `模糊待审${n}` })),
        201,
      );
      await ok(as('police').post(`/api/v1/resources/${submitted.id}/submit`));
      m.resourceId = [conditional.id, draft.id, unconditional.id, submitted.id, once.projectEntry.id];
      entries = { conditional: conditional.id, unconditional: unconditional.id };
    }
    if (kinds.has('connections')) m.connectionId = [(await connect(once.otherEntry.id, 'other')).id, once.confirmed.id];
    if (kinds.has('sharing')) {
      // Sharing requests by the consumer in each state, and a grant.
      const requestBody = (resourceId: string, overrides: Record<string, unknown> = {}) => ({
        resourceId,
        provisionMode: 'query_api',
        items: ['公民身份号码', '姓名'],
        purpose: '学籍注册时核验学生身份',
        basis: '《中华人民共和国教育法》',
        scopeOfUse: '市教育局学籍管理',
        periodStart: '2026-06-02',
        periodEnd: '2026-12-31',
        ...overrides,
      });
      const file = (overrides: Record<string, unknown> = {}, resourceId = entries.conditional) =>
        ok<Obj>(as('edu').post('/api/v1/sharing-requests').send(requestBody(resourceId, overrides)), 201);
      const submit = (id: string) => ok<Obj>(as('edu').post(`/api/v1/sharing-requests/${id}/submit`));
      const draftRequest = await file();
      const pending = await file({ purpose: '待答复' });
      await submit(pending.id);
      const rejected = await file({ purpose: '被拒绝' });
      await submit(rejected.id);
      await ok(as('police').post(`/api/v1/sharing-requests/${rejected.id}/reject`).send({ reason: '不符合共享条件' }));
      const escalated = await file({ purpose: '已申诉' });
      await submit(escalated.id);
      await ok(as('police').post(`/api/v1/sharing-requests/${escalated.id}/reject`).send({ reason: '不符合共享条件' }));
      await ok(as('edu').post(`/api/v1/sharing-requests/${escalated.id}/escalate`).send({ reason: '依法履职需要' }));
      const granted = await submit((await file({ provisionMode: 'batch_exchange', items: ['姓名', '性别'] }, entries.unconditional)).id);
      Object.assign(m, {
        requestId: [draftRequest.id, pending.id, rejected.id, escalated.id, granted.id],
        grantId: [granted.grantId as string, once.certificateGrantId],
      });
    }
    made = m;
    const departments = [once.dept.id, ...Object.values(w.departmentId)];
    const users = [...(m.userId ?? []), ...Object.values(w.userId)];
    return {
      // updateUser / updateDepartment aim at objects of their own: an actor made inactive would end the run.
      path: { ...m, departmentId: [once.dept.id, w.departmentId.civil], year: ['2026'], certificateId: [once.certificateId] },
      ids: {
        departmentId: departments,
        ownerDepartmentId: departments,
        userId: users,
        projectId: m.projectId,
        resourceId: m.resourceId,
        objectId: [...m.resourceId, ...m.projectId, ...m.requestId, ...departments],
        requestId: m.requestId,
        grantId: m.grantId,
      },
      strings: {
        items: ['公民身份号码', '姓名', '性别', '出生日期', '民族'],
        name: ['公民身份号码', '姓名', '出生日期', '户籍人口基本信息'],
        provisionMode: ['query_api', 'batch_exchange'],
        objectType: ['resource', 'project', 'sharing_request', 'grant', 'department', 'user', 'token'],
        action: ['resource.created', 'resource.published', 'sharing_request.submitted', 'grant.created'],
      },
      cursors: pools?.cursors ?? [],
    };
  }

  /** The kinds of fixture an operation acts on: its path parameters, and the entry a body names. */
  function kindsFor(op: Operation): Set<Kind> {
    const names = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
    const body = op.requestBody?.content['application/json']?.schema;
    if (body && JSON.stringify(contract.deref(body)).includes('resourceId')) names.push('resourceId');
    return new Set(names.flatMap((name) => KINDS_OF[name] ?? []));
  }

  /** Real cursors of every list operation (and each sort), to replay and to tamper with. */
  async function realCursors(): Promise<FuzzPools['cursors']> {
    const cursors: FuzzPools['cursors'] = [];
    for (const op of contract.operations.values()) {
      if (op.method !== 'get' || op.path.includes('{') || !op.parameters.some((p) => p.name === 'cursor')) continue;
      const sort = op.parameters.find((p) => p.name === 'sort');
      const sorts = (contract.deref(sort?.schema ?? {}).enum as string[] | undefined) ?? [''];
      for (const s of sorts) {
        const res = await as('bureau').get(
          `${op.path}?limit=1${s ? `&sort=${encodeURIComponent(s)}` : ''}${op.path === '/api/v1/resources' ? '&status=draft&status=published' : ''}`,
        );
        const next = res.body?.nextCursor;
        if (typeof next === 'string')
          cursors.push({ operationId: op.operationId, ...JSON.parse(Buffer.from(next, 'base64url').toString('utf8')) });
      }
    }
    return cursors;
  }

  let fresh = 0;
  beforeAll(async () => {
    w = await createWorld();
    once = await buildOnce();
    pools = await buildFresh(fresh++, new Set(['users', 'projects', 'entries', 'connections', 'sharing']));
    pools.cursors = await realCursors();
    tokens = { bureau: w.token.bureau, police: w.token.police, edu: w.token.edu };
    server = http.createServer(w.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  }, 120_000);

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
    await w?.destroy();
    const cases = Object.values(ran).reduce((n, r) => n + r.cases, 0);
    const slowest = Object.entries(ran)
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, 6)
      .map(([id, r]) => `${id} ${(r.ms / 1000).toFixed(1)}s`);
    const fuzzMs = Object.values(ran).reduce((n, r) => n + r.ms, 0);
    const reduceMs = Object.values(ran).reduce((n, r) => n + r.totalMs - r.ms, 0);
    const lines = [
      `fuzz ${part} (${DIALECT}, seed ${SEED}, ${RUNS} per operation): ${Object.keys(ran).length} of ${contract.operations.size} operations, ${cases} cases, ${((Date.now() - started) / 1000).toFixed(0)} s in all (cases ${(fuzzMs / 1000).toFixed(0)} s, reducing failures ${(reduceMs / 1000).toFixed(0)} s); slowest: ${slowest.join(', ')}`,
      `answers by status: ${Object.entries(
        Object.values(ran).reduce<Record<string, number>>((all, r) => {
          for (const [k, n] of Object.entries(r.statuses)) all[k] = (all[k] ?? 0) + n;
          return all;
        }, {}),
      )
        .map(([k, n]) => `${k}×${n}`)
        .join(' ')}`,
      `operations never answering 2xx: ${
        Object.entries(ran)
          .filter(([, r]) => !Object.keys(r.statuses).some((k) => k.startsWith('2') || k.startsWith('3')))
          .map(([id]) => id)
          .join(', ') || 'none'
      }`,
      `${found.length} distinct failure(s)${found.length ? ':' : ''}`,
      ...found.map(
        (f) =>
          `  - ${f.operationId}: ${f.kind} (${f.count}×)\n      minimal: ${f.minimal}\n      answer:  ${f.response}\n      found by: ${f.labels.join('; ') || 'a valid case'}`,
      ),
    ];
    console.log(lines.join('\n'));
  });

  function showResponse(res: FuzzResponse): string {
    const body = res.body && typeof res.body === 'object' ? JSON.stringify(res.body) : res.raw.toString('utf8');
    return `${res.status} ${res.contentType} ${body.length > 300 ? `${body.slice(0, 300)}…` : body}`;
  }

  interface Checked {
    res: FuzzResponse;
    problems: Array<[string, string]>;
  }

  /** Sends one case and lists what is wrong, the audit count compared around it. */
  async function check(op: Operation, c: FuzzCase, before: number): Promise<Checked & { after: number }> {
    const t0 = Date.now();
    const res = await sendCase(server, op, c, tokens);
    // FUZZ_DUMP=<file>: every case answered 5xx, whole, one JSON per line, to replay by hand.
    if (res.status >= 500 && process.env.FUZZ_DUMP)
      fs.appendFileSync(process.env.FUZZ_DUMP, `${JSON.stringify({ operationId: op.operationId, case: c })}\n`);
    const ms = Date.now() - t0;
    const problems = responseProblems(contract, op, res);
    if (ms > SLOW_MS) {
      // Only when it is slow again, not a pause of this busy machine; a read or a refused request can
      // be repeated, an accepted write cannot.
      if (op.method === 'get' || res.status >= 400) {
        const t1 = Date.now();
        await sendCase(server, op, c, tokens);
        if (Date.now() - t1 > SLOW_MS) problems.push([`slow response (over ${SLOW_MS} ms)`, `${ms} ms, then ${Date.now() - t1} ms`]);
      }
    }
    const after = await auditCount();
    const auditedByDesign = AUDITED_REFUSALS[op.operationId]?.includes(String((res.body as { code?: unknown } | undefined)?.code));
    if (res.status >= 400 && res.status < 500 && after !== before && !auditedByDesign) {
      problems.push([`a refused request (${res.status}) wrote ${after - before} audit event(s)`, '']);
    }
    const polluted = prototypePollution();
    if (polluted.length) {
      problems.push([`Object.prototype polluted with ${polluted.join(', ')}`, '']);
      for (const k of polluted) delete (Object.prototype as Record<string, unknown>)[k];
    }
    return { res, problems, after };
  }

  /** Greedily shrinks a failing case while it still fails the same way. */
  async function reduce(op: Operation, c: FuzzCase, kind: string): Promise<{ c: FuzzCase; res: FuzzResponse }> {
    let best = c;
    let bestRes: FuzzResponse | null = null;
    let budget = 20;
    const until = Date.now() + 2000;
    for (let progress = true; progress && budget > 0;) {
      progress = false;
      for (const candidate of reductions(best, pools)) {
        if (--budget < 0 || Date.now() > until) break;
        const r = await check(op, candidate, await auditCount());
        if (r.problems.some(([k]) => k === kind)) {
          best = candidate;
          bestRes = r.res;
          progress = true;
          break;
        }
      }
    }
    if (!bestRes) bestRes = (await check(op, best, await auditCount())).res;
    return { c: best, res: bestRes };
  }

  describe(`fuzzing every operation of the contract (${RUNS} cases each)`, () => {
    it.each(operations.map((op) => [`${op.operationId}: ${op.method.toUpperCase()} ${op.path}`, op] as const))(
      '%s',
      async (_name, op) => {
        const t0 = Date.now();
        if (op.method !== 'get' && kindsFor(op).size) pools = await buildFresh(fresh++, kindsFor(op));
        const fuzzer = new SchemaFuzzer(contract, pools);
        const cases = fc.sample(caseArbitrary(fuzzer, op), { seed: seedFor(SEED, op.operationId), numRuns: runsOf(op) });
        const failures = new Map<string, { count: number; shortest: FuzzCase; size: number }>();
        let audit = await auditCount();
        const statuses: Record<number, number> = {};
        const answers: Record<string, number> = {};
        for (const generated of cases) {
          const c = materialize(fuzzer, op, generated);
          const { problems, after, res } = await check(op, c, audit);
          audit = after;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          const answer = `${res.status} ${res.status >= 400 ? ((res.body as { code?: string } | undefined)?.code ?? '') : ''}`.trim();
          answers[answer] = (answers[answer] ?? 0) + 1;
          for (const [kind] of problems) {
            const f = failures.get(kind);
            const size = caseSize(op, c);
            if (!f) failures.set(kind, { count: 1, shortest: c, size });
            else {
              f.count++;
              if (size < f.size) Object.assign(f, { shortest: c, size });
            }
          }
        }
        if (process.env.FUZZ_PROGRESS)
          process.stderr.write(
            `${op.operationId}: ${cases.length} cases in ${Date.now() - t0} ms; ${Object.entries(answers)
              .sort((a, b) => b[1] - a[1])
              .map(([k, n]) => `${k}×${n}`)
              .join(', ')}\n`,
          );
        ran[op.operationId] = { cases: cases.length, ms: Date.now() - t0, totalMs: 0, statuses };
        const report: string[] = [];
        for (const [kind, f] of failures) {
          const { c, res } = await reduce(op, f.shortest, kind);
          found.push({
            operationId: op.operationId,
            kind,
            count: f.count,
            minimal: describeCase(op, c),
            response: showResponse(res),
            labels: c.labels,
          });
          report.push(`${kind} (${f.count} of ${cases.length}): ${describeCase(op, c)} → ${showResponse(res)}`);
        }
        ran[op.operationId].totalMs = Date.now() - t0;
        expect(report).toEqual([]);
      },
      Math.max(600_000, RUNS * 300),
    );
  });

  // The fuzzer's findings in src/, each pinned by its minimal input. They fail until src/ is fixed.
  if (part === 'reads')
    describe('regressions found by fuzzing', () => {
      const as = (actor: FuzzActor) => ({ Authorization: `Bearer ${tokens[actor]}` });
      const documented = (operationId: string, res: request.Response) => {
        const type = String(res.headers['content-type'] ?? '');
        const body = /json/.test(type) ? res.body : res.text;
        return contract.responseErrors(operationId, res.status, type, body);
      };

      it('a malformed percent-escape in a path parameter is a 400, not a 500', async () => {
        for (const path of ['/api/v1/resources/%E0%A4%A', '/api/v1/projects/%C0%AF', '/api/v1/departments/%ED%A0%80']) {
          const res = await request(server).get(path).set(as('bureau'));
          expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: expect.any(String) });
        }
      });

      it('a body that its Content-Encoding does not decode is a 400, not a 500', async () => {
        for (const encoding of ['gzip', 'deflate', 'br']) {
          const res = await request(server)
            .post('/api/v1/departments')
            .set(as('bureau'))
            .set('Content-Type', 'application/json')
            .set('Content-Encoding', encoding)
            .send('{}');
          expect({ encoding, status: res.status }).toEqual({ encoding, status: 400 });
        }
      });

      it('an unknown query parameter gets a documented answer on operations that document no 400', async () => {
        for (const [operationId, path] of [
          ['getHealth', '/healthz?foo=1'],
          ['getMe', '/api/v1/me?foo=1'],
          ['getBoard', '/api/v1/board?='],
          ['listCalendarYears', '/api/v1/calendar/years?x'],
        ] as const) {
          const res = await request(server).get(path).set(as('bureau'));
          expect({ operationId, code: res.body.code, undocumented: documented(operationId, res) }).toEqual({
            operationId,
            code: expect.not.stringMatching(/response_contract_violation|internal_error/),
            undocumented: null,
          });
        }
      });

      it('a stray body on an operation that takes none is ignored, not parsed into an undocumented 413, 415 or 400', async () => {
        const cases: Array<[string, string, string, string]> = [
          ['getMe', '/api/v1/me', 'application/json', `"${'x'.repeat(1_100_000)}"`],
          ['listDepartments', '/api/v1/departments', 'application/json; charset=latin1', '{}'],
          ['getVocabularies', '/api/v1/vocabularies', 'application/json', '{'],
        ];
        for (const [operationId, path, type, body] of cases) {
          const res = await request(server).get(path).set(as('bureau')).set('Content-Type', type).send(body);
          expect({ operationId, status: res.status, undocumented: documented(operationId, res) }).toEqual({
            operationId,
            status: res.status,
            undocumented: null,
          });
        }
      });

      it('a tampered cursor whose sort values have the wrong type gets a documented 4xx, not a 500 (PostgreSQL: 22007, 22009, 22P02)', async () => {
        const id = w.departmentId.police;
        const cases: Array<[string, string, string, unknown[]]> = [
          ['listDepartments', '/api/v1/departments', 'createdAt', ['`', id]],
          ['listUsers', '/api/v1/users', 'createdAt', [-1, id]],
          ['listProjects', '/api/v1/projects', 'createdAt', ['_', id]],
          ['listGrants', '/api/v1/grants', '-createdAt', [-2147483649, id]],
          ['searchResources', '/api/v1/resources', '-updatedAt', [1, id]],
          ['listSharingRequests', '/api/v1/sharing-requests', 'urgency', ['x', 'y', 'z', id]],
        ];
        for (const [operationId, path, s, v] of cases) {
          const cursor = Buffer.from(JSON.stringify({ s, v })).toString('base64url');
          const res = await request(server).get(`${path}?cursor=${cursor}`).set(as('bureau'));
          expect({ operationId, code: res.body.code, undocumented: documented(operationId, res) }).toEqual({
            operationId,
            code: expect.not.stringMatching(/response_contract_violation|internal_error/),
            undocumented: null,
          });
        }
      });

      it("a null among the provision modes is a 400 naming it, not a 500 (ajv's discriminator let it through)", async () => {
        const res = await request(server)
          .post('/api/v1/resources')
          .set(as('police'))
          .send({ name: '空提供方式', categoryCode: '101', provisionModes: [{ mode: 'other', description: '其他' }, null] });
        expect({ status: res.status, errors: res.body.errors }).toEqual({
          status: 400,
          errors: [expect.objectContaining({ path: '/provisionModes/1', code: 'type' })],
        });
      });

      it('a huge array is refused quickly: uniqueItems must not cost quadratic time before maxItems refuses it', async () => {
        const codes = Array.from({ length: 30_000 }, (_, i) => `101/${String(i).padStart(6, '0')}`);
        const t0 = Date.now();
        const res = await request(server)
          .post('/api/v1/resources')
          .set(as('police'))
          .send({ name: '大数组', categoryCode: '101', relatedResourceCodes: codes });
        const ms = Date.now() - t0;
        expect(res.status).toBe(400);
        expect({ ms: ms < SLOW_MS ? `under ${SLOW_MS} ms` : `${ms} ms` }).toEqual({ ms: `under ${SLOW_MS} ms` });
      }, 120_000);
    });
}
