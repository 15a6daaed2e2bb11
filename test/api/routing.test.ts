import { createWorld, World } from '../support/world';

// Each area's router is entered only for the areas its operations serve (src/http/route-gate.ts):
// routing must answer exactly as express alone would.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

describe('routing by area', () => {
  it('reaches an operation in every area, the first bound and the last', async () => {
    await w.as('edu').get('/api/v1/vocabularies').expect(200);
    await w.as('bureau').get('/api/v1/audit-events').expect(200);
    await w.as('edu').get('/api/v1/resources').expect(200);
  });

  it('matches paths without regard to case and with a trailing slash, as express does', async () => {
    expect((await w.as('edu').get('/API/V1/Resources')).status).toBe(200);
    expect((await w.as('edu').get('/api/v1/resources/')).status).toBe(200);
  });

  it('an operation of one area under a path of another is not found (problem+json)', async () => {
    const res = await w.as('edu').get('/api/v1/no-such-area/x');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
