import request from 'supertest';
import { chainHash } from '../../src/domain/audit-chain';
import { expectProblem } from '../support/assertions';
import { completeEntry, createWorld, World } from '../support/world';

// The audit trail is a hash chain with signed checkpoints: every way of tampering with the stored
// events — edit, delete, reorder, insert, truncate, rewrite — is detected, and the first broken
// link is reported.

async function busyWorld(): Promise<World> {
  const w = await createWorld();
  for (let i = 0; i < 4; i++) {
    const d = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: `审计链目录${i}` }))
      .expect(201);
    await w
      .as('police')
      .patch(`/api/v1/resources/${d.body.id}`)
      .set('If-Match', d.headers.etag ?? '*')
      .send({ summary: `第${i}次修改` });
  }
  return w;
}

async function verification(w: World) {
  return (await w.as('auditor').get('/api/v1/audit-events/verification').expect(200)).body;
}

const seqs = async (w: World) =>
  (await w.db('audit_events').orderBy('seq').select('seq')).map((r: { seq: number | string }) => Number(r.seq));

describe('the audit hash chain', () => {
  let w: World;
  beforeEach(async () => {
    w = await busyWorld();
  });
  afterEach(async () => {
    await w.destroy();
  });

  it('verifies an untouched chain, and links every event to its predecessor', async () => {
    const report = await verification(w);
    const count = (await seqs(w)).length;
    expect(report).toMatchObject({ valid: true, eventsChecked: count, lastSeq: count, firstBrokenLink: null });
    const rows = await w.db('audit_events').orderBy('seq');
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
  });

  it('detects an edited event', async () => {
    const [, , third] = await seqs(w);
    await w
      .db('audit_events')
      .where({ seq: third })
      .update({ details_json: JSON.stringify({ forged: true }) });
    expect((await verification(w)).firstBrokenLink).toMatchObject({ seq: third, reason: expect.stringContaining('edited') });
  });

  it('detects a deleted event', async () => {
    const [, second] = await seqs(w);
    await w.db('audit_events').where({ seq: second }).delete();
    const report = await verification(w);
    expect(report.valid).toBe(false);
    expect(report.firstBrokenLink).toMatchObject({ seq: second, reason: expect.stringContaining('deleted') });
  });

  it('detects reordered events', async () => {
    const [, second, third] = await seqs(w);
    await w.db('audit_events').where({ seq: second }).update({ seq: 100000 });
    await w.db('audit_events').where({ seq: third }).update({ seq: second });
    await w.db('audit_events').where({ seq: 100000 }).update({ seq: third });
    expect((await verification(w)).firstBrokenLink).toMatchObject({ seq: second });
  });

  it('detects an event inserted into the middle, even with a correct-looking hash of its own', async () => {
    const all = await seqs(w);
    const at = all[2];
    for (const s of [...all].reverse().filter((x) => x >= at))
      await w
        .db('audit_events')
        .where({ seq: s })
        .update({ seq: s + 1 });
    const before = await w
      .db('audit_events')
      .where({ seq: at - 1 })
      .first();
    const forged: Record<string, unknown> = {
      ...before,
      seq: at,
      id: '00000000-0000-4000-8000-00000000f0f0',
      action: 'resource.published',
      prev_hash: before.hash,
    };
    forged.hash = chainHash(before.hash, forged);
    await w.db('audit_events').insert(forged);
    expect((await verification(w)).firstBrokenLink).toMatchObject({ seq: at + 1, reason: expect.stringContaining('predecessor') });
  });

  it('detects a truncated tail through the head, and through a signed checkpoint when the head is rewritten too', async () => {
    const checkpoint = (await w.as('bureau').post('/api/v1/audit-checkpoints').expect(201)).body;
    const all = await seqs(w);
    const keep = all.length - 3;
    await w.db('audit_events').where('seq', '>', keep).delete();
    expect((await verification(w)).firstBrokenLink.reason).toContain('truncated');
    const last = await w.db('audit_events').where({ seq: keep }).first();
    await w.db('audit_chain_head').update({ last_seq: keep, last_hash: last.hash });
    const report = await verification(w);
    expect(report.firstBrokenLink).toMatchObject({
      seq: checkpoint.eventSeq,
      reason: expect.stringContaining('truncated after a signed checkpoint'),
    });
  });

  it('detects a chain rewritten after a checkpoint, and a forged checkpoint signature', async () => {
    await w.as('auditor').post('/api/v1/audit-checkpoints').expect(201);
    // Rewrite: edit an early event and recompute every hash after it, head included.
    const rows = await w.db('audit_events').orderBy('seq');
    rows[1].details_json = JSON.stringify({ rewritten: true });
    let prev = rows[0].hash;
    for (const row of rows.slice(1)) {
      row.prev_hash = prev;
      row.hash = chainHash(prev, row);
      await w
        .db('audit_events')
        .where({ seq: row.seq })
        .update({ details_json: row.details_json, prev_hash: row.prev_hash, hash: row.hash });
      prev = row.hash;
    }
    await w.db('audit_chain_head').update({ last_hash: prev });
    expect((await verification(w)).firstBrokenLink.reason).toContain('rewritten after a signed checkpoint');
    await w.db('audit_checkpoints').update({ signature: Buffer.alloc(64, 1).toString('base64') });
    expect((await verification(w)).firstBrokenLink.reason).toContain('signature invalid');
  });
});

describe('reading and signing the trail', () => {
  let w: World;
  beforeAll(async () => {
    w = await busyWorld();
  });
  afterAll(async () => {
    await w.destroy();
  });

  it('lets only the bureau and auditors verify and sign', async () => {
    for (const actor of ['police', 'edu', 'civil'] as const) {
      expectProblem(await w.as(actor).get('/api/v1/audit-events/verification'), 403, 'role_required');
      expectProblem(await w.as(actor).post('/api/v1/audit-checkpoints'), 403, 'role_required');
      expectProblem(await w.as(actor).get('/api/v1/audit-checkpoints'), 403, 'role_required');
    }
    const signed = (await w.as('bureau').post('/api/v1/audit-checkpoints').expect(201)).body;
    const head = await w.db('audit_chain_head').first();
    expect(signed).toMatchObject({ eventSeq: Number(head.last_seq), headHash: head.last_hash });
    expect((await w.as('auditor').get('/api/v1/audit-checkpoints').expect(200)).body.items[0].id).toBe(signed.id);
    expect((await verification(w)).checkpointsChecked).toBe(1);
  });

  it('shows a department only the events it caused or that concern its objects', async () => {
    const civil = (await w.as('civil').get('/api/v1/audit-events?limit=100').expect(200)).body.items;
    expect(civil).toEqual([]);
    const police = (await w.as('police').get('/api/v1/audit-events?limit=100').expect(200)).body.items;
    expect(police.length).toBeGreaterThan(0);
    const all = (await w.as('auditor').get('/api/v1/audit-events?limit=100').expect(200)).body.items;
    expect(all.length).toBeGreaterThanOrEqual(police.length);
  });

  it('offers no way to delete events through the API', async () => {
    const res = await w.as('bureau').delete('/api/v1/audit-events');
    expect(res.status).toBe(404);
    const before = (await w.db('audit_events').count('* as c'))[0].c;
    await request(w.app)
      .delete(`/api/v1/audit-events/${(await w.db('audit_events').first()).id}`)
      .set('Authorization', `Bearer ${w.token.bureau}`)
      .expect(404);
    expect((await w.db('audit_events').count('* as c'))[0].c).toBe(before);
  });
});
