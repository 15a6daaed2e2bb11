import request from 'supertest';
import { translateDbError } from '../../src/db/errors';
import { expectProblem, NO_SUCH_ID } from '../support/assertions';
import { completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Input an adversarial probe found getting through: invisible characters that dodged the
// duplicate check (一数一源), control and bidi characters in names, lone surrogates stored as
// U+FFFD, a leap second that crashed a date-time field, a cursor timestamp PostgreSQL cannot hold,
// and numbers beyond what the databases store. Each is refused with a 400 that names the field,
// and a refused request writes nothing.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const json = (actor: Parameters<World['as']>[0], method: 'post' | 'patch', url: string, raw: string) =>
  w.as(actor)[method](url).set('Content-Type', 'application/json').send(raw);
const errorPaths = (res: request.Response) => (res.body.errors as Array<{ path: string }>).map((e) => e.path);

describe('一数一源 with invisible characters', () => {
  const ITEMS = [
    { name: '不动产单元号', dataType: 'C', queryRole: 'input' },
    { name: '权利人名称', dataType: 'C', queryRole: 'output' },
    { name: '坐落地址', dataType: 'C', queryRole: 'output' },
    { name: '登记日期', dataType: 'D', queryRole: 'output' },
  ];
  let source: { id: string };

  beforeAll(async () => {
    source = await publishEntry(w, { name: '不动产登记信息', categoryCode: '101', items: ITEMS });
  });

  async function candidatesOf(items: Array<Record<string, unknown>>, name: string) {
    const d = await w
      .as('civil')
      .post('/api/v1/resources')
      .send(completeEntry({ name, categoryCode: '302', items }))
      .expect(201);
    const res = await w.as('civil').post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
    return (res.body.duplicateCandidates as Array<{ resourceId: string; overlapRatio: number; overlappingItems: string[] }>).map((c) => ({
      resourceId: c.resourceId,
      overlapRatio: c.overlapRatio,
      overlapping: c.overlappingItems.length,
    }));
  }

  it('finds the same candidates for item names with U+200B, U+200D or U+FE0F inserted as for a plain copy', async () => {
    const plain = await candidatesOf(ITEMS, '不动产登记信息副本');
    expect(plain).toEqual([{ resourceId: source.id, overlapRatio: 1, overlapping: 4 }]);
    for (const invisible of ['\u200b', '\u200d', '\ufe0f', '\u2060\u00ad']) {
      const disguised = ITEMS.map((item) => ({ ...item, name: `${Array.from(item.name).join(invisible)}${invisible}` }));
      expect({ invisible, candidates: await candidatesOf(disguised, `不动产登记信息${invisible}副本`) }).toEqual({
        invisible,
        candidates: plain,
      });
    }
  });

  it('finds an entry by a keyword that an invisible character splits in its name', async () => {
    const d = await w
      .as('civil')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '婚\u200b姻\u200d登记\ufeff信息', categoryCode: '302' }))
      .expect(201);
    for (const q of ['婚姻', '婚姻登记信息']) {
      const res = await w.as('civil').get('/api/v1/resources').query({ q, status: 'draft' }).expect(200);
      expect({ q, ids: res.body.items.map((i: { id: string }) => i.id) }).toEqual({ q, ids: expect.arrayContaining([d.body.id]) });
    }
  });
});

describe('control and bidi characters in names', () => {
  const BAD = {
    'RLO U+202E': 'abc\u202efdp.exe',
    'BEL U+0007': '户籍\u0007信息',
    'line feed': '户籍\n信息',
    'FSI U+2068': '户籍\u2068信息',
    'LRM U+200E': '\u200e户籍',
    'ALM U+061C': '户籍\u061c',
    'line separator U+2028': '户籍\u2028信息',
    'only invisible': '\u200b\u200d',
  };

  it.each(Object.entries(BAD))(
    'refuses %s in every name with 400 invalid_body naming the field, and writes nothing',
    async (_label, bad) => {
      const before = await w.counts();
      const entry = await w
        .as('police')
        .post('/api/v1/resources')
        .send(completeEntry({ name: bad }));
      expectProblem(entry, 400, 'invalid_body');
      expect(entry.body.errors).toEqual([
        expect.objectContaining({ path: '/name', code: 'format', message: expect.stringContaining('名称') }),
      ]);
      const items = completeEntry().items as Array<Record<string, unknown>>;
      const item = await w
        .as('police')
        .post('/api/v1/resources')
        .send(completeEntry({ items: [items[0], { ...items[1], name: bad }] }));
      expectProblem(item, 400, 'invalid_body');
      expect(errorPaths(item)).toEqual(['/items/1/name']);
      const project = await w
        .as('police')
        .post('/api/v1/projects')
        .send({ code: 'T-HY-001', name: bad, content: '建设内容', approvedBudgetYuan: 1000 });
      expect({ status: project.status, paths: errorPaths(project) }).toEqual({ status: 400, paths: ['/name'] });
      const department = await w
        .as('bureau')
        .post('/api/v1/departments')
        .send({ name: bad, creditCode: '11350100MB00000100', level: 'municipal' });
      expect({ status: department.status, paths: errorPaths(department) }).toEqual({ status: 400, paths: ['/name'] });
      const user = await w
        .as('bureau')
        .post('/api/v1/users')
        .send({ name: bad, departmentId: w.departmentId.police, roles: ['consumer'] });
      expect({ status: user.status, paths: errorPaths(user) }).toEqual({ status: 400, paths: ['/name'] });
      const token = await w.as('bureau').post(`/api/v1/users/${w.userId.police2}/tokens`).send({ name: bad });
      expect({ status: token.status, paths: errorPaths(token) }).toEqual({ status: 400, paths: ['/name'] });
      const renamedUser = await w.as('bureau').patch(`/api/v1/users/${w.userId.police2}`).set('If-Match', '*').send({ name: bad });
      expect({ status: renamedUser.status, paths: errorPaths(renamedUser) }).toEqual({ status: 400, paths: ['/name'] });
      const renamedDepartment = await w
        .as('bureau')
        .patch(`/api/v1/departments/${w.departmentId.police}`)
        .set('If-Match', '*')
        .send({ name: bad });
      expect({ status: renamedDepartment.status, paths: errorPaths(renamedDepartment) }).toEqual({ status: 400, paths: ['/name'] });
      expect(await w.counts()).toEqual(before);
    },
  );

  it('refuses them in the other names too: camera points, certificates, holidays, the people on a registration', async () => {
    const bad = '户籍\u202e信息';
    const camera = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ video: { cameraPoints: [{ code: 'C-1', name: bad, location: '路口' }], sharingScope: '公安' } }));
    expect(camera.status).toBe(400);
    expect(errorPaths(camera)).toContain('/video/cameraPoints/0/name');
    const certificate = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ provisionModes: [{ mode: 'certificate', certificateName: bad }] }));
    expect(certificate.status).toBe(400);
    expect(errorPaths(certificate)).toContain('/provisionModes/0/certificateName');
    const calendar = await w
      .as('bureau')
      .put('/api/v1/calendar/years/2030')
      .set('If-Match', '*')
      .send({ source: '通知', holidays: [{ name: bad, start: '2030-01-01', end: '2030-01-01' }], workdays: [] });
    expect({ status: calendar.status, paths: errorPaths(calendar) }).toEqual({ status: 400, paths: ['/holidays/0/name'] });
    const filing = await w
      .as('police')
      .post(`/api/v1/projects/${NO_SUCH_ID}/registration`)
      .send({ outcomes: '成果', acceptanceMaterials: '材料', scopeAndDesensitization: '范围', handler: bad });
    expect({ status: filing.status, paths: errorPaths(filing) }).toEqual({ status: 400, paths: ['/handler'] });
    const receipt = await w.as('bureau').post(`/api/v1/projects/${NO_SUCH_ID}/registration/receipt`).send({ receiver: '李\n明' });
    expect({ status: receipt.status, paths: errorPaths(receipt) }).toEqual({ status: 400, paths: ['/receiver'] });
  });

  it('keeps invisible joiners and other Unicode in names as data, and the name as given', async () => {
    for (const name of ['零\u200b宽', '👨\u200d👩\u200d👧 家庭信息', 'ｆｕｌｌ１２３', 'e\u0301tude', 'مرحبا']) {
      const res = await w.as('police').post('/api/v1/resources').send({ name, categoryCode: '301' }).expect(201);
      expect(res.body.name).toBe(name);
      expect((await w.as('police').get(`/api/v1/resources/${res.body.id}`).expect(200)).body.name).toBe(name);
    }
  });
});

describe('lone surrogates', () => {
  it('refuses one in a name with 400 invalid_character naming it, instead of storing U+FFFD', async () => {
    const before = await w.counts();
    const res = await json('police', 'post', '/api/v1/resources', '{"name":"人口\\ud800信息","categoryCode":"101"}');
    expectProblem(res, 400, 'invalid_character');
    expect(res.body.errors).toEqual([{ path: '/name', code: 'lone_surrogate', message: expect.stringContaining('代理') }]);
    expect(await w.counts()).toEqual(before);
  });

  it("refuses one anywhere in any body: a nested field, a low half alone, a sharing request's item list", async () => {
    const before = await w.counts();
    const nested = await json(
      'police',
      'post',
      '/api/v1/resources',
      JSON.stringify(completeEntry()).replace('"保留前6位和后4位"', '"保留\\udc00"'),
    );
    expectProblem(nested, 400, 'invalid_character');
    expect(errorPaths(nested)).toEqual(['/items/0/desensitizationRule']);
    const project = await json(
      'police',
      'post',
      '/api/v1/projects',
      '{"code":"T-HY-002","name":"系统","content":"a\\ud83d","approvedBudgetYuan":1}',
    );
    expect({ status: project.status, code: project.body.code, paths: errorPaths(project) }).toEqual({
      status: 400,
      code: 'invalid_character',
      paths: ['/content'],
    });
    const request = await json(
      'edu',
      'post',
      '/api/v1/sharing-requests',
      JSON.stringify(sharingRequestBody(NO_SUCH_ID, { items: ['姓名', 'x\udfff'] })).replace('x\\udfff', 'x\\udfff'),
    );
    expect({ status: request.status, code: request.body.code, paths: errorPaths(request) }).toEqual({
      status: 400,
      code: 'invalid_character',
      paths: ['/items/1'],
    });
    expect(await w.counts()).toEqual(before);
  });

  it('keeps a whole surrogate pair (an astral character) as data', async () => {
    const res = await json(
      'police',
      'post',
      '/api/v1/resources',
      '{"name":"\\ud842\\udfb7人口\\ud83d\\ude00","categoryCode":"101"}',
    ).expect(201);
    expect(res.body.name).toBe('𠮷人口😀');
    expect((await w.as('police').get(`/api/v1/resources/${res.body.id}`).expect(200)).body.name).toBe('𠮷人口😀');
  });

  it('cannot get one through a query or a path: percent-encoded halves arrive as U+FFFD or are refused', async () => {
    // UTF-8 has no encoding of a lone surrogate: %ED%A0%80 is invalid UTF-8, which the query
    // parser decodes to U+FFFD (a real character) and the path decoder refuses.
    const query = await request(w.app).get('/api/v1/resources?q=%ED%A0%80&status=draft').set('Authorization', `Bearer ${w.token.police}`);
    expect(query.status).toBe(200);
    expectProblem(
      await request(w.app).get('/api/v1/resources/%ED%A0%80').set('Authorization', `Bearer ${w.token.police}`),
      400,
      'bad_request',
    );
  });
});

describe('date-time and date values', () => {
  let entryId: string;
  beforeAll(async () => {
    entryId = (
      await publishEntry(w, { name: '出入境记录', categoryCode: '101', provisionModes: [{ mode: 'other', description: '前置机交换' }] })
    ).id;
  });
  const declare = (occurredAt: string) =>
    w
      .as('police')
      .post(`/api/v1/resources/${entryId}/connections`)
      .send({ mode: 'other', reference: '前置机 QZ-01', evidence: '部署记录', occurredAt });

  it.each([
    ['a leap second', '2016-12-31T23:59:60Z'],
    ['a leap second with an offset', '2017-01-01T07:59:60+08:00'],
    ['year 0000, which PostgreSQL has not', '0000-01-01T00:00:00Z'],
    ['a date before 1970', '1969-12-31T23:59:59Z'],
    ['30 February', '2026-02-30T08:00:00+08:00'],
    ['29 February of a common year', '2026-02-29T08:00:00Z'],
    ['hour 24', '2026-03-01T24:00:00Z'],
    ['no time zone', '2026-03-01T08:00:00'],
  ])('refuses %s with 400 naming the field, never a 500, and writes nothing', async (_label, occurredAt) => {
    const before = await w.counts();
    const res = await declare(occurredAt);
    expectProblem(res, 400, 'invalid_body');
    expect(res.body.errors).toEqual([
      expect.objectContaining({ path: '/occurredAt', code: 'format', message: expect.stringContaining('RFC 3339') }),
    ]);
    expect(await w.counts()).toEqual(before);
  });

  it('takes a real instant, with any offset', async () => {
    const res = await declare('2026-03-01T12:00:00.5+08:00').expect(201);
    expect(res.body.occurredAt).toBe('2026-03-01T04:00:00.500Z');
  });

  it('refuses a date that is not on the calendar and takes 29 February of a leap year', async () => {
    const target = await publishEntry(w, { name: '护照签发记录', categoryCode: '101' });
    for (const [field, value] of [
      ['periodStart', '2026-02-30'],
      ['periodEnd', '2027-02-29'],
      ['periodEnd', '2026-13-01'],
      ['periodEnd', '2026-04-31'],
    ]) {
      const res = await w
        .as('edu')
        .post('/api/v1/sharing-requests')
        .send(sharingRequestBody(target.id, { [field]: value }));
      expectProblem(res, 400, 'invalid_body');
      expect({ value, paths: errorPaths(res) }).toEqual({ value, paths: [`/${field}`] });
    }
    await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send(sharingRequestBody(target.id, { periodEnd: '2028-02-29' }))
      .expect(201);
  });
});

describe('list cursors carrying values the database cannot take', () => {
  const cursor = (s: string, v: unknown[]) => Buffer.from(JSON.stringify({ s, v })).toString('base64url');
  const LISTS: Array<[string, string, string]> = [
    ['/api/v1/departments', 'createdAt', 'bureau'],
    ['/api/v1/users', 'createdAt', 'bureau'],
    ['/api/v1/projects', 'createdAt', 'bureau'],
    ['/api/v1/resources', '-updatedAt', 'police'],
    ['/api/v1/resources?sort=createdAt', 'createdAt', 'police'],
    ['/api/v1/sharing-requests?sort=-createdAt', '-createdAt', 'edu'],
    ['/api/v1/grants', '-createdAt', 'edu'],
  ];
  const BAD_TIMESTAMPS = [
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00Z',
    '2021-02-31T00:00:00Z',
    '2016-12-31T23:59:60Z',
    '1969-12-31T23:59:59Z',
    '2026-03-02T25:00:00Z',
  ];

  it.each(LISTS)(
    '%s answers a cursor with a timestamp out of range or off the calendar with 400 invalid_cursor',
    async (path, sort, actor) => {
      const sep = path.includes('?') ? '&' : '?';
      for (const ts of BAD_TIMESTAMPS) {
        const res = await w.as(actor as 'bureau').get(`${path}${sep}cursor=${cursor(sort, [ts, NO_SUCH_ID])}`);
        expect({ ts, status: res.status, code: res.body.code }).toEqual({ ts, status: 400, code: 'invalid_cursor' });
      }
      // A cursor of this sort in range still pages (from the start of 1970: nothing before it).
      const ok = await w
        .as(actor as 'bureau')
        .get(`${path}${sep}cursor=${cursor(sort, [sort.startsWith('-') ? '9999-12-31T23:59:59Z' : '1970-01-01T00:00:00Z', NO_SUCH_ID])}`);
      expect(ok.status).toBe(200);
    },
  );

  it('answers text holding U+0000 or a lone surrogate, and an integer out of range, with 400 invalid_cursor', async () => {
    const cases: Array<[string, string]> = [
      ['/api/v1/resources?sort=name', cursor('name', ['户籍\u0000', NO_SUCH_ID])],
      ['/api/v1/resources?sort=name', cursor('name', ['户籍', `${NO_SUCH_ID}\ud800`])],
      ['/api/v1/sharing-requests', cursor('urgency', [2 ** 31, '', '2026-03-02T01:00:00.000Z', NO_SUCH_ID])],
      ['/api/v1/sharing-requests', cursor('urgency', [Number.POSITIVE_INFINITY, '', '2026-03-02T01:00:00.000Z', NO_SUCH_ID])],
      ['/api/v1/audit-events', cursor('seq', [-1])],
    ];
    for (const [path, c] of cases) {
      const res = await w.as('bureau').get(`${path}${path.includes('?') ? '&' : '?'}cursor=${c}`);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'invalid_cursor' });
    }
  });

  it("translates PostgreSQL's date/time overflow and format errors (22008, 22007) into a 400 problem, as a safety net", async () => {
    expect(translateDbError({ code: '22008' })).toMatchObject({ status: 400, code: 'invalid_datetime' });
    expect(translateDbError({ code: '22007' })).toMatchObject({ status: 400, code: 'invalid_datetime' });
    if (w.dialect !== 'postgres') return;
    for (const [literal, sqlstate] of [
      ['0000-01-01T00:00:00Z', '22008'],
      ['2021-02-31T00:00:00Z', '22008'],
      ['not a time', '22007'],
    ]) {
      const err = await w.db.raw('SELECT ?::timestamptz AS t', [literal]).then(
        () => null,
        (e: unknown) => e,
      );
      expect({ literal, code: (err as { code?: string }).code, translated: translateDbError(err)?.status }).toEqual({
        literal,
        code: sqlstate,
        translated: 400,
      });
    }
  });
});

describe('numbers beyond what the databases hold', () => {
  const entryWith = (volume: string) => `{"name":"数据量测试","categoryCode":"101","totalDataVolume":${volume}}`;

  it.each([
    ['1e309 (JSON.parse: Infinity)', '{"records":1e309}', '/totalDataVolume/records'],
    ['-1e309', '{"bytes":-1e309}', '/totalDataVolume/bytes'],
    ['2^63', '{"records":9223372036854775808}', '/totalDataVolume/records'],
    ['2^53', '{"bytes":9007199254740992}', '/totalDataVolume/bytes'],
  ])('refuses %s with 400 invalid_body naming the field, and writes nothing', async (_label, volume, path) => {
    const before = await w.counts();
    const res = await json('police', 'post', '/api/v1/resources', entryWith(volume));
    expectProblem(res, 400, 'invalid_body');
    expect(errorPaths(res)).toContain(path);
    expect(await w.counts()).toEqual(before);
  });

  it('stores 2^53 − 1 records and bytes and reads them back identical', async () => {
    const res = await json(
      'police',
      'post',
      '/api/v1/resources',
      entryWith('{"records":9007199254740991,"bytes":9007199254740991}'),
    ).expect(201);
    expect(res.body.totalDataVolume).toEqual({ records: 9007199254740991, bytes: 9007199254740991 });
    const read = await w.as('police').get(`/api/v1/resources/${res.body.id}`).expect(200);
    expect(read.text).toContain('"totalDataVolume":{"records":9007199254740991,"bytes":9007199254740991}');
    const row = await w.db('resources').where({ id: res.body.id }).first('total_records', 'total_bytes');
    expect([String(row.total_records), String(row.total_bytes)]).toEqual(['9007199254740991', '9007199254740991']);
  });

  it('refuses Infinity in a query number (a coerced "Infinity" or "1e309")', async () => {
    for (const limit of ['Infinity', '1e309', '-Infinity']) {
      const res = await w.as('bureau').get(`/api/v1/departments?limit=${limit}`);
      expect({ limit, status: res.status, code: res.body.code }).toEqual({ limit, status: 400, code: 'invalid_query' });
    }
  });
});
