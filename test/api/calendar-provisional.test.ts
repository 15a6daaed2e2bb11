import { createServices } from '../../src/app';
import { createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Regression (probe, 2026-12-05): only 2024–2026 are arranged, and a request filed on 2026-12-22 was
// due 2027-01-05 — New Year's Day counted as a working day — with no warning. A deadline counted
// into a year without an arrangement is now marked provisional (SharingRequest.dueDateProvisional,
// Project.registrationDueDateProvisional), and from November 1 (Beijing time) the bureau's board
// warns until next year's arrangement is entered; entering it moves the deadlines and clears both.

let w: World;
let conditional: { id: string };
const shanghai = (local: string) => new Date(`${local}+08:00`);
const board = async () => (await w.as('bureau').get('/api/v1/board').expect(200)).body;
const arrangement2027 = {
  source: '国务院办公厅关于2027年部分节假日安排的通知（测试）',
  holidays: [{ name: '元旦', start: '2027-01-01', end: '2027-01-03' }],
  workdays: [],
};

beforeAll(async () => {
  w = await createWorld();
  conditional = await publishEntry(w, { name: '户籍人口基本信息' });
});
afterAll(async () => {
  await w.destroy();
});

async function fileConditional(periodStart: string) {
  return (
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(conditional.id, { periodStart, periodEnd: '2027-06-30' }), submit: true })
      .expect(201)
  ).body;
}

/** A project of police, marked accepted at `acceptedAt` in the database (the lifecycle is tested elsewhere). */
async function acceptedProject(code: string, acceptedAt: Date): Promise<string> {
  const created = await w
    .as('police')
    .post('/api/v1/projects')
    .send({ code, name: `验收项目 ${code}`, content: '建设内容', approvedBudgetYuan: 100 })
    .expect(201);
  await w.db('projects').where({ id: created.body.id }).update({ stage: 'accepted', accepted_at: acceptedAt.toISOString() });
  return created.body.id;
}

describe('deadlines counted into a year without a holiday arrangement', () => {
  it('are not provisional within the arranged years, and the board has no warning before November', async () => {
    const request = await fileConditional('2026-03-02');
    expect(request).toMatchObject({ status: 'pending', dueDate: '2026-03-16', dueDateProvisional: false });
    const project = await acceptedProject('CAL-2026-03', shanghai('2026-03-02T10:00:00'));
    expect((await w.as('police').get(`/api/v1/projects/${project}`).expect(200)).body).toMatchObject({
      registrationDueDate: '2026-03-23',
      registrationDueDateProvisional: false,
    });
    expect((await board()).calendarWarnings).toEqual([]);
    w.clock.set(shanghai('2026-10-31T23:59:00'));
    expect((await board()).calendarWarnings).toEqual([]);
    expect(await createServices(w.db, w.clock).calendar.warnings()).toEqual([]);
  });

  it('warn the bureau from November 1, Beijing time', async () => {
    w.clock.set(shanghai('2026-11-01T00:00:00'));
    const warnings = (await board()).calendarWarnings;
    expect(warnings).toEqual([{ code: 'calendar_next_year_missing', year: 2027, message: expect.stringContaining('2027') }]);
    expect(await createServices(w.db, w.clock).calendar.warnings()).toEqual(warnings);
  });

  let request: { id: string };
  let project: string;

  it('on 2026-12-22 a request is due 2027-01-05 (New Year counted Monday to Friday) and marked provisional; so is a registration due', async () => {
    w.clock.set(shanghai('2026-12-22T10:00:00'));
    request = await fileConditional('2026-12-22');
    // Dec 23, 24, 25, 28, 29, 30, 31, Fri Jan 1 (no arrangement: a working day), Jan 4, 5.
    expect(request).toMatchObject({ status: 'pending', dueDate: '2027-01-05', dueDateProvisional: true });
    expect((await w.as('police').get(`/api/v1/sharing-requests/${request.id}`).expect(200)).body).toMatchObject({
      dueDate: '2027-01-05',
      dueDateProvisional: true,
    });
    const listed = (await w.as('police').get('/api/v1/sharing-requests?limit=100').expect(200)).body.items;
    expect(listed.find((r: { id: string }) => r.id === request.id)).toMatchObject({ dueDateProvisional: true });
    expect(
      listed
        .filter((r: { dueDate: string | null }) => r.dueDate === '2026-03-16')
        .map((r: { dueDateProvisional: boolean }) => r.dueDateProvisional),
    ).toEqual([false]);

    project = await acceptedProject('CAL-2026-12', shanghai('2026-12-21T10:00:00'));
    // 15 working days: Dec 22–25, 28–31 (8), Jan 1, 4–8 (14), Jan 11.
    expect((await w.as('police').get(`/api/v1/projects/${project}`).expect(200)).body).toMatchObject({
      registrationDueDate: '2027-01-11',
      registrationDueDateProvisional: true,
    });
    expect((await board()).calendarWarnings).toEqual([expect.objectContaining({ code: 'calendar_next_year_missing', year: 2027 })]);
  });

  it('once the bureau enters 2027, the deadlines move, are no longer provisional, and the warning is gone', async () => {
    await w.as('bureau').put('/api/v1/calendar/years/2027').send(arrangement2027).expect(200);
    // Jan 1 off now: Dec 23, 24, 25, 28, 29, 30, 31, Jan 4, 5, 6.
    expect((await w.as('edu').get(`/api/v1/sharing-requests/${request.id}`).expect(200)).body).toMatchObject({
      dueDate: '2027-01-06',
      dueDateProvisional: false,
    });
    expect((await w.as('police').get(`/api/v1/projects/${project}`).expect(200)).body).toMatchObject({
      registrationDueDate: '2027-01-12',
      registrationDueDateProvisional: false,
    });
    expect((await board()).calendarWarnings).toEqual([]);
    expect(await createServices(w.db, w.clock).calendar.warnings()).toEqual([]);
  });
});
