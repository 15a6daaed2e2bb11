import request from 'supertest';
import { translateDbError } from '../../src/db/errors';
import { expectProblem } from '../support/assertions';
import { completeEntry, createWorld, World } from '../support/world';

// Bad input gets a 4xx problem+json that says what is wrong; never a 500, never a partial write.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const post = (path: string) => request(w.app).post(path).set('Authorization', `Bearer ${w.token.police}`);

describe('malformed and unexpected bodies', () => {
  it('answers malformed JSON with 400 malformed_json and writes nothing', async () => {
    const before = await w.counts();
    for (const raw of ['{"name": ', '{name: 1}', '[1,2', '\u0000']) {
      const res = await post('/api/v1/resources').set('Content-Type', 'application/json').send(raw);
      expectProblem(res, 400, 'malformed_json');
    }
    expect(await w.counts()).toEqual(before);
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await post('/api/v1/resources').set('Content-Type', 'text/plain').send('name=户籍');
    expectProblem(res, 415, 'unsupported_media_type');
    const form = await post('/api/v1/resources').type('form').send({ name: 'x', categoryCode: '101' });
    expectProblem(form, 415, 'unsupported_media_type');
  });

  it('answers a missing body with 400', async () => {
    const res = await post('/api/v1/resources');
    expectProblem(res, 400, 'body_required');
  });

  it('answers an oversize body with 413', async () => {
    const res = await post('/api/v1/resources').send({ ...completeEntry(), summary: '很'.repeat(600_000) });
    expectProblem(res, 413, 'payload_too_large');
  });

  it('names every wrong type, unknown field and missing field', async () => {
    const before = await w.counts();
    const res = await post('/api/v1/resources').send({
      categoryCode: 101,
      colour: 'red',
      items: [{ name: '姓名', dataType: 'X', extra: 1 }],
    });
    expectProblem(res, 400, 'invalid_body');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['/name', '/categoryCode', '/colour', '/items/0/dataType', '/items/0/extra']));
    expect(await w.counts()).toEqual(before);
  });

  it('refuses __proto__ and constructor keys as unknown fields', async () => {
    const res = await post('/api/v1/resources')
      .set('Content-Type', 'application/json')
      .send('{"name":"户籍","categoryCode":"101","__proto__":{"admin":true},"constructor":{}}');
    expectProblem(res, 400, 'invalid_body');
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('refuses blank names and out-of-range numbers', async () => {
    expectProblem(await post('/api/v1/resources').send({ name: '   ', categoryCode: '101' }), 400, 'invalid_body');
    expectProblem(await post('/api/v1/resources').send({ ...completeEntry(), totalDataVolume: { records: -1 } }), 400, 'invalid_body');
    expectProblem(
      await post('/api/v1/projects').send({ code: 'X-1', name: 'n', content: 'c', approvedBudgetYuan: -5 }),
      400,
      'invalid_body',
    );
  });

  it('refuses an id that is not a UUID with 400 and an unknown one with 404', async () => {
    const bad = await request(w.app).get('/api/v1/resources/not-a-uuid').set('Authorization', `Bearer ${w.token.police}`);
    expectProblem(bad, 400, 'invalid_parameter');
    const unknown = await request(w.app)
      .get('/api/v1/resources/00000000-0000-4000-8000-000000000000')
      .set('Authorization', `Bearer ${w.token.police}`);
    expectProblem(unknown, 404, 'not_found');
  });

  it('refuses the NUL character anywhere in a body or query, and keeps other odd Unicode as data', async () => {
    const before = await w.counts();
    const body = await post('/api/v1/resources').send({ name: '户籍\u0000信息', categoryCode: '301' });
    expectProblem(body, 400, 'invalid_character');
    expect(body.body.errors[0].path).toBe('/name');
    const query = await request(w.app).get('/api/v1/resources').query({ q: '户\u0000籍' }).set('Authorization', `Bearer ${w.token.police}`);
    expectProblem(query, 400, 'invalid_character');
    // A parameter is named as itself, as every FieldError names one.
    expect(query.body.errors[0].path).toBe('q');
    expect(await w.counts()).toEqual(before);
    // (A lone surrogate is refused since: test/api/input-hygiene.test.ts.)
    for (const name of ['零\u200b宽', 'ｆｕｌｌ１２３', 'e\u0301tude', '😀表情']) {
      const res = await post('/api/v1/resources').send({ name, categoryCode: '301' }).expect(201);
      expect(typeof res.body.name).toBe('string');
      await request(w.app)
        .get('/api/v1/resources')
        .query({ q: name, status: 'draft' })
        .set('Authorization', `Bearer ${w.token.police}`)
        .expect(200);
    }
  });

  it('answers a malformed %-escape in the path and an undecodable body encoding with 400, not 500', async () => {
    expectProblem(
      await request(w.app).get('/api/v1/resources/%E0%A4%A').set('Authorization', `Bearer ${w.token.police}`),
      400,
      'bad_request',
    );
    const gz = await post('/api/v1/resources').set('Content-Type', 'application/json').set('Content-Encoding', 'gzip').send('{}');
    expectProblem(gz, 400, 'bad_request');
  });

  it('keeps SQL-looking text as plain data', async () => {
    const res = await post('/api/v1/resources').send({ name: "x'); DROP TABLE resources; --", categoryCode: '301' }).expect(201);
    expect(res.body.name).toBe("x'); DROP TABLE resources; --");
    expect((await w.counts()).resources).toBeGreaterThan(0);
  });
});

describe('database errors are translated, never leaked', () => {
  async function driverError(run: () => Promise<unknown>): Promise<unknown> {
    try {
      await run();
    } catch (err) {
      return err;
    }
    throw new Error('expected the database to refuse');
  }

  it("translates this dialect's unique and foreign-key violations into 409 and 422 without the driver text", async () => {
    const at = new Date().toISOString();
    const unique = await driverError(() =>
      w.db('departments').insert({
        id: 'dup-1',
        name: '测试市公安局',
        credit_code: 'X',
        level: 'municipal',
        is_bureau: false,
        created_at: at,
        updated_at: at,
      }),
    );
    const conflict = translateDbError(unique);
    expect(conflict).toMatchObject({ status: 409, code: 'already_exists' });
    expect(conflict!.message).not.toMatch(/departments|UNIQUE constraint|duplicate key|credit_code/);
    const fk = await driverError(() =>
      w
        .db('users')
        .insert({ id: 'fk-1', name: 'x', department_id: 'nope', roles_json: '[]', active: true, created_at: at, updated_at: at }),
    );
    expect(translateDbError(fk)).toMatchObject({ status: 422, code: 'reference_not_found' });
    expect(translateDbError(new Error('something else'))).toBeNull();
  });
});
