import { Conn, Tx } from '../../db/database';
import { Row, toBool, toIso, toIsoOrNull } from '../../db/rows';
import { toUser, User } from './users.store';

// The credentials of people who sign in (users.password_hash, the lockout counters) and their
// sessions (ADR 0043). Sessions live in the database so that every instance of the service knows them.

export interface Credentials {
  user: User;
  passwordHash: string | null;
  mustChangePassword: boolean;
  failedSignIns: number;
  lockedUntil: string | null;
}

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  csrfToken: string;
  endedAt: string | null;
  clientAddress: string | null;
  userAgent: string | null;
}

export interface SessionHolder {
  session: Session;
  user: User;
  mustChangePassword: boolean;
}

function toCredentials(row: Row): Credentials {
  return {
    user: toUser(row),
    passwordHash: (row.password_hash as string | null) ?? null,
    mustChangePassword: toBool(row.must_change_password),
    failedSignIns: Number(row.failed_sign_ins ?? 0),
    lockedUntil: toIsoOrNull(row.locked_until),
  };
}

function toSession(row: Row, prefix = ''): Session {
  return {
    id: row[`${prefix}id`] as string,
    userId: row[`${prefix}user_id`] as string,
    createdAt: toIso(row[`${prefix}created_at`]),
    lastSeenAt: toIso(row[`${prefix}last_seen_at`]),
    expiresAt: toIso(row[`${prefix}expires_at`]),
    csrfToken: row[`${prefix}csrf_token`] as string,
    endedAt: toIsoOrNull(row[`${prefix}ended_at`]),
    clientAddress: (row[`${prefix}client_address`] as string | null) ?? null,
    userAgent: (row[`${prefix}user_agent`] as string | null) ?? null,
  };
}

export class SessionStore {
  async credentialsByLoginName(db: Conn, loginName: string): Promise<Credentials | null> {
    const row = await db('users').where({ login_name: loginName }).first();
    return row ? toCredentials(row) : null;
  }

  async credentialsById(db: Conn, userId: string): Promise<Credentials | null> {
    const row = await db('users').where({ id: userId }).first();
    return row ? toCredentials(row) : null;
  }

  /** One more failed sign-in in a row; the count after it. */
  async countFailure(db: Tx, userId: string): Promise<number> {
    await db('users').where({ id: userId }).increment('failed_sign_ins', 1);
    const row = await db('users').where({ id: userId }).first('failed_sign_ins');
    return Number(row.failed_sign_ins);
  }

  async lock(db: Tx, userId: string, until: string): Promise<void> {
    await db('users').where({ id: userId }).update({ failed_sign_ins: 0, locked_until: until });
  }

  async clearFailures(db: Tx, userId: string): Promise<void> {
    await db('users').where({ id: userId }).update({ failed_sign_ins: 0, locked_until: null });
  }

  async setPassword(db: Tx, userId: string, hash: string, mustChange: boolean): Promise<void> {
    await db('users')
      .where({ id: userId })
      .update({ password_hash: hash, must_change_password: mustChange, failed_sign_ins: 0, locked_until: null });
  }

  /** No password any more (no sign-in until the bureau sets one), and the user's open sessions ended. */
  async clearPassword(db: Tx, userId: string, at: string): Promise<void> {
    await db('users').where({ id: userId }).update({ password_hash: null, must_change_password: false });
    await db('sessions').where({ user_id: userId }).whereNull('ended_at').update({ ended_at: at });
  }

  async insertSession(db: Tx, s: Session): Promise<void> {
    await db('sessions').insert({
      id: s.id,
      user_id: s.userId,
      created_at: s.createdAt,
      last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt,
      csrf_token: s.csrfToken,
      ended_at: s.endedAt,
      client_address: s.clientAddress,
      user_agent: s.userAgent,
    });
  }

  async findHolder(db: Conn, id: string): Promise<SessionHolder | null> {
    const row = await db('sessions as s')
      .join('users as u', 'u.id', 's.user_id')
      .where('s.id', id)
      .first(
        'u.*',
        's.id as s_id',
        's.user_id as s_user_id',
        's.created_at as s_created_at',
        's.last_seen_at as s_last_seen_at',
        's.expires_at as s_expires_at',
        's.csrf_token as s_csrf_token',
        's.ended_at as s_ended_at',
        's.client_address as s_client_address',
        's.user_agent as s_user_agent',
      );
    if (!row) return null;
    return { session: toSession(row, 's_'), user: toUser(row), mustChangePassword: toBool(row.must_change_password) };
  }

  async touch(db: Conn, id: string, at: string): Promise<void> {
    await db('sessions').where({ id }).whereNull('ended_at').update({ last_seen_at: at });
  }

  /** Ends a session still open; false when it was ended already. */
  /** Ends the user's open sessions but `keep` (the one asking, or none); how many it ended. */
  async endSessionsOf(db: Tx, userId: string, at: string, keep: string | null): Promise<number> {
    const q = db('sessions').where({ user_id: userId }).whereNull('ended_at');
    if (keep) q.whereNot({ id: keep });
    return Number(await q.update({ ended_at: at }));
  }

  /** Deletes the sessions that can no longer be used: ended, past their lifetime, or idle since before `idleSince`; how many. */
  async deleteFinished(db: Conn, now: string, idleSince: string): Promise<number> {
    return Number(
      await db('sessions').whereNotNull('ended_at').orWhere('expires_at', '<=', now).orWhere('last_seen_at', '<=', idleSince).delete(),
    );
  }

  async end(db: Tx, id: string, at: string): Promise<boolean> {
    return Number(await db('sessions').where({ id }).whereNull('ended_at').update({ ended_at: at })) === 1;
  }
}
