import request from 'supertest';
import { createWorld, World } from '../support/world';

// What Swagger UI at /docs does, step by step, with the headers the contract declares (ADR 0042):
// read an object, take its ETag into If-Match, change it; create with an Idempotency-Key and retry.
// Swagger UI sends exactly the parameters the document declares, so these steps work there too.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

describe('editing as Swagger UI does it', () => {
  it('serves the contract Swagger UI reads with If-Match on the update, ETag on the read, in Chinese', async () => {
    const doc = (await request(w.app).get('/openapi.json').expect(200)).body;
    const patch = doc.paths['/api/v1/departments/{departmentId}'].patch;
    expect(patch.summary).toMatch(/^更正部门/);
    expect(patch.parameters).toContainEqual({ $ref: '#/components/parameters/IfMatch' });
    expect(doc.paths['/api/v1/departments/{departmentId}'].get.responses['200'].headers.ETag).toEqual({
      $ref: '#/components/headers/ETag',
    });
    expect(doc.components.schemas.DepartmentLevel['x-enum-descriptions']).toEqual(['省级', '市级', '县（区）级', '乡镇（街道）级']);
    expect(doc.info.description).toContain('If-Match');
  });

  it('changes a department with the ETag of its read in If-Match; without it, 428 pointing at its explanation', async () => {
    const path = `/api/v1/departments/${w.departmentId.civil}`;
    const read = await w.as('bureau').get(path).expect(200);
    const etag = read.headers.etag as string;
    expect(etag).toMatch(/^"v\d+"$/);
    const refused = await w.as('bureau').patch(path).send({ name: '榕城市民政局（改）' }).expect(428);
    expect(refused.body.type).toBe('/problems/precondition_required');
    expect((await request(w.app).get(refused.body.type).expect(200)).text).toContain('ETag');
    expect((await w.as('bureau').get(path).expect(200)).body.name).toBe(read.body.name);
    const changed = await w.as('bureau').patch(path).set('If-Match', etag).send({ name: '榕城市民政局（改）' }).expect(200);
    expect(changed.body.name).toBe('榕城市民政局（改）');
    expect(changed.headers.etag).not.toBe(etag);
    // The old ETag is stale now: 412, nothing written.
    await w.as('bureau').patch(path).set('If-Match', etag).send({ name: '又一个名字' }).expect(412);
    expect((await w.as('bureau').get(path).expect(200)).body.name).toBe('榕城市民政局（改）');
  });

  it('creates once with an Idempotency-Key, however often the request is sent again', async () => {
    const body = { code: 'RC-2026-MZ-009', name: '社会救助信息平台', content: '建设全市社会救助对象信息库', approvedBudgetYuan: 860000 };
    const first = await w.as('civil').post('/api/v1/projects').set('Idempotency-Key', 'swagger-try-1').send(body).expect(201);
    const again = await w.as('civil').post('/api/v1/projects').set('Idempotency-Key', 'swagger-try-1').send(body).expect(201);
    expect(again.body.id).toBe(first.body.id);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const listed = await w.as('civil').get('/api/v1/projects?limit=100').expect(200);
    expect(listed.body.items.filter((p: { code: string }) => p.code === 'RC-2026-MZ-009')).toHaveLength(1);
  });
});
