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
import { checkVersion, parseIfMatch } from '../../db/versions';
import { DepartmentStore } from '../departments/departments.store';
import { Token, TokenOwner, toUser, User, UserStore } from './users.store';
import { sqliteChangeStamp } from '../../db/sqlite-direct';
import { changeFeedOf } from '../../db/change-feed';

const byCreation = sortBy('createdAt', 'created_at', 'asc', 'id', 'timestamp');
const DAY_MS = 24 * 60 * 60 * 1000;

export class UserService {
  private readonly store = new UserStore();
  private readonly departments = new DepartmentStore();
  /** Token owners as last read, with the SQLite change stamp they were read at (tokenOwner). */
  private readonly tokenOwners = new LRUCache<string, { stamp: string; owner: TokenOwner }>({ max: 10_000 });

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
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
    };
  }

  /**
   * The owner of a token hash. Never from the read cache: a token revoked or a user deactivated by
   * hand in the database, in an emergency and without an audit event, must stop working at once
   * (ADR 0018). On SQLite a looked-up owner is kept only while the database has not changed at all
   * — any commit, by this process or another (sqliteChangeStamp) — which such a hand edit is too
   * (ADR 0019). On PostgreSQL the same, with the change feed's stamp (ADR 0021); without a live
   * feed every request reads it.
   */
  private async tokenOwner(hash: string): Promise<TokenOwner | null> {
    // PostgreSQL with a live change feed: kept while no notice (a changed token or user, or any
    // audited write) and no local commit has come in (ADR 0021).
    const stamp = sqliteChangeStamp(this.db) ?? changeFeedOf(this.db)?.stamp() ?? null;
    if (stamp !== null) {
      const held = this.tokenOwners.get(hash);
      if (held && held.stamp === stamp) return held.owner;
    }
    // SQLite: with a stamp the connection was idle, so the lookup runs directly and synchronously,
    // before anything else can change the database: the owner is of the stamp's state. PostgreSQL:
    // the stamp was taken before the read, so a change committed after it moves the stamp.
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
      const user: User = { id: randomUUID(), name: body.name.trim(), departmentId: body.departmentId, roles: body.roles, active: true, createdAt: now, updatedAt: now };
      await this.store.insert(trx, user);
      await recordAudit(trx, actor, this.clock.now(), { action: 'user.created', objectType: 'user', objectId: user.id, details: { departmentId: user.departmentId, roles: user.roles } });
      return user;
    });
  }

  async update(actor: Actor, id: string, body: BodyOf<'updateUser'>, ifMatch: string | undefined): Promise<User> {
    requireRole(actor, 'bureau');
    return this.db.transaction(async (trx) => {
      const current = await this.store.findById(trx, id);
      if (!current) throw new NotFoundError('用户');
      await checkVersion(trx, 'users', id, parseIfMatch(ifMatch));
      const next: User = {
        ...current,
        name: body.name?.trim() ?? current.name,
        roles: body.roles ?? current.roles,
        active: body.active ?? current.active,
        updatedAt: this.clock.now().toISOString(),
      };
      if (body.roles) await this.checkRolesFitDepartment(trx, current.departmentId, body.roles);
      await this.store.update(trx, next);
      await recordAudit(trx, actor, this.clock.now(), { action: 'user.updated', objectType: 'user', objectId: id, details: { before: current, after: next } });
      return next;
    });
  }

  async listTokens(actor: Actor, userId: string): Promise<{ items: Token[] }> {
    await this.tokenOwnerFor(actor, userId, this.db);
    return { items: await this.store.listTokens(this.db, userId) };
  }

  async createToken(actor: Actor, userId: string, body: BodyOf<'createToken'>): Promise<Schema<'TokenCreated'>> {
    return this.db.transaction(async (trx) => {
      const user = await this.tokenOwnerFor(actor, userId, trx);
      if (!user.active) throw new RuleViolationError('user_inactive', '用户已停用，不能签发令牌 (the user is inactive)');
      const now = this.clock.now();
      const secret = newTokenSecret();
      const token: Token = {
        id: randomUUID(),
        userId,
        name: body.name.trim(),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + (body.expiresInDays ?? 90) * DAY_MS).toISOString(),
        revokedAt: null,
      };
      await this.store.insertToken(trx, token, hashToken(secret));
      // The secret never enters the audit trail or a log.
      await recordAudit(trx, actor, now, { action: 'token.created', objectType: 'token', objectId: token.id, details: { userId, expiresAt: token.expiresAt } });
      return { ...token, token: secret };
    });
  }

  async revokeToken(actor: Actor, userId: string, tokenId: string): Promise<Token> {
    return this.db.transaction(async (trx) => {
      await this.tokenOwnerFor(actor, userId, trx);
      const token = await this.store.findToken(trx, userId, tokenId);
      if (!token) throw new NotFoundError('令牌');
      if (token.revokedAt) throw new ConflictError('token_already_revoked', '令牌已撤销 (the token is already revoked)');
      const at = this.clock.now();
      await this.store.revokeToken(trx, tokenId, at.toISOString());
      await recordAudit(trx, actor, at, { action: 'token.revoked', objectType: 'token', objectId: tokenId, details: { userId } });
      return { ...token, revokedAt: at.toISOString() };
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
          await trx('users').where({ id: owner.user.id }).update({ active: true, roles_json: JSON.stringify([...new Set<Role>([...owner.user.roles, 'bureau'])]), updated_at: at });
          await trx('api_tokens').where({ token_hash: hash }).update({ revoked_at: null, expires_at: null });
          await recordAudit(trx, null, now, { action: 'bootstrap_admin.restored', objectType: 'user', objectId: owner.user.id });
        }
        return;
      }
      let bureau = await this.departments.findBureau(trx);
      if (!bureau) {
        bureau = { id: randomUUID(), name: '大数据管理局（初始化）', creditCode: withCreditCodeCheckChar('11000000000000000'), level: 'municipal', isBureau: true, createdAt: at, updatedAt: at };
        await this.departments.insert(trx, bureau);
        await recordAudit(trx, null, now, { action: 'department.created', objectType: 'department', objectId: bureau.id, details: { bootstrap: true } });
      }
      const user: User = { id: randomUUID(), name: '平台管理员', departmentId: bureau.id, roles: ['bureau'], active: true, createdAt: at, updatedAt: at };
      await this.store.insert(trx, user);
      await this.store.insertToken(trx, { id: randomUUID(), userId: user.id, name: 'BOOTSTRAP_ADMIN_TOKEN', createdAt: at, expiresAt: null, revokedAt: null }, hash);
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
      throw new ForbiddenError('not_own_token', '只能管理自己的令牌 (only the bureau manages other users\' tokens)');
    }
    return user;
  }

  private async checkRolesFitDepartment(trx: Knex.Transaction, departmentId: string, roles: Role[]): Promise<void> {
    const department = await this.departments.findById(trx, departmentId);
    if (!department) {
      throw new RuleViolationError('unknown_department', '部门不存在 (no such department)', [{ path: '/departmentId', message: '部门不存在' }]);
    }
    if (roles.includes('bureau') && !department.isBureau) {
      throw new RuleViolationError('bureau_role_outside_bureau', '只有大数据管理局的用户可以担任 bureau 角色 (the bureau role needs a user of the bureau)', [{ path: '/roles', message: 'bureau 角色仅限大数据管理局' }]);
    }
  }
}
