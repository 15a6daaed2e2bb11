import { ForbiddenError } from '../errors';

export type Role = 'producer' | 'consumer' | 'bureau' | 'auditor';

/** Who is calling: a user acting for one department, with its roles, and where the call came from. */
export interface Actor {
  userId: string;
  userName: string;
  departmentId: string;
  roles: Role[];
  requestId: string | null;
  clientAddress: string | null;
  /** The Idempotency-Key this request claimed, marked done in the write's own transaction. */
  idempotencyKey?: string;
  /**
   * When the bearer token this request came with expires (ISO 8601); null: a token without expiry
   * (BOOTSTRAP_ADMIN_TOKEN, the demo city's). Absent for the system (seeds, start-up). A token may
   * not issue a token that outlives it.
   */
  tokenExpiresAt?: string | null;
  /** The session (its id, the cookie's hash) when the request came with a session cookie, not a token. */
  sessionId?: string;
}

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role);
}

const roleNames: Record<Role, string> = {
  producer: '提供部门经办人 (producer)',
  consumer: '使用部门经办人 (consumer)',
  bureau: '大数据管理局 (bureau)',
  auditor: '审计员 (auditor)',
};

export function requireRole(actor: Actor, ...anyOf: Role[]): void {
  if (!anyOf.some((r) => hasRole(actor, r))) {
    throw new ForbiddenError('role_required', `此操作需要角色：${anyOf.map((r) => roleNames[r]).join(' 或 ')}`);
  }
}

/** Seeds and start-up run as the system, not as a user. */
export const SYSTEM_ACTOR_ID = 'system';
