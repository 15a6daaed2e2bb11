import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { Clock, ManualClock } from '../src/clock';
import { Actor } from '../src/domain/actor';
import { hashPassword } from '../src/domain/passwords';
import { hashToken } from '../src/domain/tokens';
import { shanghaiDate } from '../src/domain/working-days';
import { createServices, ServiceSettings } from '../src/app';
import { issueDemoCertificates } from './demo-certificates';
import { runDemoExchange } from './demo-exchange';
import { recordAudit } from '../src/modules/audit/audit.store';
import { DepartmentStore } from '../src/modules/departments/departments.store';
import { SessionStore } from '../src/modules/users/sessions.store';
import { UserStore } from '../src/modules/users/users.store';
import * as demo from './demo-city.data';

// Loads the demo city (榕城市) into an empty database. Departments, users and their documented demo
// tokens are written directly (there is no bureau yet to create them); projects and catalog
// entries then go through the same services as API calls do, so every rule, resource code,
// version and audit event is the real thing.

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The demo users' token secrets, published in README (demo-bureau-token …): live in a database the
 * demo city was loaded into until revoked (`npm run demo:revoke-tokens`); main.ts warns at start
 * while any still works.
 */
export function demoTokenSecrets(): string[] {
  return demo.users.map((u) => u.token);
}

/** The demo users' login names and passwords, published in README beside the tokens. */
export function demoPasswords(): Array<{ loginName: string; password: string }> {
  return demo.users.map((u) => ({ loginName: u.loginName, password: u.password }));
}

/** `settings`: where the certificate signing keys are (main.ts passes CERTIFICATE_KEYS_DIR, so the server signs with the key the demo made). */
export async function loadDemoCity(db: Knex, clock: Clock, settings: ServiceSettings = {}): Promise<boolean> {
  const [{ count }] = await db('departments').count('* as count');
  if (Number(count) > 0) return false;

  const departmentIds = new Map<string, string>();
  const actors = new Map<string, Actor>();
  const departments = new DepartmentStore();
  const users = new UserStore();
  const credentials = new SessionStore();
  // The demo passwords are published in README like the tokens; hashed before the transaction.
  const passwordHashes = new Map<string, string>();
  for (const u of demo.users) passwordHashes.set(u.key, await hashPassword(u.password));
  await db.transaction(async (trx) => {
    const now = clock.now().toISOString();
    for (const d of demo.departments) {
      const id = randomUUID();
      departmentIds.set(d.key, id);
      await departments.insert(trx, {
        id,
        name: d.name,
        creditCode: d.creditCode,
        level: d.level,
        isBureau: d.isBureau,
        createdAt: now,
        updatedAt: now,
      });
      await recordAudit(trx, null, clock.now(), {
        action: 'department.created',
        objectType: 'department',
        objectId: id,
        details: { demo: true },
      });
    }
    for (const u of demo.users) {
      const id = randomUUID();
      const departmentId = departmentIds.get(u.departmentKey)!;
      await users.insert(trx, {
        id,
        name: u.name,
        loginName: u.loginName,
        departmentId,
        roles: u.roles,
        active: true,
        createdAt: now,
        updatedAt: now,
      });
      await credentials.setPassword(trx, id, passwordHashes.get(u.key)!, false);
      await users.insertToken(
        trx,
        { id: randomUUID(), userId: id, name: '演示令牌 (demo)', createdAt: now, expiresAt: null, revokedAt: null },
        hashToken(u.token),
      );
      await recordAudit(trx, null, clock.now(), { action: 'user.created', objectType: 'user', objectId: id, details: { demo: true } });
      actors.set(u.key, { userId: id, userName: u.name, departmentId, roles: u.roles, requestId: 'demo-seed', clientAddress: null });
    }
  });

  const services = createServices(db, clock, settings);
  const bureau = actors.get('bureau')!;
  const producerOf = (departmentKey: string) => {
    const actor = [...actors.values()].find((a) => a.departmentId === departmentIds.get(departmentKey) && a.roles.includes('producer'));
    if (!actor) throw new Error(`demo data: no producer in ${departmentKey}`);
    return actor;
  };

  const projectIds = new Map<string, string>();
  for (const p of demo.projects) {
    const project = await services.projects.create(bureau, {
      code: p.code,
      name: p.name,
      ownerDepartmentId: departmentIds.get(p.departmentKey)!,
      content: p.content,
      approvedBudgetYuan: p.approvedBudgetYuan,
    });
    projectIds.set(p.key, project.id);
  }

  for (const r of demo.resources) {
    const producer = producerOf(r.departmentKey);
    const entry = await services.resources.create(producer, { ...r.body, projectId: r.projectKey ? projectIds.get(r.projectKey)! : null });
    if (r.finalStatus === 'draft') continue;
    await services.resources.submit(producer, entry.id);
    if (r.finalStatus === 'submitted') continue;
    if (r.finalStatus === 'returned') {
      await services.resources.returnToProducer(bureau, entry.id, r.returnReason ?? '请补充完善后重新提交');
      continue;
    }
    await services.resources.publish(bureau, entry.id);
    if (r.finalStatus === 'withdrawn') await services.resources.withdraw(producer, entry.id, r.withdrawReason ?? '资源已停止更新');
  }

  // Requests for a year from today, answered as the demo says, so every inbox has something in it.
  const today = shanghaiDate(clock.now());
  const inAYear = `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28');
  for (const q of demo.sharingRequests) {
    const consumer = actors.get(q.consumerKey)!;
    const [entry] = await db('resources').where({ name: q.resourceName, status: 'published' }).select('id', 'department_id');
    const producer = [...actors.values()].find((a) => a.departmentId === entry.department_id && a.roles.includes('producer'))!;
    const filed = await services.sharing.create(consumer, {
      resourceId: entry.id,
      provisionMode: q.provisionMode,
      items: q.items,
      purpose: q.purpose,
      basis: q.basis,
      scopeOfUse: q.scopeOfUse,
      periodStart: today,
      periodEnd: inAYear,
    });
    const submitted = await services.sharing.submit(consumer, filed.id);
    if (submitted.status !== 'pending') continue;
    if (q.outcome === 'approved') await services.sharing.approve(producer, filed.id, {});
    if (q.outcome === 'rejected' || q.outcome === 'escalated')
      await services.sharing.reject(producer, filed.id, q.reason ?? '不符合共享条件');
    if (q.outcome === 'escalated') await services.sharing.escalate(consumer, filed.id, '该信息为履职必需，请大数据管理局协调');
  }

  // Electronic certificates of the two certificate entries (seeds/demo-certificates.ts).
  await issueDemoCertificates(db, services, producerOf, today);

  // Data moving through the exchange: deliveries, and queries answered from them (seeds/demo-exchange.ts).
  await runDemoExchange(db, services, producerOf, (key) => actors.get(key)!);

  // Projects at different stages, each step taken on its own (past) day.
  for (const { projectKey, steps } of demo.projectProgress) {
    const project = demo.projects.find((p) => p.key === projectKey)!;
    for (const [action, daysAgo] of steps) {
      const then = createServices(db, new ManualClock(new Date(clock.now().getTime() - daysAgo * DAY_MS)));
      const actor = action === 'pass_preliminary' ? bureau : producerOf(project.departmentKey);
      await then.projects.step(actor, projectIds.get(projectKey)!, action);
    }
  }
  return true;
}
