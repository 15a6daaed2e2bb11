import net from 'node:net';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { Page, pageRequestOf } from '../../db/pagination';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { newWebhookSecret, secretHint } from '../../domain/webhooks';
import { shanghaiDate } from '../../domain/working-days';
import { ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, QueryOf, Schema } from '../../http/api-types';
import { Forwarder } from '../../http/forwarding';
import type { AuditService } from '../audit/audit.service';
import type { CalendarService } from '../calendar/calendar.service';
import type { DepartmentService } from '../departments/departments.service';
import type { ProjectService } from '../projects/projects.service';
import type { ResourceService } from '../resources/resources.service';
import type { SharingService } from '../sharing/sharing.service';
import { Dispatcher, OverdueDeliveries } from './dispatcher';
import { NotificationsStore, Webhook } from './notifications.store';

// To-do lists (待办) and departments' webhooks (docs/notifications.md, ADR 0041). The to-do list
// asks each owning area's service what waits for the caller; the webhooks' notifications are made
// and sent by the Dispatcher.

type Todo = Schema<'Todo'>;

/** Items read per kind of to-do. */
const PER_KIND = 100;
/** Items a to-do list holds. */
const MAX_ITEMS = 200;
/** Days before its end at which a grant shows on its holder's list. */
const GRANT_EXPIRY_DAYS = 30;

export interface NotificationsDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
  resources: ResourceService;
  sharing: SharingService;
  projects: ProjectService;
  calendar: CalendarService;
  exchange: OverdueDeliveries;
  /** The guarded client webhooks are called through (the exchange's forwarding guard, ADR 0034). */
  forwarder: Forwarder;
}

function webhookView(w: Webhook): Schema<'Webhook'> {
  return { departmentId: w.departmentId, url: w.url, secretHint: secretHint(w.secret), createdAt: w.createdAt, updatedAt: w.updatedAt };
}

export class NotificationsService {
  private readonly store = new NotificationsStore();
  readonly dispatcher: Dispatcher;

  constructor(private readonly deps: NotificationsDeps) {
    this.dispatcher = new Dispatcher(deps);
  }

  // ---- the to-do list ------------------------------------------------------------------------

  async todos(actor: Actor): Promise<Schema<'TodoList'>> {
    const now = this.deps.clock.now();
    const today = shanghaiDate(now);
    const lists: Array<Promise<Todo[]>> = [];
    if (hasRole(actor, 'producer')) lists.push(this.producerTodos(actor));
    if (hasRole(actor, 'bureau')) lists.push(this.bureauTodos(actor));
    if (hasRole(actor, 'consumer')) lists.push(this.consumerTodos(actor, today));
    const seen = new Set<string>();
    const items = (await Promise.all(lists))
      .flat()
      .filter((t) => {
        const key = `${t.kind}:${t.objectId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      // Soonest deadline first; those without one after, in the order their area gave them.
      .map((t, i) => ({ t, i }))
      .sort((a, b) => {
        const x = a.t.dueDate ?? '9999-12-31';
        const y = b.t.dueDate ?? '9999-12-31';
        return x < y ? -1 : x > y ? 1 : a.i - b.i;
      })
      .map(({ t }) => t);
    return { generatedAt: now.toISOString(), items: items.slice(0, MAX_ITEMS), truncated: items.length > MAX_ITEMS };
  }

  private async producerTodos(actor: Actor): Promise<Todo[]> {
    const own = actor.departmentId;
    const [requests, returned, overdue, registrations] = await Promise.all([
      this.deps.sharing.list(actor, { side: 'incoming', status: ['pending'], sort: 'urgency', limit: PER_KIND }),
      this.deps.resources.search(actor, { departmentId: [own], status: ['returned'], limit: PER_KIND }),
      this.deps.exchange.overdueOf(own),
      this.deps.projects.unregistered(own, PER_KIND),
    ]);
    return [
      ...requests.items.map((r): Todo => ({
        kind: 'answer_request',
        title: `答复共享申请：${r.consumerDepartmentName}申请“${r.resourceName}”`,
        objectType: 'sharing_request',
        objectId: r.id,
        link: `/api/v1/sharing-requests/${r.id}`,
        departmentId: r.producerDepartmentId,
        departmentName: r.producerDepartmentName,
        dueDate: r.dueDate,
        overdue: r.overdue,
      })),
      ...returned.items.map((e): Todo => ({
        kind: 'fix_returned_entry',
        title: `修改被退回的目录：${e.name}`,
        objectType: 'resource',
        objectId: e.id,
        link: `/api/v1/resources/${e.id}`,
        departmentId: e.departmentId,
        departmentName: e.departmentName,
        dueDate: null,
        overdue: false,
      })),
      ...overdue.slice(0, PER_KIND).map((d): Todo => ({
        kind: 'resume_delivery',
        title: `数据更新逾期：${d.resourceName}`,
        objectType: 'delivery_stream',
        objectId: d.resourceId,
        link: `/api/v1/resources/${d.resourceId}/deliveries`,
        departmentId: d.departmentId,
        departmentName: d.departmentName,
        dueDate: shanghaiDate(new Date(d.dueBy)),
        overdue: true,
      })),
      ...registrations.map((p): Todo => ({
        kind: 'file_registration',
        title: `填报成果登记表：${p.name}`,
        objectType: 'project',
        objectId: p.id,
        link: `/api/v1/projects/${p.id}`,
        departmentId: p.ownerDepartmentId,
        departmentName: p.ownerDepartmentName,
        dueDate: p.registrationDueDate,
        overdue: p.registrationOverdue,
      })),
    ];
  }

  private async bureauTodos(actor: Actor): Promise<Todo[]> {
    const [submitted, escalated, projects, registrations] = await Promise.all([
      this.deps.resources.search(actor, { status: ['submitted'], sort: 'updatedAt', limit: PER_KIND }),
      this.deps.sharing.list(actor, { status: ['escalated'], limit: PER_KIND }),
      this.deps.projects.awaitingBureau(PER_KIND),
      this.deps.projects.unregistered(null, PER_KIND),
    ]);
    const onboardingOnly = new Set(['onboarding_not_verified', 'onboarding_verification_stale']);
    const project = (
      p: Schema<'Project'>,
      kind: Todo['kind'],
      title: string,
      link: string,
      dueDate: string | null,
      overdue: boolean,
    ): Todo => ({
      kind,
      title,
      objectType: 'project',
      objectId: p.id,
      link,
      departmentId: p.ownerDepartmentId,
      departmentName: p.ownerDepartmentName,
      dueDate,
      overdue,
    });
    const steps: Todo[] = [];
    for (const { project: p, problems } of projects) {
      if (p.stage === 'completed') {
        steps.push(
          project(
            p,
            'decide_preliminary_acceptance',
            `初验：${p.name}（${p.ownerDepartmentName}）`,
            `/api/v1/projects/${p.id}`,
            p.acceptanceDueDate,
            p.acceptanceOverdue,
          ),
        );
      } else if (problems.length === 0) {
        steps.push(
          project(
            p,
            'decide_acceptance',
            `竣工验收：${p.name}（${p.ownerDepartmentName}）`,
            `/api/v1/projects/${p.id}`,
            p.latestFinalAcceptance,
            false,
          ),
        );
      } else if (
        problems.some((x) => onboardingOnly.has(x.code)) &&
        problems.every((x) => onboardingOnly.has(x.code) || !x.code.startsWith('checklist_'))
      ) {
        // The checklist is met; only the bureau's verification is missing or stale.
        steps.push(
          project(
            p,
            'verify_onboarding',
            `核验平台接入：${p.name}（${p.ownerDepartmentName}）`,
            `/api/v1/projects/${p.id}/onboarding`,
            null,
            false,
          ),
        );
      }
    }
    return [
      ...submitted.items.map((e): Todo => ({
        kind: 'review_entry',
        title: `审核目录：${e.name}（${e.departmentName}）`,
        objectType: 'resource',
        objectId: e.id,
        link: `/api/v1/resources/${e.id}`,
        departmentId: e.departmentId,
        departmentName: e.departmentName,
        dueDate: null,
        overdue: false,
      })),
      ...escalated.items.map((r): Todo => ({
        kind: 'decide_dispute',
        title: `裁决共享争议：${r.consumerDepartmentName}申请${r.producerDepartmentName}的“${r.resourceName}”`,
        objectType: 'sharing_request',
        objectId: r.id,
        link: `/api/v1/sharing-requests/${r.id}`,
        departmentId: r.producerDepartmentId,
        departmentName: r.producerDepartmentName,
        dueDate: null,
        overdue: false,
      })),
      ...steps,
      ...registrations
        .filter((p) => p.registrationOverdue)
        .map((p) =>
          project(
            p,
            'registration_overdue',
            `成果登记逾期：${p.name}（${p.ownerDepartmentName}）`,
            `/api/v1/projects/${p.id}`,
            p.registrationDueDate,
            true,
          ),
        ),
    ];
  }

  private async consumerTodos(actor: Actor, today: string): Promise<Todo[]> {
    const [grants, overdue] = await Promise.all([
      this.deps.sharing.listGrants(actor, { side: 'outgoing', status: ['active'], limit: PER_KIND }),
      // The department's own requests past their due date with no answer: it may put them before the bureau.
      this.deps.sharing.list(actor, { side: 'outgoing', status: ['pending'], overdue: true, sort: 'urgency', limit: PER_KIND }),
    ]);
    const until = new Date(Date.parse(`${today}T00:00:00Z`) + GRANT_EXPIRY_DAYS * 86_400_000).toISOString().slice(0, 10);
    const escalations = overdue.items.map((r): Todo => ({
      kind: 'escalate_overdue_request',
      title: `逾期未答复，可提请协调：${r.producerDepartmentName}未答复“${r.resourceName}”的申请（${r.number}）`,
      objectType: 'sharing_request',
      objectId: r.id,
      link: `/api/v1/sharing-requests/${r.id}`,
      departmentId: r.consumerDepartmentId,
      departmentName: r.consumerDepartmentName,
      dueDate: r.dueDate,
      overdue: true,
    }));
    return [
      ...escalations,
      ...grants.items
        .filter((g) => g.validUntil <= until)
        .map((g): Todo => ({
          kind: 'grant_expiring',
          title: `授权即将到期：${g.resourceName}（${g.producerDepartmentName}），如需继续使用请重新申请`,
          objectType: 'grant',
          objectId: g.id,
          link: `/api/v1/grants/${g.id}`,
          departmentId: g.consumerDepartmentId,
          departmentName: g.consumerDepartmentName,
          dueDate: g.validUntil,
          overdue: false,
        })),
    ];
  }

  // ---- webhooks --------------------------------------------------------------------------------

  async getWebhook(actor: Actor, departmentId: string): Promise<Schema<'Webhook'>> {
    await this.assertMayManage(actor, departmentId);
    const webhook = await this.store.findWebhook(this.deps.db, departmentId);
    if (!webhook) throw new NotFoundError('部门 webhook');
    return webhookView(webhook);
  }

  async putWebhook(actor: Actor, departmentId: string, body: BodyOf<'putDepartmentWebhook'>): Promise<Schema<'WebhookWithSecret'>> {
    await this.assertMayManage(actor, departmentId);
    const url = body.url.trim();
    this.checkUrl(url);
    const generated = body.secret === undefined;
    const secret = body.secret ?? newWebhookSecret();
    return transaction(this.deps.db, async (tx) => {
      const current = await this.store.findWebhook(tx, departmentId);
      const now = this.deps.clock.now().toISOString();
      const webhook: Webhook = { departmentId, url, secret, updatedBy: actor.userId, createdAt: current?.createdAt ?? now, updatedAt: now };
      await this.store.saveWebhook(tx, webhook, current !== null);
      // The secret is never written to the trail.
      await this.deps.audit.record(tx, actor, {
        action: 'webhook.registered',
        objectType: 'department',
        objectId: departmentId,
        details: { url, replaced: current !== null, secretGenerated: generated },
      });
      return { ...webhookView(webhook), secret };
    });
  }

  /** Removes the webhook; removing one that is not there is no error (removed: false) and records nothing. */
  async deleteWebhook(actor: Actor, departmentId: string): Promise<Schema<'WebhookRemoval'>> {
    await this.assertMayManage(actor, departmentId);
    return transaction(this.deps.db, async (tx) => {
      const current = await this.store.findWebhook(tx, departmentId);
      if (!current || !(await this.store.deleteWebhook(tx, departmentId))) return { departmentId, removed: false };
      await this.deps.audit.record(tx, actor, {
        action: 'webhook.removed',
        objectType: 'department',
        objectId: departmentId,
        details: { url: current.url },
      });
      return { departmentId, removed: true };
    });
  }

  async deliveries(actor: Actor, departmentId: string, query: QueryOf<'listWebhookDeliveries'>): Promise<Page<Schema<'WebhookDelivery'>>> {
    await this.assertMayManage(actor, departmentId);
    const page = await this.store.listDeliveries(this.deps.db, departmentId, query.status, pageRequestOf(query));
    const attempts = await this.store.attemptsOf(
      this.deps.db,
      page.items.map((d) => d.id),
    );
    return {
      items: page.items.map(({ departmentId: _department, ...d }) => ({ ...d, attemptLog: attempts.get(d.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  /** The department's own producers and consumers, or the bureau; an unknown department is not found. */
  private async assertMayManage(actor: Actor, departmentId: string): Promise<void> {
    if (!(await this.deps.departments.find(this.deps.db, departmentId))) throw new NotFoundError('部门');
    if (hasRole(actor, 'bureau')) return;
    requireRole(actor, 'producer', 'consumer');
    if (actor.departmentId !== departmentId) {
      throw new ForbiddenError(
        'not_own_department',
        '只能管理本部门的 webhook (only the department itself or the bureau manages its webhook)',
      );
    }
  }

  /** http(s) only; an address given literally must pass the forwarding guard now, a host name is checked at every call. */
  private checkUrl(url: string): void {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new RuleViolationError('webhook_url_invalid', 'webhook 地址无效 (not a URL)', [
        { path: '/url', code: 'webhook_url_invalid', message: 'webhook 地址无效 (not a URL)' },
      ]);
    }
    const problems: Array<{ path: string; code: string; message: string }> = [];
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      problems.push({ path: '/url', code: 'webhook_url_scheme', message: 'webhook 地址须为 https (https only)' });
    }
    if (parsed.username || parsed.password) {
      problems.push({
        path: '/url',
        code: 'webhook_url_credentials',
        message: 'webhook 地址不能含用户名或密码 (no credentials in the URL)',
      });
    }
    const host = parsed.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host) !== 0) {
      const why = this.deps.forwarder.refusal(host);
      if (why) problems.push({ path: '/url', code: 'webhook_address_refused', message: why });
    }
    if (problems.length > 0) throw new RuleViolationError(problems[0].code, problems[0].message, problems);
  }
}
