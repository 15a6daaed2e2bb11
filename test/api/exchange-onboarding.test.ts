import http from 'node:http';
import { AddressInfo } from 'node:net';
import { withResidentIdCheckChar } from '../../src/domain/certificates';
import { expectProblem } from '../support/assertions';
import { deliverSample } from '../support/exchange';
import { createWorld, publishEntry, World } from '../support/world';

// Onboarding from real traffic (docs/onboarding.md, docs/exchange.md): the checklist reads what the
// exchange observed — a delivery within the update cycle, a successful probe of a producer's
// endpoint, a certificate issued and verified — and no declaration stands in for them. A delivery
// stream that stops past its update cycle is on the producer's list, the bureau's and the board.

let w: World;
let endpoint: http.Server;
let answering = true;
let base: string;

const HOLDER = withResidentIdCheckChar('35010219850612003');

const shanghai = (local: string) => new Date(`${local}+08:00`);

async function projectInTrialRun(code: string): Promise<string> {
  const p = (
    await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 100 })
      .expect(201)
  ).body.id as string;
  for (const [step, who] of [
    ['start-construction', 'police'],
    ['complete', 'police'],
    ['preliminary-acceptance', 'bureau'],
    ['start-trial-run', 'police'],
  ] as const) {
    await w.as(who).post(`/api/v1/projects/${p}/${step}`).expect(200);
  }
  await w.as('police').post(`/api/v1/projects/${p}/sharing-declaration`).send({ statement: '无部门提出共享申请' }).expect(200);
  return p;
}

async function missing(projectId: string): Promise<Array<{ mode: string; message: string }>> {
  const onboarding = (await w.as('police').get(`/api/v1/projects/${projectId}/onboarding`).expect(200)).body;
  return onboarding.checklist.find((i: { key: string }) => i.key === 'modes_connected').missing;
}

beforeAll(async () => {
  endpoint = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (!answering) {
        res.statusCode = 503;
        return res.end();
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify(req.url === '/verify' ? { match: false } : { items: [] }));
    });
  });
  await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}`;
  w = await createWorld({ forward: { timeoutMs: 1000, maxBytes: 65536, allow: ['127.0.0.1'] } });
  w.clock.set(shanghai('2026-03-02T09:00:00'));
});
afterAll(async () => {
  await w.destroy();
  await new Promise((resolve) => endpoint.close(resolve));
});

describe('the checklist reads what the exchange observed', () => {
  it('batch exchange and an API answered from delivered data: a delivery within the update cycle, nothing declared', async () => {
    const p = await projectInTrialRun('OBS-1');
    const entry = await publishEntry(w, { name: '交付证据目录', projectId: p, updateCycle: 'weekly' });
    expect((await missing(p)).map((m) => m.mode).sort()).toEqual(['batch_exchange', 'query_api']);
    expectProblem(
      await w
        .as('police')
        .post(`/api/v1/resources/${entry.id}/connections`)
        .send({ mode: 'batch_exchange', reference: '交换任务', evidence: '回执', occurredAt: w.clock.now().toISOString() }),
      422,
      'mode_observed',
    );
    await deliverSample(w, entry.id);
    expect(await missing(p)).toEqual([]);
    // Nine days later the weekly stream has stopped: the checklist and the lists say so.
    w.clock.advance(9 * 24 * 3600_000);
    expect((await missing(p)).map((m) => m.message).join()).toContain('超出更新周期');
    const own = await w.as('police').get('/api/v1/overdue-deliveries').expect(200);
    expect(own.body.items).toEqual([
      expect.objectContaining({ resourceId: entry.id, resourceName: '交付证据目录', updateCycle: 'weekly', lastSeq: 1 }),
    ]);
    expect((await w.as('civil').get('/api/v1/overdue-deliveries').expect(200)).body.items).toEqual([]);
    expectProblem(await w.as('edu').get('/api/v1/overdue-deliveries'), 403, 'role_required');
    const board = (await w.as('bureau').get('/api/v1/board').expect(200)).body;
    expect(board.overdueDeliveries.map((d: { resourceId: string }) => d.resourceId)).toContain(entry.id);
    expect(board.departments.find((d: { departmentId: string }) => d.departmentId === w.departmentId.police).deliveriesOverdue).toBe(1);
    await deliverSample(w, entry.id);
    expect(await missing(p)).toEqual([]);
    expect((await w.as('bureau').get('/api/v1/overdue-deliveries').expect(200)).body.items).toEqual([]);
  });

  it('an API forwarded to the producer’s endpoint: a successful probe within seven days', async () => {
    const p = await projectInTrialRun('OBS-2');
    const entry = await publishEntry(w, {
      name: '接口证据目录',
      projectId: p,
      provisionModes: [
        { mode: 'query_api', description: '转发查询', endpoint: `${base}/query` },
        { mode: 'verification_api', description: '转发核验', endpoint: `${base}/verify` },
      ],
    });
    expect((await missing(p)).map((m) => m.message).join()).toContain('尚未通过平台探测');
    // A delivery is no evidence for an endpoint (and is not taken: there is nothing to answer from it).
    expectProblem(
      await w
        .as('police')
        .post(`/api/v1/resources/${entry.id}/deliveries`)
        .set('Content-Type', 'text/csv')
        .send(Buffer.from('公民身份号码\n1\n')),
      422,
      'mode_not_offered',
    );
    answering = false;
    expect((await w.as('police').post(`/api/v1/resources/${entry.id}/probes`).send({ mode: 'query_api' }).expect(200)).body.ok).toBe(false);
    expect((await missing(p)).length).toBe(2);
    answering = true;
    await w.as('police').post(`/api/v1/resources/${entry.id}/probes`).send({ mode: 'query_api' }).expect(200);
    // The checklist is held for a minute while nothing audited changes (ADR 0018); a probe is not an audited write.
    w.clock.advance(60_000);
    expect((await missing(p)).map((m) => m.mode)).toEqual(['verification_api']);
    await w.as('bureau').post(`/api/v1/resources/${entry.id}/probes`).send({ mode: 'verification_api' }).expect(200);
    w.clock.advance(60_000);
    expect(await missing(p)).toEqual([]);
    w.clock.advance(8 * 24 * 3600_000);
    expect((await missing(p)).map((m) => m.message).join()).toContain('7 天');
  });

  it('certificates: one issued by the platform and verified', async () => {
    const p = await projectInTrialRun('OBS-3');
    const entry = await publishEntry(w, {
      name: '证照证据目录',
      projectId: p,
      items: [
        {
          name: '公民身份号码',
          dataType: 'C',
          length: 18,
          sensitive: true,
          masking: { rule: 'keep_ends', first: 6, last: 4 },
          queryRole: 'input',
        },
        { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
      ],
      provisionModes: [{ mode: 'certificate', certificateName: '结婚证（电子证照）' }],
    });
    expect((await missing(p)).map((m) => m.message).join()).toContain('尚未签发并核验过');
    const issued = await w
      .as('police')
      .post(`/api/v1/resources/${entry.id}/certificates`)
      .send({
        holderName: '王丽华',
        holderIdType: 'resident_id',
        holderId: HOLDER,
        number: 'OBS-CERT-1',
        items: { 公民身份号码: HOLDER, 姓名: '王丽华' },
        validFrom: w.clock.now().toISOString().slice(0, 10),
      })
      .expect(201);
    // Issued is not yet used: the checklist waits for a verification.
    expect(await missing(p)).toHaveLength(1);
    const verdict = await w.anonymous().post('/api/v1/certificates/verify').send({ jws: issued.body.jws }).expect(200);
    expect(verdict.body.valid).toBe(true);
    w.clock.advance(60_000);
    expect(await missing(p)).toEqual([]);
    const record = await w.db('exchange_access_records').where({ resource_id: entry.id, operation: 'verify_certificate' }).first();
    expect(record).toMatchObject({ mode: 'certificate', result: 'ok', user_id: null });
  });
});
