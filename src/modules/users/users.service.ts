import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { Clock } from '../../clock';
import { Actor, hasRole, requireRole, Role } from '../../domain/actor';
import { withCreditCodeCheckChar } from '../../domain/credit-code';
import { hashToken, newTokenSecret } from '../../domain/tokens';
import { ConflictError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import { applyKeyset, pageOf, sortBy } from '../../db/pagination';
import { dialectOf } from '../../db/knex';
import { recordAudit } from '../audit/audit.store';
import { assertIfMatch, rowVersionOf, withRowVersion } from '../../db/versions';
import { DepartmentStore } from '../departments/departments.store';
import { LiveToken, Token, TokenOwner, toUser, User, UserStore } from './users.store';
import { sqliteChangeStamp } from '../../db/sqlite-direct';
import { shanghaiDateTime } from '../../domain/working-days';

const byCreation = sortBy('createdAt', 'created_at', 'asc', 'id', 'timestamp');
const DAY_MS = 24 * 60 * 60 * 1000;
/** A token's lifetime when the request names none (TokenCreate.expiresInDays' default). */
const DEFAULT_TOKEN_DAYS = 90;
/** SELF_SERVICE_TOKEN_DAYS' default: a token a user issues for itself lasts at most 30 days. */
export const DEFAULT_SELF_SERVICE_TOKEN_DAYS = 30;

export class UserService {
  private readonly store = new UserStore();
  private readonly departments = new DepartmentStore();
  /** Token owners as last read, with the SQLite change stamp they were read at (tokenOwner). */
  private readonly tokenOwners = new LRUCache<string, { stamp: string; owner: TokenOwner }>({ max: 10_000 });

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    /** Longest lifetime of a token a (non-bureau) user issues for itself; 0: only the bureau issues tokens. */
    private readonly selfServiceTokenDays: number = DEFAULT_SELF_SERVICE_TOKEN_DAYS,
  ) {}

  /** The actor behind a bearer token, or null when the token is unknown, expired, revoked or its user inactive. */
  async authenticate(secret: string, requestId: string | null, clientAddress: string | null): Promise<Actor | null> {
    const owner = await this.tokenOwner(hashToken(secret));
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

  /**
   * The owner of a token hash. Never from the read cache: a token revoked or a user deactivated by
   * hand in the database, in an emergency and without an audit event, must stop working at the
   * next request (ADR 0018). On SQLite a looked-up owner is kept only while the database has not
   * changed at all — any commit, by this process or another (sqliteChangeStamp) — which such a
   * hand edit is too (ADR 0019). On PostgreSQL every request reads it: the change feed's notice of
   * a hand edit may arrive after the next request (ADR 0021, amended 2026-12-05).
   */
  private async tokenOwner(hash: string): Promise<TokenOwner | null> {
    const stamp = sqliteChangeStamp(this.db);
    if (stamp !== null) {
      const held = this.tokenOwners.get(hash);
      if (held && held.stamp === stamp) return held.owner;
    }
    // With a stamp the connection was idle, so the lookup runs directly and synchronously, before
    // anything else can change the database: the owner is of the stamp's state.
    const owner = await this.store.findTokenOwner(this.db, hash);
    if (stamp !== null && owner) this.tokenOwners.set(hash, { stamp, owner });
    return owner;
  }

  async me(actor: Actor) {
    const user = await this.store.findById(this.db, actor.userId);
    const department = await this.departments.findById(this.db, actor.departmentId);
    if (!user || !department) throw new NotFoundError('用户');
    return { user, department };
  }

  async list(actor: Actor, query: { departmentId?: string; limit: number; cursor?: string }) {
    const qb = this.store.listQuery(this.db);
    // The bureau sees every user; a department sees its own staff.
    if (!hasRole(actor, 'bureau')) qb.where('department_id', actor.departmentId);
    if (query.departmentId) qb.where('department_id', query.departmentId);
    applyKeyset(qb, dialectOf(this.db), byCreation, query.cursor);
    const rows = await qb.limit(query.limit + 1);
    return pageOf(rows, query.limit, byCreation, (r: Record<string, unknown>) => [toUser(r).createdAt, r.id as string], toUser);
  }

  async get(actor: Actor, id: string): Promise<User> {
    const user = await this.store.findById(this.db, id);
    if (!user || !this.canSee(actor, user)) throw new NotFoundError('用户');
    return user;
  }

  async create(actor: Actor, body: BodyOf<'createUser'>): Promise<User> {
    requireRole(actor, 'bureau');
    return this.db.transaction(async (trx) => {
      await this.checkRolesFitDepartment(trx, body.departmentId, body.roles);
      const now = this.clock.now().toISOString();
      const user: User = {
        id: randomUUID(),
        name: body.name.trim(),
        departmentId: body.departmentId,
        roles: body.roles,
        active: true,
        createdAt: now,
        updatedAt: now,
      };
      await this.store.insert(trx, user);
      await recordAudit(trx, actor, this.clock.now(), {
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
    return this.db.transaction(async (trx) => {
      const current = await this.store.findById(trx, id, 'update');
      if (!current) throw new NotFoundError('用户');
      const rowVersion = rowVersionOf(current)!;
      assertIfMatch(ifMatch, rowVersion);
      const next: User = {
        ...current,
        name: body.name?.trim() ?? current.name,
        roles: body.roles ?? current.roles,
        active: body.active ?? current.active,
        updatedAt: this.clock.now().toISOString(),
      };
      if (body.roles) await this.checkRolesFitDepartment(trx, current.departmentId, body.roles);
      const written = await this.store.update(trx, next, rowVersion);
      await recordAudit(trx, actor, this.clock.now(), {
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
    return this.db.transaction(async (trx) => {
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
      if (actor.tokenExpiresAt && expiresAt.getTime() > new Date(actor.tokenExpiresAt).getTime()) {
        const latest = new Date(actor.tokenExpiresAt);
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
      await recordAudit(trx, actor, now, {
        action: 'token.created',
        objectType: 'token',
        objectId: token.id,
        details: { userId, expiresAt: token.expiresAt },
      });
      return { ...token, token: secret };
    });
  }

  async revokeToken(actor: Actor, userId: string, tokenId: string): Promise<Token> {
    return this.db.transaction(async (trx) => {
      await this.tokenOwnerFor(actor, userId, trx);
      const token = await this.store.findToken(trx, userId, tokenId);
      if (!token) throw new NotFoundError('令牌');
      const alreadyRevoked = () => new ConflictError('token_already_revoked', '令牌已撤销 (the token is already revoked)');
      if (token.revokedAt) throw alreadyRevoked();
      const at = this.clock.now();
      // Guarded in the statement: a revocation racing this one may have committed since the read.
      if (!(await this.store.revokeToken(trx, tokenId, at.toISOString()))) throw alreadyRevoked();
      await recordAudit(trx, actor, at, { action: 'token.revoked', objectType: 'token', objectId: tokenId, details: { userId } });
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
    return this.db.transaction(async (trx) => {
      const now = this.clock.now();
      const revoked: LiveToken[] = [];
      for (const token of await this.store.findLiveTokens(trx, secrets.map(hashToken), now)) {
        if (!(await this.store.revokeToken(trx, token.id, now.toISOString()))) continue;
        await recordAudit(trx, null, now, {
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
    await this.db.transaction(async (trx) => {
      const owner = await this.store.findTokenOwner(trx, hash);
      const now = this.clock.now();
      const at = now.toISOString();
      if (owner) {
        // The operator's way in must keep working: reactivate and unrevoke if someone closed it.
        if (!owner.user.active || owner.revokedAt || owner.expiresAt || !owner.user.roles.includes('bureau')) {
          await trx('users')
            .where({ id: owner.user.id })
            .update({
              active: true,
              roles_json: JSON.stringify([...new Set<Role>([...owner.user.roles, 'bureau'])]),
              updated_at: at,
              row_version: trx.raw('row_version + 1'),
            });
          await trx('api_tokens').where({ token_hash: hash }).update({ revoked_at: null, expires_at: null });
          await recordAudit(trx, null, now, { action: 'bootstrap_admin.restored', objectType: 'user', objectId: owner.user.id });
        }
        return;
      }
      let bureau = await this.departments.findBureau(trx);
      if (!bureau) {
        bureau = {
          id: randomUUID(),
          name: '大数据管理局（初始化）',
          creditCode: withCreditCodeCheckChar('11000000000000000'),
          level: 'municipal',
          isBureau: true,
          createdAt: at,
          updatedAt: at,
        };
        await this.departments.insert(trx, bureau);
        await recordAudit(trx, null, now, {
          action: 'department.created',
          objectType: 'department',
          objectId: bureau.id,
          details: { bootstrap: true },
        });
      }
      const user: User = {
        id: randomUUID(),
        name: '平台管理员',
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
      await recordAudit(trx, null, now, { action: 'bootstrap_admin.created', objectType: 'user', objectId: user.id });
    });
  }

  private canSee(actor: Actor, user: User): boolean {
    return hasRole(actor, 'bureau') || user.departmentId === actor.departmentId;
  }

  /** Tokens are the bureau's or the user's own business. */
  private async tokenOwnerFor(actor: Actor, userId: string, db: Knex | Knex.Transaction): Promise<User> {
    const user = await this.store.findById(db, userId);
    if (!user || !this.canSee(actor, user)) throw new NotFoundError('用户');
    if (!hasRole(actor, 'bureau') && actor.userId !== userId) {
      throw new ForbiddenError('not_own_token', "只能管理自己的令牌 (only the bureau manages other users' tokens)");
    }
    return user;
  }

  private async checkRolesFitDepartment(trx: Knex.Transaction, departmentId: string, roles: Role[]): Promise<void> {
    const department = await this.departments.findById(trx, departmentId);
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
