import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import { Knex } from 'knex';
import pino from 'pino';
import request from 'supertest';
import { dbErrorTranslator, translateDbError } from '../../src/db/errors';
import { dialectOf } from '../../src/db/knex';
import { AppError } from '../../src/errors';
import { errorHandler, problemBody } from '../../src/http/problem';
import { freshDatabase, TestDb } from '../support/db';

// The driver errors each database really raises, produced on scratch tables of this file's fresh
// database (and on the service's own tables), run through the translator. The unit test
// (test/unit/db-errors.test.ts) feeds the translators objects shaped like these.

let t: TestDb;
let db: Knex;
const at = new Date().toISOString();

beforeAll(async () => {
  t = await freshDatabase();
  db = t.db;
  await db.schema.createTable('scratch_parents', (s) => {
    s.string('id', 36).primary();
    s.string('credit_code', 18).notNullable().unique();
    s.integer('level_no');
    // A constraint with a name of its own, which names no column.
    s.check('?? > 0', ['level_no'], 'scratch_level_positive');
  });
  await db.schema.createTable('scratch_children', (s) => {
    s.string('id', 36).primary();
    s.string('parent_id', 36).references('id').inTable('scratch_parents');
    s.string('display_name', 5).notNullable();
    s.integer('n');
    s.timestamp('at', { useTz: true });
    s.enu('kind', ['a', 'b']);
    s.integer('pos').checkPositive();
    s.text('tags_json').notNullable().defaultTo('[]');
    s.unique(['parent_id', 'display_name']);
  });
  await db('scratch_parents').insert([
    { id: 'p1', credit_code: 'X', level_no: 1 },
    { id: 'p2', credit_code: 'Y', level_no: 1 },
  ]);
  await db('scratch_children').insert({ id: 'c1', parent_id: 'p1', display_name: 'ab' });
});
afterAll(async () => {
  await t.destroy();
});

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (err) {
    return err;
  }
  throw new Error('expected the database to refuse');
}

// Nothing of the driver's text, the statement or the tables in what a client sees.
const LEAK =
  /scratch_|departments|users|insert |update |delete |select |constraint failed|violates|duplicate key|SQLITE|Key \(|relation|\$\d/i;

interface Expected {
  status: number;
  code: string;
  paths?: string[];
}

function expectTranslated(err: unknown, expected: Expected): AppError {
  const problem = translateDbError(err);
  expect(problem).not.toBeNull();
  expect({ status: problem!.status, code: problem!.code, paths: problem!.errors?.map((e) => e.path) }).toEqual({
    status: expected.status,
    code: expected.code,
    paths: expected.paths,
  });
  expect(JSON.stringify(problemBody(problem!, '/api/v1/x'))).not.toMatch(LEAK);
  // The translator chosen by the client answers the same.
  expect(dbErrorTranslator(dialectOf(db))(err)).toEqual(problem);
  return problem!;
}

const pg = () => t.dialect === 'postgres';

describe('constraint violations on scratch tables', () => {
  it('NOT NULL → 422 value_required naming the field', async () => {
    const err = await refusal(() => db('scratch_children').insert({ id: 'c2', display_name: null }));
    expect((err as { code?: string }).code).toBe(pg() ? '23502' : 'SQLITE_CONSTRAINT_NOTNULL');
    expectTranslated(err, { status: 422, code: 'value_required', paths: ['/displayName'] });
  });

  it('a column stored as JSON is named by its API field (tags_json → /tags)', async () => {
    const err = await refusal(() => db('scratch_children').insert({ id: 'c2', display_name: 'x', tags_json: null }));
    expectTranslated(err, { status: 422, code: 'value_required', paths: ['/tags'] });
  });

  it('NOT NULL in an update names the field too', async () => {
    const err = await refusal(() => db('scratch_children').where({ id: 'c1' }).update({ display_name: null }));
    expectTranslated(err, { status: 422, code: 'value_required', paths: ['/displayName'] });
  });

  it('UNIQUE → 409 already_exists naming the field', async () => {
    const err = await refusal(() => db('scratch_parents').insert({ id: 'p9', credit_code: 'X' }));
    expect((err as { code?: string }).code).toBe(pg() ? '23505' : 'SQLITE_CONSTRAINT_UNIQUE');
    expectTranslated(err, { status: 409, code: 'already_exists', paths: ['/creditCode'] });
  });

  it('a duplicate primary key → 409 already_exists on /id', async () => {
    const err = await refusal(() => db('scratch_parents').insert({ id: 'p1', credit_code: 'Z' }));
    expectTranslated(err, { status: 409, code: 'already_exists', paths: ['/id'] });
  });

  it('a unique pair → 409 already_exists naming both fields', async () => {
    const err = await refusal(() => db('scratch_children').insert({ id: 'c3', parent_id: 'p1', display_name: 'ab' }));
    const problem = expectTranslated(err, { status: 409, code: 'already_exists', paths: ['/parentId', '/displayName'] });
    expect(problem.errors![0].message).toContain('combination');
  });

  it("a column's own CHECK → 422 constraint_violated naming the field", async () => {
    const positive = await refusal(() => db('scratch_children').insert({ id: 'c4', display_name: 'x', pos: -3 }));
    expect((positive as { code?: string }).code).toBe(pg() ? '23514' : 'SQLITE_CONSTRAINT_CHECK');
    expectTranslated(positive, { status: 422, code: 'constraint_violated', paths: ['/pos'] });
    const enumerated = await refusal(() => db('scratch_children').insert({ id: 'c4', display_name: 'x', kind: 'zz' }));
    expectTranslated(enumerated, { status: 422, code: 'constraint_violated', paths: ['/kind'] });
  });

  it('a CHECK with a name of its own → 422 constraint_violated naming no field', async () => {
    const err = await refusal(() => db('scratch_parents').insert({ id: 'p3', credit_code: 'Z', level_no: -1 }));
    expectTranslated(err, { status: 422, code: 'constraint_violated', paths: undefined });
  });

  it('a FOREIGN KEY to nothing → 422 reference_not_found (PostgreSQL names the field; SQLite does not say)', async () => {
    const err = await refusal(() => db('scratch_children').insert({ id: 'c5', parent_id: 'nope', display_name: 'x' }));
    expect((err as { code?: string }).code).toBe(pg() ? '23503' : 'SQLITE_CONSTRAINT_FOREIGNKEY');
    expectTranslated(err, { status: 422, code: 'reference_not_found', paths: pg() ? ['/parentId'] : undefined });
    const updated = await refusal(() => db('scratch_children').where({ id: 'c1' }).update({ parent_id: 'nope' }));
    expectTranslated(updated, { status: 422, code: 'reference_not_found', paths: pg() ? ['/parentId'] : undefined });
  });

  it('deleting a row others refer to → 409 still_referenced', async () => {
    const err = await refusal(() => db('scratch_parents').where({ id: 'p1' }).delete());
    expectTranslated(err, { status: 409, code: 'still_referenced' });
  });
});

describe("values a column's type cannot hold (PostgreSQL; SQLite stores them as they are)", () => {
  const cases: Array<[string, () => Promise<unknown>, string, Expected]> = [
    [
      'text longer than varchar(n)',
      () => db('scratch_children').insert({ id: 'c6', display_name: 'abcdefghij' }),
      '22001',
      { status: 422, code: 'value_too_long' },
    ],
    [
      'text for an integer',
      () => db('scratch_children').insert({ id: 'c6', display_name: 'x', n: 'abc' }),
      '22P02',
      { status: 422, code: 'invalid_value', paths: ['/n'] },
    ],
    [
      'an integer out of range, in an update',
      () =>
        db('scratch_children')
          .where({ id: 'c1' })
          .update({ display_name: 'y', n: 2 ** 40 }),
      '22003',
      { status: 422, code: 'invalid_value', paths: ['/n'] },
    ],
    [
      'year 0000',
      () => db('scratch_children').insert({ id: 'c6', display_name: 'x', at: '0000-01-01T00:00:00Z' }),
      '22008',
      { status: 400, code: 'invalid_datetime', paths: ['/at'] },
    ],
    [
      'a malformed date-time, in the second row of an insert',
      () =>
        db('scratch_children').insert([
          { id: 'c6', display_name: 'x', at },
          { id: 'c7', display_name: 'y', at: 'not a time' },
        ]),
      '22007',
      { status: 400, code: 'invalid_datetime', paths: ['/at'] },
    ],
    [
      'U+0000 in text',
      () => db('scratch_children').insert({ id: 'c6', display_name: 'x\u0000' }),
      '22021',
      { status: 422, code: 'invalid_value', paths: ['/displayName'] },
    ],
  ];
  it.each(cases)('%s', async (_label, run, sqlstate, expected) => {
    if (!pg()) return;
    const err = await refusal(run);
    expect((err as { code?: string }).code).toBe(sqlstate);
    expectTranslated(err, expected);
  });
});

describe('unavailability and conflicting transactions', () => {
  it('a deadlock (PostgreSQL 40P01) → 503 transaction_conflict', async () => {
    if (!pg()) return;
    const a = await db.transaction();
    const b = await db.transaction();
    try {
      await a('scratch_parents').where({ id: 'p1' }).update({ level_no: 2 });
      await b('scratch_parents').where({ id: 'p2' }).update({ level_no: 2 });
      const settled = await Promise.allSettled([
        a('scratch_parents').where({ id: 'p2' }).update({ level_no: 3 }),
        b('scratch_parents').where({ id: 'p1' }).update({ level_no: 3 }),
      ]);
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected').map((s) => s.reason);
      expect(failed.map((e: { code?: string }) => e.code)).toEqual(['40P01']);
      expectTranslated(failed[0], { status: 503, code: 'transaction_conflict' });
    } finally {
      await a.rollback();
      await b.rollback();
    }
  });

  it('a serialization failure (PostgreSQL 40001) → 503 transaction_conflict', async () => {
    if (!pg()) return;
    const a = await db.transaction({ isolationLevel: 'repeatable read' });
    try {
      await a('scratch_parents').where({ id: 'p2' }).first();
      await db('scratch_parents').where({ id: 'p2' }).update({ level_no: 5 });
      const err = await refusal(() => a('scratch_parents').where({ id: 'p2' }).update({ level_no: 6 }));
      expect((err as { code?: string }).code).toBe('40001');
      expectTranslated(err, { status: 503, code: 'transaction_conflict' });
    } finally {
      await a.rollback();
    }
  });

  it('a lock not granted (PostgreSQL 55P03) → 503 transaction_conflict', async () => {
    if (!pg()) return;
    const a = await db.transaction();
    const b = await db.transaction();
    try {
      await a('scratch_parents').where({ id: 'p2' }).forUpdate().first();
      const err = await refusal(() => b('scratch_parents').where({ id: 'p2' }).forUpdate().noWait().first());
      expect((err as { code?: string }).code).toBe('55P03');
      expectTranslated(err, { status: 503, code: 'transaction_conflict' });
    } finally {
      await a.rollback();
      await b.rollback();
    }
  });

  it('SQLite busy past its timeout → 503 database_unavailable', async () => {
    if (pg()) return;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-errors-'));
    const file = path.join(dir, 'busy.sqlite');
    const holder = new Database(file);
    const waiter = new Database(file, { timeout: 0 });
    try {
      holder.pragma('journal_mode = WAL');
      holder.exec('CREATE TABLE t (x INTEGER)');
      holder.exec('BEGIN IMMEDIATE');
      holder.exec('INSERT INTO t VALUES (1)');
      const err = await refusal(async () => waiter.exec('INSERT INTO t VALUES (2)'));
      expect((err as { code?: string }).code).toBe('SQLITE_BUSY');
      expectTranslated(err, { status: 503, code: 'database_unavailable' });
    } finally {
      holder.close();
      waiter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the service's own tables", () => {
  it('names the API fields of a duplicate credit code, a missing department and missing roles', async () => {
    await db('departments').insert({
      id: 'dept-1',
      name: '测试市公安局',
      credit_code: '11350100MB00000100',
      level: 'municipal',
      is_bureau: false,
      created_at: at,
      updated_at: at,
    });
    const duplicate = await refusal(() =>
      db('departments').insert({
        id: 'dept-2',
        name: '测试市民政局',
        credit_code: '11350100MB00000100',
        level: 'municipal',
        is_bureau: false,
        created_at: at,
        updated_at: at,
      }),
    );
    expectTranslated(duplicate, { status: 409, code: 'already_exists', paths: ['/creditCode'] });
    const user = { id: 'user-1', name: '张敏', department_id: 'dept-1', roles_json: '[]', active: true, created_at: at, updated_at: at };
    const noDepartment = await refusal(() => db('users').insert({ ...user, department_id: 'nope' }));
    expectTranslated(noDepartment, { status: 422, code: 'reference_not_found', paths: pg() ? ['/departmentId'] : undefined });
    const noRoles = await refusal(() => db('users').insert({ ...user, roles_json: null }));
    expectTranslated(noRoles, { status: 422, code: 'value_required', paths: ['/roles'] });
  });
});

describe('through the error handler', () => {
  function appThrowing(err: unknown): express.Express {
    const app = express();
    app.get('/x', () => {
      throw err;
    });
    app.use(errorHandler(pino({ level: 'silent' }), '1mb'));
    return app;
  }

  it('answers a real driver error as problem+json with the field, and no driver text', async () => {
    const err = await refusal(() => db('scratch_children').insert({ id: 'c8', display_name: null }));
    const res = await request(appThrowing(err)).get('/x?q=1');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual({
      type: '/problems/value_required',
      title: 'Unprocessable',
      status: 422,
      code: 'value_required',
      detail: '缺少必填的值 (a required value is missing)',
      instance: '/x',
      errors: [{ path: '/displayName', code: 'value_required', message: '必填 (required)' }],
    });
  });

  it('sends Retry-After with a transaction conflict', async () => {
    if (!pg()) return;
    const a = await db.transaction();
    const b = await db.transaction();
    let err: unknown;
    try {
      await a('scratch_parents').where({ id: 'p2' }).forUpdate().first();
      err = await refusal(() => b('scratch_parents').where({ id: 'p2' }).forUpdate().noWait().first());
    } finally {
      await a.rollback();
      await b.rollback();
    }
    const res = await request(appThrowing(err)).get('/x');
    expect({ status: res.status, code: res.body.code, retryAfter: res.headers['retry-after'] }).toEqual({
      status: 503,
      code: 'transaction_conflict',
      retryAfter: '1',
    });
    expect(JSON.stringify(res.body)).not.toMatch(LEAK);
  });
});
