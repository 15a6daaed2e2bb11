import { ChecklistItem, CoveredEntry } from '../../src/domain/onboarding';
import { OnboardingStore } from '../../src/modules/onboarding/onboarding.store';
import { DIALECT } from '../support/db';
import { DAY, idsOf, MINUTE } from '../support/stores';
import { createWorld, publishEntry, World } from '../support/world';

// OnboardingStore on each database: projects, entries and connections made through the API;
// verifications — which the API makes only for a project whose checklist holds — written through
// the store itself, as the service does.

let w: World;
const store = new OnboardingStore();
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

async function newProject(who: 'police' | 'civil', code: string): Promise<string> {
  const res = await w
    .as(who)
    .post('/api/v1/projects')
    .send({ code, name: `项目${code}`, content: '建设内容', approvedBudgetYuan: 100000 })
    .expect(201);
  return res.body.id;
}

describe('findProject', () => {
  let declared: string;
  let plain: string;

  beforeAll(async () => {
    plain = await newProject('police', 'ONB-1');
    declared = await newProject('police', 'ONB-2');
    await w
      .as('police')
      .post(`/api/v1/projects/${declared}/sharing-declaration`)
      .send({ statement: '截至试运行，无部门提出共享申请' })
      .expect(200);
  });

  it("reads the project's owner and its declaration that no one requested its data; null for no such project", async () => {
    expect(await store.findProject(w.db, plain)).toEqual({
      id: plain,
      ownerDepartmentId: w.departmentId.police,
      noRequestDeclaration: null,
    });
    expect(await store.findProject(w.db, declared)).toEqual({
      id: declared,
      ownerDepartmentId: w.departmentId.police,
      noRequestDeclaration: '截至试运行，无部门提出共享申请',
    });
    expect(await store.findProject(w.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('reads the same with a lock inside a transaction', async () => {
    const [locked, missing] = await w.db.transaction(async (trx) => [
      await store.findProject(trx, declared, 'update'),
      await store.findProject(trx, '00000000-0000-4000-8000-000000000000', 'update'),
    ]);
    expect(locked).toEqual(await store.findProject(w.db, declared));
    expect(missing).toBeNull();
  });

  // PostgreSQL only: SQLite runs one transaction at a time, so there is no other writer to hold off.
  if (DIALECT === 'postgres') {
    it('holds the project row until the transaction ends when asked to lock it (PostgreSQL)', async () => {
      const renameElsewhere = () =>
        w.db.transaction(async (trx) => {
          await trx.raw("SET LOCAL lock_timeout = '200ms'");
          await trx('projects').where({ id: plain }).update({ content: '另一事务的修改' });
        });
      const reader = await w.db.transaction();
      try {
        // Read without a lock, the row stays free for another writer.
        await store.findProject(reader, plain);
        await renameElsewhere();
        await store.findProject(reader, plain, 'update');
        await expect(renameElsewhere()).rejects.toMatchObject({ code: '55P03' });
      } finally {
        await reader.rollback();
      }
      await renameElsewhere();
    });
  }
});

describe('connections', () => {
  let first: string;
  let second: string;
  const c: Record<'a' | 'b' | 'c' | 'd', string> = {} as never;

  beforeAll(async () => {
    // 'other': the mode still declared by hand (the exchange observes the rest).
    const other = [{ mode: 'other', description: '前置机交换' }];
    first = (await publishEntry(w, { name: '接入测试-目录一', provisionModes: other })).id;
    second = (await publishEntry(w, { name: '接入测试-目录二', provisionModes: other })).id;
    const declare = async (entry: string, mode: string) =>
      (
        await w
          .as('police')
          .post(`/api/v1/resources/${entry}/connections`)
          .send({ mode, reference: `${mode}-ref`, evidence: '交付回执', occurredAt: w.clock.now().toISOString() })
          .expect(201)
      ).body.id as string;
    w.clock.advance(MINUTE);
    c.a = await declare(first, 'other');
    w.clock.advance(MINUTE);
    c.b = await declare(first, 'other');
    w.clock.advance(MINUTE);
    // Declared at the same instant: the order falls back to the id, descending.
    c.c = await declare(second, 'other');
    c.d = await declare(first, 'other');
  });

  it('lists the connections of the entries asked for, newest declaration first, then by id', async () => {
    const [tiedFirst, tiedSecond] = [c.c, c.d].sort().reverse();
    expect(idsOf(await store.connectionsOf(w.db, [first, second]))).toEqual([tiedFirst, tiedSecond, c.b, c.a]);
    expect(idsOf(await store.connectionsOf(w.db, [second]))).toEqual([c.c]);
    expect(await store.connectionsOf(w.db, [])).toEqual([]);
    expect(await store.connectionsOf(w.db, [second])).toEqual([
      expect.objectContaining({ resourceId: second, mode: 'other', declaredBy: w.userId.police, confirmedBy: null, confirmedAt: null }),
    ]);
  });

  it('confirms a connection once; a second confirmation changes nothing', async () => {
    const at = w.clock.now().toISOString();
    expect(await w.db.transaction((trx) => store.confirmConnection(trx, c.a, w.userId.bureau, at))).toBe(true);
    const confirmed = await store.findConnection(w.db, c.a);
    expect(confirmed).toMatchObject({ confirmedBy: w.userId.bureau, confirmedAt: at });
    const later = new Date(w.clock.now().getTime() + MINUTE).toISOString();
    expect(await w.db.transaction((trx) => store.confirmConnection(trx, c.a, w.userId.police, later))).toBe(false);
    expect(await store.findConnection(w.db, c.a)).toEqual(confirmed);
    // The others are still unconfirmed.
    expect((await store.findConnection(w.db, c.b))!.confirmedAt).toBeNull();
  });
});

describe('latestVerifications', () => {
  const projects: Record<'twice' | 'tied' | 'legacy' | 'never', string> = {} as never;
  const checklist = (met: boolean): ChecklistItem[] => [
    { key: 'resources_declared', label: '资源已编目', applicable: true, met, missing: [] },
  ];
  const covered = (name: string): CoveredEntry[] => [
    { resourceId: '00000000-0000-4000-8000-0000000000c1', name, status: 'published', provisionModes: ['query_api'], items: ['姓名 C 50'] },
  ];
  const base = new Date('2026-04-01T02:00:00.000Z');

  beforeAll(async () => {
    projects.twice = await newProject('police', 'VER-1');
    projects.tied = await newProject('police', 'VER-2');
    projects.legacy = await newProject('civil', 'VER-3');
    projects.never = await newProject('civil', 'VER-4');
    const verify = (id: string, projectId: string, at: Date, name: string) =>
      w.db.transaction((trx) =>
        store.insertVerification(
          trx,
          {
            id,
            projectId,
            verifiedAt: at.toISOString(),
            verifiedBy: w.userId.bureau,
            verifiedByName: '',
            checklist: checklist(name !== '旧'),
          },
          covered(name),
        ),
      );
    // Inserted newest first, so the pick cannot lean on the order of insertion.
    await verify('10000000-0000-4000-8000-000000000002', projects.twice, new Date(base.getTime() + DAY), '新');
    await verify('10000000-0000-4000-8000-000000000001', projects.twice, base, '旧');
    await verify('20000000-0000-4000-8000-000000000002', projects.tied, base, '编号大');
    await verify('20000000-0000-4000-8000-000000000001', projects.tied, base, '编号小');
    // Made before what a verification covered was kept: no covered_json.
    await w.db('onboarding_verifications').insert({
      id: '30000000-0000-4000-8000-000000000001',
      project_id: projects.legacy,
      snapshot_json: JSON.stringify(checklist(true)),
      verified_by: w.userId.bureau,
      verified_at: base.toISOString(),
    });
  });

  it('picks the newest verification of each project (the larger id among equals), with what it covered', async () => {
    const latest = await store.latestVerifications(w.db, Object.values(projects));
    expect([...latest.keys()].sort()).toEqual([projects.twice, projects.tied, projects.legacy].sort());
    expect(latest.get(projects.twice)).toEqual({
      verification: {
        id: '10000000-0000-4000-8000-000000000002',
        projectId: projects.twice,
        verifiedAt: new Date(base.getTime() + DAY).toISOString(),
        verifiedBy: w.userId.bureau,
        verifiedByName: 'bureau用户',
        checklist: checklist(true),
      },
      covered: covered('新'),
    });
    expect(latest.get(projects.tied)?.covered).toEqual(covered('编号大'));
    expect(latest.get(projects.legacy)).toMatchObject({ verification: { id: '30000000-0000-4000-8000-000000000001' }, covered: null });
  });

  it('answers only for the projects asked about', async () => {
    expect([...(await store.latestVerifications(w.db, [projects.tied, projects.never])).keys()]).toEqual([projects.tied]);
    expect((await store.latestVerifications(w.db, [])).size).toBe(0);
  });
});
