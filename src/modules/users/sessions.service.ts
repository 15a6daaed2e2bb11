import { createHash, randomBytes } from 'node:crypto';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { Actor, requireRole } from '../../domain/actor';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPassword } from '../../domain/passwords';
import { shanghaiDateTime } from '../../domain/working-days';
import { AppError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import type { DepartmentService } from '../departments/departments.service';
import { Session, SessionStore } from './sessions.store';

// Sign-in for people (登录与会话, docs/users.md, ADR 0043): login names and passwords, sessions
// held in the database behind an HttpOnly cookie, the lockout after failed sign-ins.

const MINUTE_MS = 60_000;
/** Failed sign-ins in a row that lock the account, and for how long. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_MINUTES = 15;
/** last_seen_at moves at most this often (a write per request would cost every request a write). */
const TOUCH_EVERY_MS = MINUTE_MS;

export interface SessionSettings {
  /** Minutes without a request after which a session ends (SESSION_IDLE_MINUTES, 30). */
  idleMinutes?: number;
  /** Hours after which a session ends however busy (SESSION_MAX_HOURS, 12). */
  maxHours?: number;
}

export interface SessionDeps extends SessionSettings {
  db: Database;
  clock: Clock;
  audit: AuditService;
  departments: DepartmentService;
}

/** Where a sign-in came from (recorded on the session and in the audit trail). */
export interface Origin {
  requestId: string | null;
  clientAddress: string | null;
  userAgent: string | null;
}

/** Who a session cookie belongs to, with what its checks need. */
export interface SessionActor {
  actor: Actor;
  csrfToken: string;
  mustChangePassword: boolean;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

const signInFailed = () =>
  new AppError(401, 'sign_in_failed', 'Unauthenticated', '登录名或密码错误 (wrong login name or password)', undefined, {
    'WWW-Authenticate': 'Bearer',
  });

function ruleProblem(problem: string | null, path: string): void {
  if (problem) throw new RuleViolationError('password_rule', problem, [{ path, message: problem.replace(/ \(.*\)$/, '') }]);
}

export class SessionService {
  private readonly store = new SessionStore();
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(private readonly deps: SessionDeps) {
    this.idleMs = (deps.idleMinutes ?? 30) * MINUTE_MS;
    this.maxMs = (deps.maxHours ?? 12) * 60 * MINUTE_MS;
  }

  /**
   * Signs in. A wrong password and an unknown login name answer the same 401 after as long (a
   * dummy hash is verified for an unknown name); the failure, its count and a lockout are
   * committed before the 401 is thrown.
   */
  async signIn(body: BodyOf<'createSession'>, origin: Origin): Promise<{ token: string; answer: Schema<'SessionCreated'> }> {
    const { db, clock, audit } = this.deps;
    const loginName = body.loginName.trim().toLowerCase();
    const credentials = await this.store.credentialsByLoginName(db, loginName);
    const now = clock.now();
    const from = { clientAddress: origin.clientAddress, requestId: origin.requestId };
    if (credentials?.lockedUntil && new Date(credentials.lockedUntil).getTime() > now.getTime()) {
      const until = shanghaiDateTime(new Date(credentials.lockedUntil));
      throw new ForbiddenError(
        'account_locked',
        `连续登录失败次数过多，账号已锁定至 ${until}（北京时间） (too many failed sign-ins: the account is locked until ${until} Beijing time)`,
      );
    }
    const right = await verifyPassword(body.password, credentials?.passwordHash ?? (await dummyPasswordHash()));
    if (!credentials || !right || !credentials.user.active || !credentials.passwordHash) {
      await transaction(db, async (trx) => {
        if (!credentials) {
          await audit.record(trx, null, {
            action: 'sign_in.failed',
            objectType: 'login_name',
            objectId: Array.from(loginName).slice(0, 64).join(''),
            details: { loginName, reason: 'unknown_login_name', ...from },
            departments: [null, null],
          });
          return;
        }
        const userId = credentials.user.id;
        const reason = !credentials.user.active ? 'user_inactive' : 'wrong_password';
        await audit.record(trx, null, {
          action: 'sign_in.failed',
          objectType: 'user',
          objectId: userId,
          details: { loginName, reason, ...from },
          departments: [credentials.user.departmentId],
        });
        if (reason !== 'wrong_password') return;
        if ((await this.store.countFailure(trx, userId)) >= LOCK_AFTER_FAILURES) {
          const until = new Date(now.getTime() + LOCK_MINUTES * MINUTE_MS).toISOString();
          await this.store.lock(trx, userId, until);
          await audit.record(trx, null, {
            action: 'account.locked',
            objectType: 'user',
            objectId: userId,
            details: { loginName, lockedUntil: until, failures: LOCK_AFTER_FAILURES },
            departments: [credentials.user.departmentId],
          });
        }
      });
      throw signInFailed();
    }
    const user = credentials.user;
    const token = randomBytes(32).toString('base64url');
    const session: Session = {
      id: sessionIdOf(token),
      userId: user.id,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.maxMs).toISOString(),
      csrfToken: randomBytes(32).toString('base64url'),
      endedAt: null,
      clientAddress: origin.clientAddress,
      userAgent: origin.userAgent?.slice(0, 500) ?? null,
    };
    const actor: Actor = { userId: user.id, userName: user.name, departmentId: user.departmentId, roles: user.roles, ...from };
    await transaction(db, async (trx) => {
      await this.store.clearFailures(trx, user.id);
      await this.store.insertSession(trx, session);
      // The session's id is a hash of the cookie, but it stays out of the trail all the same.
      await audit.record(trx, actor, {
        action: 'session.created',
        objectType: 'user',
        objectId: user.id,
        details: { expiresAt: session.expiresAt, mustChangePassword: credentials.mustChangePassword },
      });
    });
    const department = await this.deps.departments.find(db, user.departmentId);
    if (!department) throw new NotFoundError('部门');
    return {
      token,
      answer: {
        user,
        department,
        csrfToken: session.csrfToken,
        mustChangePassword: credentials.mustChangePassword,
        expiresAt: session.expiresAt,
      },
    };
  }

  /** The actor behind a session cookie, or null when the session is unknown, ended, idle too long, past its lifetime or its user inactive. */
  async authenticate(token: string, requestId: string | null, clientAddress: string | null): Promise<SessionActor | null> {
    const holder = await this.store.findHolder(this.deps.db, sessionIdOf(token));
    if (!holder || holder.session.endedAt || !holder.user.active) return null;
    const now = this.deps.clock.now().getTime();
    const { session, user } = holder;
    if (new Date(session.expiresAt).getTime() <= now) return null;
    const lastSeen = new Date(session.lastSeenAt).getTime();
    if (now - lastSeen >= this.idleMs) return null;
    if (now - lastSeen >= TOUCH_EVERY_MS) await this.store.touch(this.deps.db, session.id, new Date(now).toISOString());
    return {
      actor: {
        userId: user.id,
        userName: user.name,
        departmentId: user.departmentId,
        roles: user.roles,
        requestId,
        clientAddress,
        // A session issues no token that outlives it.
        tokenExpiresAt: session.expiresAt,
        sessionId: session.id,
      },
      csrfToken: session.csrfToken,
      mustChangePassword: holder.mustChangePassword,
    };
  }

  /**
   * Removes the rows of sessions no cookie can use any more (ended, expired, idle too long); how
   * many. Their sign-in and sign-out stay in the audit trail. main.ts runs it hourly.
   */
  purgeFinished(): Promise<number> {
    const now = this.deps.clock.now().getTime();
    return this.store.deleteFinished(this.deps.db, new Date(now).toISOString(), new Date(now - this.idleMs).toISOString());
  }

  async signOut(actor: Actor): Promise<void> {
    const sessionId = actor.sessionId;
    if (!sessionId) throw new ForbiddenError('no_session', '以令牌调用时没有可退出的会话 (a bearer-token call has no session to end)');
    await transaction(this.deps.db, async (trx) => {
      if (!(await this.store.end(trx, sessionId, this.deps.clock.now().toISOString()))) return;
      await this.deps.audit.record(trx, actor, { action: 'session.ended', objectType: 'user', objectId: actor.userId });
    });
  }

  /**
   * Clears every password among these published ones (the demo city's, README) that still lets its
   * login name in, each with a `password.cleared` audit event by the system, and ends the user's
   * open sessions; the login names cleared. A second run clears nothing (`npm run demo:revoke-tokens`).
   */
  async clearPasswordsAmong(published: Array<{ loginName: string; password: string }>, reason: string): Promise<string[]> {
    const cleared: string[] = [];
    for (const { loginName, password } of published) {
      const credentials = await this.store.credentialsByLoginName(this.deps.db, loginName);
      if (!credentials?.passwordHash || !(await verifyPassword(password, credentials.passwordHash))) continue;
      await transaction(this.deps.db, async (trx) => {
        const at = this.deps.clock.now().toISOString();
        await this.store.clearPassword(trx, credentials.user.id, at);
        await this.deps.audit.record(trx, null, {
          action: 'password.cleared',
          objectType: 'user',
          objectId: credentials.user.id,
          details: { loginName, reason },
        });
      });
      cleared.push(loginName);
    }
    return cleared;
  }

  /** The bureau sets or resets a user's password; the user must change it at its next sign-in. */
  async setPassword(actor: Actor, userId: string, body: BodyOf<'setUserPassword'>): Promise<void> {
    requireRole(actor, 'bureau');
    const credentials = await this.store.credentialsById(this.deps.db, userId);
    if (!credentials) throw new NotFoundError('用户');
    if (!credentials.user.loginName) {
      throw new RuleViolationError('login_name_missing', '该用户没有登录名，请先设置登录名 (the user has no login name yet)');
    }
    ruleProblem(passwordProblem(body.password, credentials.user.loginName), '/password');
    const hash = await hashPassword(body.password);
    // A reset is for a password lost or exposed: every session it opened ends with it.
    await transaction(this.deps.db, async (trx) => {
      await this.store.setPassword(trx, userId, hash, true);
      const sessionsEnded = await this.store.endSessionsOf(trx, userId, this.deps.clock.now().toISOString(), null);
      await this.deps.audit.record(trx, actor, {
        action: 'password.set',
        objectType: 'user',
        objectId: userId,
        details: { sessionsEnded },
      });
    });
  }

  /**
   * A person signed in confirms an act with the password (issuing a token from the console). A
   * wrong one counts toward the lockout like a failed sign-in, so the cookie is no guessing oracle.
   */
  async confirmPassword(actor: Actor, password: string | undefined): Promise<void> {
    if (!password) {
      throw new RuleViolationError(
        'password_confirmation_required',
        '在网页控制台签发令牌须输入本人当前密码确认 (issuing a token from a signed-in session needs your current password)',
        [{ path: '/currentPassword', message: '请输入当前密码' }],
      );
    }
    const credentials = await this.store.credentialsById(this.deps.db, actor.userId);
    if (!credentials) throw new NotFoundError('用户');
    if (await verifyPassword(password, credentials.passwordHash ?? (await dummyPasswordHash()))) {
      if (credentials.passwordHash) return;
    }
    const now = this.deps.clock.now();
    await transaction(this.deps.db, async (trx) => {
      await this.deps.audit.record(trx, actor, {
        action: 'password.confirmation_failed',
        objectType: 'user',
        objectId: actor.userId,
      });
      if ((await this.store.countFailure(trx, actor.userId)) >= LOCK_AFTER_FAILURES) {
        const until = new Date(now.getTime() + LOCK_MINUTES * MINUTE_MS).toISOString();
        await this.store.lock(trx, actor.userId, until);
        await this.deps.audit.record(trx, actor, {
          action: 'account.locked',
          objectType: 'user',
          objectId: actor.userId,
          details: { lockedUntil: until, failures: LOCK_AFTER_FAILURES },
        });
      }
    });
    throw new RuleViolationError('current_password_wrong', '当前密码错误 (the current password is wrong)', [
      { path: '/currentPassword', message: '当前密码错误' },
    ]);
  }

  /** A user changes its own password, giving the current one. */
  async changeOwnPassword(actor: Actor, body: BodyOf<'changeMyPassword'>): Promise<void> {
    const credentials = await this.store.credentialsById(this.deps.db, actor.userId);
    if (!credentials) throw new NotFoundError('用户');
    const right = await verifyPassword(body.currentPassword, credentials.passwordHash ?? (await dummyPasswordHash()));
    if (!right || !credentials.passwordHash) {
      throw new RuleViolationError('current_password_wrong', '当前密码错误 (the current password is wrong)', [
        { path: '/currentPassword', message: '当前密码错误' },
      ]);
    }
    ruleProblem(passwordProblem(body.newPassword, credentials.user.loginName), '/newPassword');
    if (body.newPassword === body.currentPassword) ruleProblem('新密码不能与当前密码相同 (the new password must differ)', '/newPassword');
    const hash = await hashPassword(body.newPassword);
    // The user's other sessions end (someone who learnt the old password is signed out); the one
    // that changed it goes on.
    await transaction(this.deps.db, async (trx) => {
      await this.store.setPassword(trx, actor.userId, hash, false);
      const at = this.deps.clock.now().toISOString();
      const sessionsEnded = await this.store.endSessionsOf(trx, actor.userId, at, actor.sessionId ?? null);
      await this.deps.audit.record(trx, actor, {
        action: 'password.changed',
        objectType: 'user',
        objectId: actor.userId,
        details: { sessionsEnded },
      });
    });
  }
}
