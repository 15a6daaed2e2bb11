import path from 'node:path';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { Knex } from 'knex';
import request from 'supertest';
import { AppOptions, createApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { Role } from '../../src/domain/actor';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { hashToken } from '../../src/domain/tokens';
import { freshDatabase, rowCounts, TestDb } from './db';

// A small city for API tests: the bureau, two producing departments (public security and civil
// affairs) and an education department that only consumes. Each actor has a known token.

export const ACTORS = {
  bureau: { department: 'bureau', roles: ['bureau'] as Role[] },
  auditor: { department: 'bureau', roles: ['auditor'] as Role[] },
  police: { department: 'police', roles: ['producer', 'consumer'] as Role[] },
  police2: { department: 'police', roles: ['consumer'] as Role[] },
  civil: { department: 'civil', roles: ['producer', 'consumer'] as Role[] },
  edu: { department: 'edu', roles: ['consumer'] as Role[] },
};
export type ActorKey = keyof typeof ACTORS;

const DEPARTMENTS = {
  bureau: { name: '测试市大数据管理局', code: withCreditCodeCheckChar('11350100MB0000001'), isBureau: true },
  police: { name: '测试市公安局', code: withCreditCodeCheckChar('11350100MB0000002'), isBureau: false },
  civil: { name: '测试市民政局', code: withCreditCodeCheckChar('11350100MB0000003'), isBureau: false },
  edu: { name: '测试市教育局', code: withCreditCodeCheckChar('11350100MB0000004'), isBureau: false },
};

/** A stand-in for dist/web: the console's index.html and one asset. */
export const CONSOLE_FIXTURE = path.join(__dirname, '..', 'fixtures', 'console');

export const START = new Date('2026-03-02T01:00:00.000Z');

export interface World extends TestDb {
  app: express.Express;
  clock: ManualClock;
  departmentId: Record<keyof typeof DEPARTMENTS, string>;
  userId: Record<ActorKey, string>;
  token: Record<ActorKey, string>;
  as: (actor: ActorKey) => Requester;
  anonymous: () => request.Agent;
  counts: () => Promise<Record<string, number>>;
}

type Method = 'get' | 'post' | 'patch' | 'delete' | 'put';
export type Requester = Record<Method, (url: string) => request.Test>;

/** `options`: what the app is built with besides the database and the clock (forwarding settings, …). */
export async function createWorld(options: Partial<AppOptions> = {}): Promise<World> {
  const database = await freshDatabase();
  const clock = new ManualClock(START);
  const departmentId = {} as World['departmentId'];
  const userId = {} as World['userId'];
  const token = {} as World['token'];
  await database.db.transaction(async (trx: Knex.Transaction) => {
    const at = clock.now().toISOString();
    for (const [key, d] of Object.entries(DEPARTMENTS)) {
      const id = randomUUID();
      departmentId[key as keyof typeof DEPARTMENTS] = id;
      await trx('departments').insert({
        id,
        name: d.name,
        credit_code: d.code,
        level: 'municipal',
        is_bureau: d.isBureau,
        created_at: at,
        updated_at: at,
      });
    }
    for (const [key, a] of Object.entries(ACTORS)) {
      const id = randomUUID();
      userId[key as ActorKey] = id;
      token[key as ActorKey] = `test-${key}-token`;
      await trx('users').insert({
        id,
        name: `${key}用户`,
        department_id: departmentId[a.department as keyof typeof DEPARTMENTS],
        roles_json: JSON.stringify(a.roles),
        active: true,
        created_at: at,
        updated_at: at,
      });
      await trx('api_tokens').insert({
        id: randomUUID(),
        user_id: id,
        name: 'test',
        token_hash: hashToken(token[key as ActorKey]),
        created_at: at,
        expires_at: null,
        revoked_at: null,
      });
    }
  });
  // The console's page from a fixture, so the API tests do not depend on a build of web/ (test/browser tests the console).
  const app = createApp({ consoleDir: CONSOLE_FIXTURE, ...options, db: database.db, clock, validateResponses: true });
  const as = (actor: ActorKey): Requester => {
    const withAuth = (m: Method) => (url: string) => request(app)[m](url).set('Authorization', `Bearer ${token[actor]}`);
    return { get: withAuth('get'), post: withAuth('post'), patch: withAuth('patch'), delete: withAuth('delete'), put: withAuth('put') };
  };
  return {
    ...database,
    app,
    clock,
    departmentId,
    userId,
    token,
    as,
    anonymous: () => request.agent(app),
    counts: () => rowCounts(database.db),
  };
}

/** A complete entry body that passes submission: conditional sharing, a query API and a batch mode. */
export function completeEntry(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '户籍人口基本信息',
    categoryCode: '101',
    summary: '本市户籍人口的基本身份信息。',
    format: 'database',
    formatDetail: 'PostgreSQL',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, desensitizationRule: '保留前6位和后4位', queryRole: 'input' },
      { name: '姓名', dataType: 'C', length: 50, sensitive: true, desensitizationRule: '仅显示姓', queryRole: 'output' },
      { name: '性别', dataType: 'C', length: 1, queryRole: 'output' },
      { name: '出生日期', dataType: 'D', queryRole: 'output' },
    ],
    sharingType: 'conditional',
    sharingConditions: '用于依法履职的身份核验',
    openType: 'not_open',
    updateCycle: 'daily',
    totalDataVolume: { records: 8500000 },
    scopeOfUse: '政务服务身份核验',
    provisionModes: [
      { mode: 'query_api', description: '按身份证号查询' },
      { mode: 'batch_exchange', fileFormat: 'csv' },
    ],
    ...overrides,
  };
}

/** An entry drafted and submitted by `actor` and published by the bureau; its published body. */
export async function publishEntry(w: World, body: Record<string, unknown>, actor: 'police' | 'civil' = 'police') {
  const d = await w.as(actor).post('/api/v1/resources').send(completeEntry(body)).expect(201);
  await w.as(actor).post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
  return (await w.as('bureau').post(`/api/v1/resources/${d.body.id}/publish`).expect(200)).body;
}

/** The education bureau's request for three items of a query API, within the world's 2026. */
export function sharingRequestBody(resourceId: string, overrides: Record<string, unknown> = {}) {
  return {
    resourceId,
    provisionMode: 'query_api',
    items: ['公民身份号码', '姓名', '出生日期'],
    purpose: '学籍注册时核验学生身份',
    basis: '《中华人民共和国教育法》',
    scopeOfUse: '市教育局学籍管理',
    periodStart: '2026-03-02',
    periodEnd: '2026-12-31',
    ...overrides,
  };
}
