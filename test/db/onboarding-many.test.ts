import { createServices } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { ReadCache } from '../../src/db/read-cache';
import { loadDemoCity } from '../../seeds/demo-city';
import { freshDatabase, TestDb } from '../support/db';

// The board evaluates the onboarding of every project at once (evaluateMany); a project's own
// checklist evaluates it alone. On the demo city's eight projects — ready, blocked, verified,
// with and without connections, requests and grants — both must say the same of every project.

let t: TestDb;
const clock = new ManualClock(new Date('2026-05-06T02:00:00Z'));
beforeAll(async () => {
  t = await freshDatabase();
  expect(await loadDemoCity(t.db, clock)).toBe(true);
});
afterAll(() => t.destroy());

describe('onboarding of many projects at once', () => {
  it('gives each project the checklist, verification and acceptance problems it gets alone', async () => {
    const services = createServices(t.db, clock, { readCache: new ReadCache(t.db, { maxBytes: 1, enabled: false }) });
    const projects: Record<string, unknown>[] = await t.db('projects').orderBy('code');
    expect(projects.length).toBe(8);
    const facts = (p: Record<string, unknown>) => ({
      id: p.id as string,
      ownerDepartmentId: p.owner_department_id as string,
      noRequestDeclaration: (p.no_request_declaration as string | null) ?? null,
    });
    const together = await services.onboarding.evaluateMany(t.db, projects.map(facts));
    const problemsTogether = await services.projects.acceptanceProblemsOfMany(t.db, projects, clock.now());
    const kinds = new Set<string>();
    for (const project of projects) {
      const alone = await services.onboarding.evaluate(t.db, facts(project));
      expect(together.get(project.id as string)).toEqual(alone);
      expect(problemsTogether.get(project.id as string)).toEqual(await services.projects.acceptanceProblems(t.db, project, clock.now()));
      kinds.add(JSON.stringify(alone.checklist.map((i) => i.met)));
    }
    // The projects differ in which checklist items hold, so the comparison is not of eight alikes.
    expect(kinds.size).toBeGreaterThanOrEqual(3);
  });

  it('answers an empty map for no projects', async () => {
    const services = createServices(t.db, clock);
    expect((await services.onboarding.evaluateMany(t.db, [])).size).toBe(0);
  });
});
