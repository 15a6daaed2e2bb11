import { expectProblem } from '../support/assertions';
import { createWorld, World } from '../support/world';

// What a clerk reads when a request does not match the contract (src/http/validation-messages.ts):
// Chinese with ajv's English as the gloss, the field's Chinese label and its JSON Pointer, the
// allowed values of an enumeration with their labels, one error per mistake.

let w: World;

beforeAll(async () => {
  w = await createWorld();
});
afterAll(async () => {
  await w.destroy();
});

const CJK = /[\u4e00-\u9fff]/;

it('names each mistake of a body once, in Chinese with an English gloss, by label and JSON Pointer', async () => {
  const res = await w
    .as('police')
    .post('/api/v1/resources')
    .send({ name: 42, categoryCode: '101', sharingType: 'maybe', format: 7, colour: 'red' });
  expectProblem(res, 400, 'invalid_body');
  const byPath = Object.fromEntries((res.body.errors as Array<{ path: string; message: string }>).map((e) => [e.path, e.message]));
  expect(Object.keys(byPath).sort()).toEqual(['/colour', '/format', '/name', '/sharingType']);
  expect(byPath['/name']).toBe('名称（/name）应为文本 (/name must be string)');
  expect(byPath['/colour']).toBe('colour（/colour）不是此处可用的字段，请删除或检查拼写 (/colour is not a known field)');
  // An enumeration says which values are allowed, with their labels — once, not once per branch.
  expect(byPath['/sharingType']).toMatch(
    /^共享类型（\/sharingType）应为以下之一：unconditional（无条件共享）、conditional（有条件共享）、not_shared（不予共享） \(/,
  );
  // A number for a nullable enumeration: its values, not also "must be null".
  expect(byPath['/format']).toMatch(/^格式（\/format）应为以下之一：electronic_file（电子文件）、spreadsheet（电子表格）/);
  expect(res.body.errors).toHaveLength(4);
  expect(res.body.detail).toBe('请求体有 4 处不符合接口定义，逐条见 errors (4 problems in the body, listed in errors)');
  for (const message of Object.values(byPath)) expect(message).toMatch(CJK);
});

it('a single mistake is the detail itself; a missing field and an item of a list are named by their labels', async () => {
  const res = await w.as('police').post('/api/v1/resources').send({ categoryCode: '101' });
  expectProblem(res, 400, 'invalid_body');
  expect(res.body.errors).toEqual([{ path: '/name', code: 'required', message: '名称（/name）必须填写 (/name is required)' }]);
  expect(res.body.detail).toBe(res.body.errors[0].message);

  const items = await w
    .as('police')
    .post('/api/v1/resources')
    .send({
      name: '信息项测试',
      categoryCode: '101',
      items: [
        { name: '姓名', dataType: 'string' },
        { name: '', dataType: 'text' },
      ],
    });
  expectProblem(items, 400, 'invalid_body');
  const messages = (items.body.errors as Array<{ path: string; message: string }>).map((e) => e.message);
  expect(messages.some((m) => m.startsWith('信息项第 2 项的名称（/items/1/name）'))).toBe(true);
});

it('a value of neither type of a nullable field gets one error naming both types', async () => {
  const res = await w.as('police').post('/api/v1/resources').send({ name: '可空字段测试', categoryCode: '101', projectId: 7 });
  expectProblem(res, 400, 'invalid_body');
  expect(res.body.errors).toEqual([
    { path: '/projectId', code: 'type', message: '项目 ID（/projectId）应为文本或空值（null） (/projectId must be string or null)' },
  ]);
});

it('query parameters: the label, the pointer and the bounds', async () => {
  const res = await w.as('edu').get('/api/v1/resources').query({ limit: '0' });
  expectProblem(res, 400, 'invalid_query');
  expect(res.body.errors).toHaveLength(1);
  expect(res.body.errors[0].path).toBe('limit');
  expect(res.body.errors[0].message).toMatch(/^每页条数（查询参数 limit）不能小于 1 \(query parameter limit must be >= 1\)$/);
});
