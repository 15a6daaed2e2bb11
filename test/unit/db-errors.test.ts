import express from 'express';
import pino from 'pino';
import request from 'supertest';
import { fieldPointer, translateDbError, translatePostgresError, translateSqliteError } from '../../src/db/errors';
import {
  AppError,
  ConcurrentChangeError,
  DatabaseUnavailableError,
  PreconditionFailedError,
  PreconditionRequiredError,
  RateLimitedError,
  TransactionConflictError,
  UnauthenticatedError,
} from '../../src/errors';
import * as versions from '../../src/db/versions';
import { errorHandler, problemBody } from '../../src/http/problem';

// Each translator fed driver errors shaped as the drivers raise them (copied from real ones, which
// test/db/db-errors.test.ts produces on both databases): status, code, the field named, and no
// table, SQL or driver text in what the client sees.

// Nothing of the driver's text, the statement or the tables in a problem.
const LEAK =
  /children|parents|departments|insert |update |delete |select |constraint failed|violates|duplicate key|SQLITE|Key \(|relation|\$\d|varying|syntax/i;

function pgError(code: string, message: string, fields: Record<string, string> = {}) {
  // node-postgres' DatabaseError, as knex rethrows it: the statement in front of the message.
  return Object.assign(new Error(message), { name: 'error', severity: 'ERROR', code, ...fields });
}

function sqliteError(code: string, message: string) {
  return Object.assign(new Error(message), { name: 'SqliteError', code });
}

function expectProblem(problem: AppError | null, status: number, code: string, paths?: string[]): void {
  expect(problem).toBeInstanceOf(AppError);
  expect({ status: problem!.status, code: problem!.code, paths: problem!.errors?.map((e) => e.path) }).toEqual({ status, code, paths });
  expect(JSON.stringify(problemBody(problem!, '/api/v1/resources'))).not.toMatch(LEAK);
  for (const e of problem!.errors ?? []) expect(e.message).toMatch(/\(.+\)$/);
}

describe('PostgreSQL translator', () => {
  const cases: Array<[string, ReturnType<typeof pgError>, number, string, string[] | undefined]> = [
    [
      'not-null (23502): the error names the column',
      pgError(
        '23502',
        'insert into "children" ("display_name", "id") values ($1, $2) - null value in column "display_name" of relation "children" violates not-null constraint',
        {
          detail: 'Failing row contains (c2, null, null, null, null, null, null).',
          schema: 'test_1',
          table: 'children',
          column: 'display_name',
        },
      ),
      422,
      'value_required',
      ['/displayName'],
    ],
    [
      'unique (23505): the key in detail',
      pgError(
        '23505',
        'insert into "parents" ("credit_code", "id") values ($1, $2) - duplicate key value violates unique constraint "parents_credit_code_unique"',
        { detail: 'Key (credit_code)=(X) already exists.', table: 'parents', constraint: 'parents_credit_code_unique' },
      ),
      409,
      'already_exists',
      ['/creditCode'],
    ],
    [
      'unique pair (23505)',
      pgError(
        '23505',
        'insert into "children" ("display_name", "id", "parent_id") values ($1, $2, $3) - duplicate key value violates unique constraint "children_parent_id_display_name_unique"',
        {
          detail: 'Key (parent_id, display_name)=(p1, ab) already exists.',
          table: 'children',
          constraint: 'children_parent_id_display_name_unique',
        },
      ),
      409,
      'already_exists',
      ['/parentId', '/displayName'],
    ],
    [
      'unique (23505) in another locale: the column from the constraint, as the statement writes it',
      pgError('23505', 'insert into "parents" ("credit_code", "id") values ($1, $2) - 重复键违反唯一约束"parents_credit_code_unique"', {
        detail: '键值"(credit_code)=(X)" 已经存在',
        table: 'parents',
        constraint: 'parents_credit_code_unique',
      }),
      409,
      'already_exists',
      ['/creditCode'],
    ],
    [
      'unique on an expression (23505): no field',
      pgError(
        '23505',
        'insert into "parents" ("name", "id") values ($1, $2) - duplicate key value violates unique constraint "parents_lower_name"',
        {
          detail: 'Key (lower(name::text))=(x) already exists.',
          table: 'parents',
          constraint: 'parents_lower_name',
        },
      ),
      409,
      'already_exists',
      undefined,
    ],
    [
      'check (23514): a column-level check, named <table>_<column>_check',
      pgError(
        '23514',
        'insert into "children" ("display_name", "id", "pos") values ($1, $2, $3) - new row for relation "children" violates check constraint "children_pos_check"',
        { detail: 'Failing row contains (c5, null, x, null, null, null, -3).', table: 'children', constraint: 'children_pos_check' },
      ),
      422,
      'constraint_violated',
      ['/pos'],
    ],
    [
      'check (23514) with a name of its own: no field',
      pgError(
        '23514',
        'insert into "parents" ("credit_code", "id", "level_no") values ($1, $2, $3) - new row for relation "parents" violates check constraint "parents_level_no_positive"',
        { detail: 'Failing row contains (p3, Z, -1).', table: 'parents', constraint: 'parents_level_no_positive' },
      ),
      422,
      'constraint_violated',
      undefined,
    ],
    [
      'foreign key (23503) on insert',
      pgError(
        '23503',
        'insert into "children" ("display_name", "id", "parent_id") values ($1, $2, $3) - insert or update on table "children" violates foreign key constraint "children_parent_id_foreign"',
        {
          detail: 'Key (parent_id)=(nope) is not present in table "parents".',
          table: 'children',
          constraint: 'children_parent_id_foreign',
        },
      ),
      422,
      'reference_not_found',
      ['/parentId'],
    ],
    [
      'foreign key (23503) on delete of a referenced row',
      pgError(
        '23503',
        'delete from "parents" where "id" = $1 - update or delete on table "parents" violates foreign key constraint "children_parent_id_foreign" on table "children"',
        { detail: 'Key (id)=(p1) is still referenced from table "children".', table: 'children', constraint: 'children_parent_id_foreign' },
      ),
      409,
      'still_referenced',
      undefined,
    ],
    [
      'foreign key (23503) re-keying a referenced row, in another locale',
      pgError('23503', 'update "parents" set "id" = $1 where "id" = $2 - 在 "parents" 上的更新或删除操作违反了在 "children" 上的外键约束', {
        detail: '键值对(id)=(p1)仍然是从表"children"引用的.',
        table: 'children',
        constraint: 'children_parent_id_foreign',
      }),
      409,
      'still_referenced',
      undefined,
    ],
    [
      'string too long (22001): the server names the type, not the column',
      pgError('22001', 'update "p" set "s" = $1 where "id" = $2 - value too long for type character varying(5)'),
      422,
      'value_too_long',
      undefined,
    ],
    [
      'invalid text representation (22P02): the parameter names the column',
      pgError(
        '22P02',
        'insert into "children" ("display_name", "id", "n") values ($1, $2, $3) - invalid input syntax for type integer: "abc"',
        {
          where: "unnamed portal parameter $3 = '...'",
        },
      ),
      422,
      'invalid_value',
      ['/n'],
    ],
    [
      'numeric out of range (22003) in an update',
      pgError(
        '22003',
        'update "children" set "display_name" = $1, "n" = $2 where "id" = $3 - value "1099511627776" is out of range for type integer',
        {
          where: "unnamed portal parameter $2 = '...'",
        },
      ),
      422,
      'invalid_value',
      ['/n'],
    ],
    [
      'U+0000 in text (22021)',
      pgError('22021', 'insert into "p" ("id", "s") values ($1, $2) - invalid byte sequence for encoding "UTF8": 0x00', {
        where: 'unnamed portal parameter $2',
      }),
      422,
      'invalid_value',
      ['/s'],
    ],
    [
      'datetime overflow (22008)',
      pgError(
        '22008',
        'insert into "children" ("at", "display_name", "id") values ($1, $2, $3) - date/time field value out of range: "0000-01-01T00:00:00Z"',
        { where: "unnamed portal parameter $1 = '...'" },
      ),
      400,
      'invalid_datetime',
      ['/at'],
    ],
    [
      'datetime format (22007) in the second row of an insert, with DEFAULT in the first',
      pgError(
        '22007',
        'insert into "children" ("at", "display_name", "id") values ($1, $2, DEFAULT), ($3, $4, $5) - invalid input syntax for type timestamp with time zone: "not a time"',
        { where: "unnamed portal parameter $3 = '...'" },
      ),
      400,
      'invalid_datetime',
      ['/at'],
    ],
    [
      'a cast parameter ($n::jsonb) still maps to its column',
      pgError('22P02', 'insert into "t" ("id", "details_json") values ($1, $2::jsonb) - invalid input syntax for type json', {
        where: "unnamed portal parameter $2 = '...'",
      }),
      422,
      'invalid_value',
      ['/details'],
    ],
    [
      'a parameter of a condition names no field',
      pgError('22P02', 'select * from "children" where "n" = $1 - invalid input syntax for type integer: "abc"', {
        where: "unnamed portal parameter $1 = '...'",
      }),
      422,
      'invalid_value',
      undefined,
    ],
    [
      'serialization failure (40001)',
      pgError('40001', 'update "p" set "v" = $1 where "id" = $2 - could not serialize access due to concurrent update'),
      503,
      'transaction_conflict',
      undefined,
    ],
    [
      'deadlock (40P01)',
      pgError('40P01', 'update "p" set "v" = $1 where "id" = $2 - deadlock detected', {
        detail: 'Process 32365 waits for ShareLock on transaction 107602; blocked by process 32366.',
        where: 'while updating tuple (0,2) in relation "p"',
      }),
      503,
      'transaction_conflict',
      undefined,
    ],
    [
      'lock not available (55P03)',
      pgError('55P03', 'select * from "p" where "id" = $1 limit $2 for update nowait - could not obtain lock on row in relation "p"'),
      503,
      'transaction_conflict',
      undefined,
    ],
    [
      'statement timeout (57014)',
      pgError('57014', 'select pg_sleep(1) - canceling statement due to statement timeout'),
      503,
      'database_unavailable',
      undefined,
    ],
    [
      'admin shutdown (57P01)',
      pgError('57P01', 'terminating connection due to administrator command'),
      503,
      'database_unavailable',
      undefined,
    ],
    ['too many connections (53300)', pgError('53300', 'sorry, too many clients already'), 503, 'database_unavailable', undefined],
    ['connection failure (08006)', pgError('08006', 'connection failure'), 503, 'database_unavailable', undefined],
  ];

  it.each(cases)('%s', (_label, err, status, code, paths) => {
    expectProblem(translatePostgresError(err), status, code, paths);
    // The same through the entry point, told the dialect or guessing it from the error's shape.
    expect(translateDbError(err, 'postgres')).toEqual(translatePostgresError(err));
    expect(translateDbError(err)).toEqual(translatePostgresError(err));
  });

  it('keeps the bare-SQLSTATE answers the rest of the suite relies on', () => {
    expectProblem(translateDbError({ code: '23505' }), 409, 'already_exists');
    expectProblem(translateDbError({ code: '23503' }), 422, 'reference_not_found');
    expectProblem(translateDbError({ code: '22001' }), 422, 'value_too_long');
    expectProblem(translateDbError({ code: '22P02' }), 422, 'invalid_value');
    expectProblem(translateDbError({ code: '22003' }), 422, 'invalid_value');
    expectProblem(translateDbError({ code: '22008' }), 400, 'invalid_datetime');
    expectProblem(translateDbError({ code: '22007' }), 400, 'invalid_datetime');
  });

  it('leaves what is a bug to the 500: a syntax error, an undefined column, a RAISE', () => {
    expect(translatePostgresError(pgError('42601', 'syntax error at or near "selec"'))).toBeNull();
    expect(translatePostgresError(pgError('42703', 'column "nope" does not exist'))).toBeNull();
    expect(translatePostgresError(pgError('P0001', 'raised'))).toBeNull();
    expect(translatePostgresError({})).toBeNull();
  });
});

describe('SQLite translator', () => {
  const cases: Array<[string, ReturnType<typeof sqliteError>, number, string, string[] | undefined]> = [
    [
      'NOT NULL',
      sqliteError(
        'SQLITE_CONSTRAINT_NOTNULL',
        "insert into `children` (`display_name`, `id`) values (NULL, 'c2') - NOT NULL constraint failed: children.display_name",
      ),
      422,
      'value_required',
      ['/displayName'],
    ],
    [
      'NOT NULL of a JSON column',
      sqliteError(
        'SQLITE_CONSTRAINT_NOTNULL',
        "insert into `users` (`id`, `roles_json`) values ('u', NULL) - NOT NULL constraint failed: users.roles_json",
      ),
      422,
      'value_required',
      ['/roles'],
    ],
    [
      'UNIQUE',
      sqliteError(
        'SQLITE_CONSTRAINT_UNIQUE',
        "insert into `parents` (`credit_code`, `id`) values ('X', 'p2') - UNIQUE constraint failed: parents.credit_code",
      ),
      409,
      'already_exists',
      ['/creditCode'],
    ],
    [
      'UNIQUE pair',
      sqliteError(
        'SQLITE_CONSTRAINT_UNIQUE',
        "insert into `children` (`display_name`, `id`, `parent_id`) values ('ab', 'c3', 'p1') - UNIQUE constraint failed: children.parent_id, children.display_name",
      ),
      409,
      'already_exists',
      ['/parentId', '/displayName'],
    ],
    [
      'UNIQUE on an expression index',
      sqliteError(
        'SQLITE_CONSTRAINT_UNIQUE',
        "insert into `parents` (`name`) values ('x') - UNIQUE constraint failed: index 'parents_lower_name'",
      ),
      409,
      'already_exists',
      undefined,
    ],
    [
      'PRIMARY KEY',
      sqliteError(
        'SQLITE_CONSTRAINT_PRIMARYKEY',
        "insert into `parents` (`credit_code`, `id`) values ('Y', 'p1') - UNIQUE constraint failed: parents.id",
      ),
      409,
      'already_exists',
      ['/id'],
    ],
    [
      "a column's CHECK, reported by the column's name",
      sqliteError(
        'SQLITE_CONSTRAINT_CHECK',
        "insert into `children` (`display_name`, `id`, `pos`) values ('x', 'c5', -3) - CHECK constraint failed: pos",
      ),
      422,
      'constraint_violated',
      ['/pos'],
    ],
    [
      'a CHECK in an update',
      sqliteError('SQLITE_CONSTRAINT_CHECK', "update `children` set `kind` = 'zz' where `id` = 'c1' - CHECK constraint failed: kind"),
      422,
      'constraint_violated',
      ['/kind'],
    ],
    [
      'a named CHECK: no field',
      sqliteError(
        'SQLITE_CONSTRAINT_CHECK',
        "insert into `parents` (`credit_code`, `id`, `level_no`) values ('Z', 'p3', -1) - CHECK constraint failed: parents_level_no_positive",
      ),
      422,
      'constraint_violated',
      undefined,
    ],
    [
      "a table's CHECK, reported by its expression: no field",
      sqliteError('SQLITE_CONSTRAINT_CHECK', 'insert into `t` (`a`, `b`) values (2, 1) - CHECK constraint failed: a - b < 0'),
      422,
      'constraint_violated',
      undefined,
    ],
    [
      'FOREIGN KEY on insert: SQLite does not say which',
      sqliteError(
        'SQLITE_CONSTRAINT_FOREIGNKEY',
        "insert into `children` (`display_name`, `id`, `parent_id`) values ('x', 'c6', 'nope') - FOREIGN KEY constraint failed",
      ),
      422,
      'reference_not_found',
      undefined,
    ],
    [
      'FOREIGN KEY on delete',
      sqliteError('SQLITE_CONSTRAINT_FOREIGNKEY', "delete from `parents` where `id` = 'p1' - FOREIGN KEY constraint failed"),
      409,
      'still_referenced',
      undefined,
    ],
    [
      'a value holding the words of another failure does not mislead',
      sqliteError(
        'SQLITE_CONSTRAINT_NOTNULL',
        "insert into `t` (`a`, `b`) values ('x - UNIQUE constraint failed: t.a', NULL) - NOT NULL constraint failed: t.b",
      ),
      422,
      'value_required',
      ['/b'],
    ],
    [
      'STRICT table type mismatch',
      sqliteError('SQLITE_CONSTRAINT_DATATYPE', "insert into `t` (`n`) values ('abc') - cannot store TEXT value in INTEGER column t.n"),
      422,
      'invalid_value',
      ['/n'],
    ],
    [
      'a trigger RAISE(ABORT)',
      sqliteError('SQLITE_CONSTRAINT_TRIGGER', "update `audit_events` set `hash` = 'x' - audit events are append-only"),
      422,
      'constraint_violated',
      undefined,
    ],
    [
      'only the primary code, the words say which',
      sqliteError('SQLITE_CONSTRAINT', 'UNIQUE constraint failed: t.a'),
      409,
      'already_exists',
      ['/a'],
    ],
    ['too big', sqliteError('SQLITE_TOOBIG', 'string or blob too big'), 422, 'value_too_long', undefined],
    ['datatype mismatch', sqliteError('SQLITE_MISMATCH', 'datatype mismatch'), 422, 'invalid_value', undefined],
    ['busy', sqliteError('SQLITE_BUSY', 'database is locked'), 503, 'database_unavailable', undefined],
    ['busy (timeout)', sqliteError('SQLITE_BUSY_TIMEOUT', 'database is locked'), 503, 'database_unavailable', undefined],
    ['locked', sqliteError('SQLITE_LOCKED', 'database table is locked'), 503, 'database_unavailable', undefined],
    ['cannot open', sqliteError('SQLITE_CANTOPEN', 'unable to open database file'), 503, 'database_unavailable', undefined],
  ];

  it.each(cases)('%s', (_label, err, status, code, paths) => {
    expectProblem(translateSqliteError(err), status, code, paths);
    expect(translateDbError(err, 'sqlite')).toEqual(translateSqliteError(err));
    expect(translateDbError(err)).toEqual(translateSqliteError(err));
  });

  it('leaves what is a bug to the 500', () => {
    expect(translateSqliteError(sqliteError('SQLITE_ERROR', 'no such table: nope'))).toBeNull();
    expect(translateSqliteError(sqliteError('SQLITE_RANGE', 'column index out of range'))).toBeNull();
    expect(translateSqliteError(sqliteError('SQLITE_CORRUPT', 'database disk image is malformed'))).toBeNull();
  });
});

describe('translateDbError', () => {
  it('answers a lost connection with 503 whichever the database', () => {
    for (const err of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', errno: -111 }),
      Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
      new Error('Unable to acquire a connection'),
      Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
        name: 'KnexTimeoutError',
        sql: 'select 1',
      }),
      new Error('select 1 - Client has encountered a connection error and is not queryable'),
      new Error('Connection terminated unexpectedly'),
      new TypeError('The database connection is not open'),
    ]) {
      expectProblem(translateDbError(err), 503, 'database_unavailable');
      expectProblem(translateDbError(err, 'sqlite'), 503, 'database_unavailable');
      expectProblem(translateDbError(err, 'postgres'), 503, 'database_unavailable');
    }
  });

  it('returns null for anything that is not a database error', () => {
    for (const err of [null, undefined, 'text', 42, new Error('something else'), { code: 'ENOENT' }, { code: 'EPIPE2' }, { code: 'EPERM' }])
      expect(translateDbError(err)).toBeNull();
  });

  it('maps a column to its API field by a plain conversion', () => {
    expect(fieldPointer('credit_code')).toBe('/creditCode');
    expect(fieldPointer('department_id')).toBe('/departmentId');
    expect(fieldPointer('approved_items_json')).toBe('/approvedItems');
    expect(fieldPointer('name')).toBe('/name');
    expect(fieldPointer('lower(name)')).toBeUndefined();
    expect(fieldPointer('Name')).toBeUndefined();
  });
});

describe('the error family', () => {
  it('keeps the statuses, codes, messages and headers of the answers that moved into it', () => {
    const shape = (e: AppError) => ({ status: e.status, code: e.code, title: e.title, message: e.message, headers: e.headers });
    expect(shape(new PreconditionRequiredError())).toEqual({
      status: 428,
      code: 'precondition_required',
      title: 'Precondition required',
      message: '修改须带 If-Match 请求头（取自读取时的 ETag），以免覆盖他人的修改 (If-Match is required)',
      headers: undefined,
    });
    expect(shape(new PreconditionFailedError())).toEqual({
      status: 412,
      code: 'precondition_failed',
      title: 'Precondition failed',
      message: '对象已被他人修改，请重新读取后再提交 (the object changed since you read it)',
      headers: undefined,
    });
    expect(shape(new ConcurrentChangeError())).toEqual({
      status: 409,
      code: 'concurrent_change',
      title: 'Conflict',
      message: '对象刚被他人修改，本次操作未执行，请重新读取后再试 (the object changed concurrently; nothing was written)',
      headers: undefined,
    });
    expect(shape(new RateLimitedError(600, 15))).toEqual({
      status: 429,
      code: 'rate_limited',
      title: 'Too many requests',
      message: '请求过于频繁，每分钟最多 600 次，请稍后重试 (rate limit exceeded)',
      headers: { 'Retry-After': '15' },
    });
    expect(new RateLimitedError(600, 0).headers).toEqual({ 'Retry-After': '1' });
    expect(shape(new DatabaseUnavailableError())).toEqual({
      status: 503,
      code: 'database_unavailable',
      title: 'Service unavailable',
      message: '数据库暂时不可用，请稍后重试 (the database is unavailable)',
      headers: undefined,
    });
    expect(new DatabaseUnavailableError('数据库无响应 (the database does not answer)').message).toBe(
      '数据库无响应 (the database does not answer)',
    );
    expect(shape(new TransactionConflictError())).toMatchObject({
      status: 503,
      code: 'transaction_conflict',
      headers: { 'Retry-After': '1' },
    });
  });

  it('is still what src/db/versions.ts exports', () => {
    expect(versions.PreconditionFailedError).toBe(PreconditionFailedError);
    expect(versions.PreconditionRequiredError).toBe(PreconditionRequiredError);
    expect(versions.ConcurrentChangeError).toBe(ConcurrentChangeError);
    expect(() => versions.parseIfMatch(undefined)).toThrow(PreconditionRequiredError);
    expect(() => versions.assertIfMatch('"v1"', 2)).toThrow(PreconditionFailedError);
  });

  it("is answered by the error handler with the class's headers", async () => {
    const app = express();
    const throwing = (err: unknown) => () => {
      throw err;
    };
    app.get('/limited', throwing(new RateLimitedError(3, 27)));
    app.get('/who', throwing(new UnauthenticatedError()));
    app.get('/bare401', throwing(new AppError(401, 'unauthenticated', 'Unauthenticated', 'x')));
    app.get('/boom', throwing(new Error('select secret from somewhere - boom')));
    app.use(errorHandler(pino({ level: 'silent' }), '1mb'));

    const limited = await request(app).get('/limited?x=1');
    expect({ status: limited.status, retryAfter: limited.headers['retry-after'], type: limited.headers['content-type'] }).toEqual({
      status: 429,
      retryAfter: '27',
      type: expect.stringMatching(/^application\/problem\+json/),
    });
    expect(limited.body).toEqual({
      type: '/problems/rate_limited',
      title: 'Too many requests',
      status: 429,
      code: 'rate_limited',
      detail: '请求过于频繁，每分钟最多 3 次，请稍后重试 (rate limit exceeded)',
      instance: '/limited',
    });
    expect((await request(app).get('/who')).headers['www-authenticate']).toBe('Bearer');
    expect((await request(app).get('/bare401')).headers['www-authenticate']).toBe('Bearer');

    const boom = await request(app).get('/boom').set('X-Request-Id', 'r-1');
    expect(boom.status).toBe(500);
    expect(Object.keys(boom.body).sort()).toEqual(['code', 'detail', 'status', 'title', 'type']);
    expect(boom.body).toMatchObject({ type: '/problems/internal_error', title: 'Internal error', status: 500, code: 'internal_error' });
    expect(boom.body.detail).toMatch(/^服务内部错误，请联系管理员并提供请求编号 .* \(internal error\)$/);
    expect(JSON.stringify(boom.body)).not.toMatch(/secret|boom/);
  });
});
