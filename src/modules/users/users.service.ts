import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Actor, hasRole, requireRole, Role } from '../../domain/actor';
import { hashToken, newTokenSecret } from '../../domain/tokens';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import { Page, PageRequest } from '../../db/pagination';
import type { AuditService } from '../audit/audit.service';
import { assertIfMatch, rowVersionOf, withRowVersion } from '../../db/versions';
import type { DepartmentService } from '../departments/departments.service';
import { LiveToken, Token, User, UserStore } from './users.store';
import type { SessionService } from './sessions.service';
import { shanghaiDateTime } from '../../domain/working-days';
import { Conn, Tx, Database, transaction } from '../../db/database';
import { canSeeUser, ownDepartmentOnly } from '../../domain/visibility';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A token's lifetime when the request names none (TokenCreate.expiresInDays' default). */
const DEFAULT_TOKEN_DAYS = 90;
/** SELF_SERVICE_TOKEN_DAYS' default: a token a user issues for itself lasts at most 30 days. */
export const DEFAULT_SELF_SERVICE_TOKEN_DAYS = 30;

export interface UserDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
  /** Longest lifetime of a token a (non-bureau) user issues for itself; 0: only the bureau issues tokens. */
  selfServiceTokenDays?: number;
}

export class UserService {
  private readonly store = new UserStore();
  private readonly db: Database;
  private readonly clock: Clock;
  private readonly audit: AuditService;
  private readonly departments: DepartmentService;
  private readonly selfServiceTokenDays: number;

  constructor(
    deps: UserDeps,
    /** Sign-in and sessions (ADR 0043): app.ts authenticates a session cookie through it. */
    readonly sessions: SessionService,
  ) {
    ({ db: this.db, clock: this.clock, audit: this.audit, departments: this.departments } = deps);
    this.selfServiceTokenDays = deps.selfServiceTokenDays ?? DEFAULT_SELF_SERVICE_TOKEN_DAYS;
  }

  /** The actor behind a bearer token, or null when the token is unknown, expired, revoked or its user inactive. */
  async authenticate(secret: string, requestId: string | null, clientAddress: string | null): Promise<Actor | null> {
    // Never from the read cache: a token revoked or a user deactivated by hand in the database, in
    // an emergency and without an audit event, stops working at the next request (the store keeps
    // owners only while the database is unchanged, ADR 0019 and 0021).
    const owner = await this.store.findTokenOwner(this.db, hashToken(secret));
    if (!owner || owner.revokedAt || !owner.user.active) return null;
    if (owner.expiresAt && new Date(owner.expiresAt).getTime() <= this.clock.now().getTime()) return null;
    return {
      userId: owner.user.id,
      userName: owner.user.name,
      departmentId: owner.user.departmentId,
      roles: owner.user.roles,
      requestId,
      clientAddress,
      tokenExpiresAt: owner.expiresAt,
    };
  }

  async me(actor: Actor) {
    const user = await this.store.findById(this.db, actor.userId);
    const department = await this.departments.find(this.db, actor.departmentId);
    if (!user || !department) throw new NotFoundError('用户');
    return { user, department };
  }

  /** Users in the order they were registered: the bureau sees every user, a department its own staff. */
  list(actor: Actor, query: { departmentId?: string } & PageRequest): Promise<Page<User>> {
    return this.store.list(this.db, { ...query, onlyDepartmentId: ownDepartmentOnly(actor) ?? undefined });
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.store.findById(this.db, id);
    if (!user || !canSeeUser(actor, user)) throw new NotFoundError('用户');
    return user;
  }

  async create(actor: Actor, body: BodyOf<'createUser'>): Promise<User> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      await this.checkRolesFitDepartment(trx, body.departmentId, body.roles);
      await this.checkLoginNameFree(trx, body.loginName ?? null);
      const now = this.clock.now().toISOString();
      const user: User = {
        id: randomUUID(),
        name: body.name.trim(),
        loginName: body.loginName ?? null,
        departmentId: body.departmentId,
        roles: body.roles,
        active: true,
        createdAt: now,
        updatedAt: now,
      };
      await this.store.insert(trx, user);
      await this.audit.record(trx, actor, {
        action: 'user.created',
        objectType: 'user',
        objectId: user.id,
        details: { departmentId: user.departmentId, roles: user.roles },
      });
      return withRowVersion(user, 1);
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateUser'>, ifMatch: string | undefined): Promise<User> {
    requireRole(actor, 'bureau');
    return transaction(this.db, async (trx) => {
      const current = await this.store.findById(trx, id, 'update');
      if (!current) throw new NotFoundError('用户');
      const rowVersion = rowVersionOf(current)!;
      assertIfMatch(ifMatch, rowVersion);
      const next: User = {
        ...current,
        name: body.name?.trim() ?? current.name,
        loginName: body.loginName ?? current.loginName,
        roles: body.roles ?? current.roles,
        active: body.active ?? current.active,
        updatedAt: this.clock.now().toISOString(),
      };
      if (body.roles) await this.checkRolesFitDepartment(trx, current.departmentId, body.roles);
      if (body.loginName) await this.checkLoginNameFree(trx, body.loginName, id);
      const written = await this.store.update(trx, next, rowVersion);
      await this.audit.record(trx, actor, {
        action: 'user.updated',
        objectType: 'user',
        objectId: id,
        details: { before: current, after: next },
      });
      return withRowVersion(next, written);
    });
  }

  async listTokens(actor: Actor, userId: string): Promise<{ items: Token[] }> {
    await this.tokenOwnerFor(actor, userId, this.db);
    return { items: await this.store.listTokens(this.db, userId) };
  }

  /**
   * Issues a token. Who may, and for how long:
   * - the bureau, for any user; a user, for itself (tokenOwnerFor);
   * - a user issuing for itself (not the bureau) only when SELF_SERVICE_TOKEN_DAYS is not 0, and for
   *   at most that many days (the default lifetime is then the shorter of 90 days and that limit);
   * - no token may outlive the token that issues it (a token without expiry is not limited), so a
   *   stolen short-lived token cannot mint itself a successor that outlasts its own expiry.
   *   Refused, not capped: the caller learns the latest date allowed.
   */
  async createToken(actor: Actor, userId: string, body: BodyOf<'createToken'>): Promise<Schema<'TokenCreated'>> {
    // A person in the console (a session) confirms with the password: a stolen cookie alone mints
    // no token. Confirmed, the token is bounded by the rules below but not by the session's 12 hours.
    const viaSession = actor.sessionId !== undefined;
    if (viaSession) await this.sessions.confirmPassword(actor, body.currentPassword);
    const issuerExpiresAt = viaSession ? null : actor.tokenExpiresAt;
    return transaction(this.db, async (trx) => {
      const user = await this.tokenOwnerFor(actor, userId, trx);
      const selfService = !hasRole(actor, 'bureau') && actor.userId === userId;
      if (selfService && this.selfServiceTokenDays === 0) {
        throw new ForbiddenError(
          'self_service_tokens_disabled',
          '本市的令牌由大数据管理局签发，用户不能自行签发令牌，请向大数据管理局申请 (tokens are issued by the bureau; users may not issue tokens for themselves here)',
        );
      }
      if (!user.active) throw new RuleViolationError('user_inactive', '用户已停用，不能签发令牌 (the user is inactive)');
      const days = body.expiresInDays ?? (selfService ? Math.min(DEFAULT_TOKEN_DAYS, this.selfServiceTokenDays) : DEFAULT_TOKEN_DAYS);
      if (selfService && days > this.selfServiceTokenDays) {
        throw new RuleViolationError(
          'self_service_token_too_long',
          `自行签发的令牌有效期最长 ${this.selfServiceTokenDays} 天；更长的令牌请向大数据管理局申请 (a token you issue for yourself lasts at most ${this.selfServiceTokenDays} days; the bureau issues longer ones)`,
          [{ path: '/expiresInDays', message: `最长 ${this.selfServiceTokenDays} 天 (at most ${this.selfServiceTokenDays})` }],
        );
      }
      const now = this.clock.now();
      const expiresAt = new Date(now.getTime() + days * DAY_MS);
      if (issuerExpiresAt && expiresAt.getTime() > new Date(issuerExpiresAt).getTime()) {
        const latest = new Date(issuerExpiresAt);
        const maxDays = Math.floor((latest.getTime() - now.getTime()) / DAY_MS);
        const fits = maxDays >= 1 ? `expiresInDays 最多为 ${maxDays}` : '本令牌剩余不足一天，不能再签发令牌';
        const fitsEn = maxDays >= 1 ? `expiresInDays at most ${maxDays}` : 'less than a day is left, too little to issue any token';
        throw new RuleViolationError(
          'token_outlives_issuer',
          `新令牌不能比签发它的令牌更晚到期：最迟 ${shanghaiDateTime(latest)}（北京时间），${fits} (a token may not outlive the token that issues it: it may expire at the latest ${shanghaiDateTime(latest)} Beijing time; ${fitsEn})`,
          [{ path: '/expiresInDays', message: `最迟到期 ${shanghaiDateTime(latest)}（北京时间）(latest expiry)` }],
        );
      }
      const secret = newTokenSecret();
      const token: Token = {
        id: randomUUID(),
        userId,
        name: body.name.trim(),
        createdAt: now.toISOString(),
        expiresAt: expiresAt.toISOString(),
        revokedAt: null,
      };
      await this.store.insertToken(trx, token, hashToken(secret));
      // The secret never enters the audit trail or a log.
      await this.audit.record(trx, actor, {
        action: 'token.created',
        objectType: 'token',
        objectId: token.id,
        details: { userId, expiresAt: token.expiresAt, ...(viaSession ? { confirmedWithPassword: true } : {}) },
      });
      return { ...token, token: secret };
    });
  }

  async revokeToken(actor: Actor, userId: string, tokenId: string): Promise<Token> {
    return transaction(this.db, async (trx) => {
      await this.tokenOwnerFor(actor, userId, trx);
      const token = await this.store.findToken(trx, userId, tokenId);
      if (!token) throw new NotFoundError('令牌');
      const alreadyRevoked = () => new ConflictError('token_already_revoked', '令牌已撤销 (the token is already revoked)');
      if (token.revokedAt) throw alreadyRevoked();
      const at = this.clock.now();
      // Guarded in the statement: a revocation racing this one may have committed since the read.
      if (!(await this.store.revokeToken(trx, tokenId, at.toISOString()))) throw alreadyRevoked();
      await this.audit.record(trx, actor, { action: 'token.revoked', objectType: 'token', objectId: tokenId, details: { userId } });
      return { ...token, revokedAt: at.toISOString() };
    });
  }

  /**
   * The tokens among these secrets that still let someone in (not revoked, not expired, user
   * active) — at start-up, the demo city's published tokens (seeds/demo-city.data.ts).
   */
  async liveTokensAmong(secrets: string[]): Promise<LiveToken[]> {
    return this.store.findLiveTokens(this.db, secrets.map(hashToken), this.clock.now());
  }

  /**
   * Revokes every token among these secrets that still lets someone in, each with a
   * `token.revoked` audit event by the system (no actor), in one transaction; the tokens revoked.
   * A second run finds none and revokes nothing (`npm run demo:revoke-tokens`).
   */
  async revokeTokensAmong(secrets: string[], reason: string): Promise<LiveToken[]> {
    return transaction(this.db, async (trx) => {
      const now = this.clock.now();
      const revoked: LiveToken[] = [];
      for (const token of await this.store.findLiveTokens(trx, secrets.map(hashToken), now)) {
        if (!(await this.store.revokeToken(trx, token.id, now.toISOString()))) continue;
        await this.audit.record(trx, null, {
          action: 'token.revoked',
          objectType: 'token',
          objectId: token.id,
          details: { userId: token.userId, reason },
        });
        revoked.push(token);
      }
      return revoked;
    });
  }

  /**
   * Makes sure a bureau administrator holding this token exists (BOOTSTRAP_ADMIN_TOKEN), so an
   * operator can always get in. Creates the bureau department too when there is none yet.
   */
  async ensureBootstrapAdmin(secret: string): Promise<void> {
    const hash = hashToken(secret);
    await transaction(this.db, async (trx) => {
      const owner = await this.store.findTokenOwner(trx, hash);
      const now = this.clock.now();
      const at = now.toISOString();
      if (owner) {
        // The operator's way in must keep working: reactivate and unrevoke if someone closed it.
        if (!owner.user.active || owner.revokedAt || owner.expiresAt || !owner.user.roles.includes('bureau')) {
          await this.store.restoreAdministrator(trx, owner.user, hash, at);
          await this.audit.record(trx, null, { action: 'bootstrap_admin.restored', objectType: 'user', objectId: owner.user.id });
        }
        return;
      }
      let bureau = await this.departments.findBureau(trx);
      if (!bureau) {
        bureau = await this.departments.createBootstrapBureau(trx);
      }
      const user: User = {
        id: randomUUID(),
        name: '平台管理员',
        loginName: null,
        departmentId: bureau.id,
        roles: ['bureau'],
        active: true,
        createdAt: at,
        updatedAt: at,
      };
      await this.store.insert(trx, user);
      await this.store.insertToken(
        trx,
        { id: randomUUID(), userId: user.id, name: 'BOOTSTRAP_ADMIN_TOKEN', createdAt: at, expiresAt: null, revokedAt: null },
        hash,
      );
      await this.audit.record(trx, null, { action: 'bootstrap_admin.created', objectType: 'user', objectId: user.id });
    });
  }

  /** Tokens are the bureau's or the user's own business. */
  private async tokenOwnerFor(actor: Actor, userId: string, db: Conn): Promise<User> {
    const user = await this.store.findById(db, userId);
    if (!user || !canSeeUser(actor, user)) throw new NotFoundError('用户');
    if (!hasRole(actor, 'bureau') && actor.userId !== userId) {
      throw new ForbiddenError('not_own_token', "只能管理自己的令牌 (only the bureau manages other users' tokens)");
    }
    return user;
  }

  private async checkLoginNameFree(trx: Tx, loginName: string | null, except?: string): Promise<void> {
    if (loginName && (await this.store.findByLoginName(trx, loginName, except))) {
      throw new ConflictError('login_name_taken', `登录名 ${loginName} 已被其他用户使用 (the login name is taken)`);
    }
  }

  private async checkRolesFitDepartment(trx: Tx, departmentId: string, roles: Role[]): Promise<void> {
    const department = await this.departments.find(trx, departmentId);
    if (!department) {
      throw new RuleViolationError('unknown_department', '部门不存在 (no such department)', [
        { path: '/departmentId', message: '部门不存在' },
      ]);
    }
    if (roles.includes('bureau') && !department.isBureau) {
      throw new RuleViolationError(
        'bureau_role_outside_bureau',
        '只有大数据管理局的用户可以担任 bureau 角色 (the bureau role needs a user of the bureau)',
        [{ path: '/roles', message: 'bureau 角色仅限大数据管理局' }],
      );
    }
  }
}
