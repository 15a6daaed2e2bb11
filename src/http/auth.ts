import { timingSafeEqual } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { Actor } from '../domain/actor';
import { ForbiddenError, UnauthenticatedError } from '../errors';

export type Authenticate = (token: string, requestId: string | null, clientAddress: string | null) => Promise<Actor | null>;

/** Who a session cookie belongs to, with its CSRF token and whether its password must be changed first. */
export type AuthenticateSession = (
  token: string,
  requestId: string | null,
  clientAddress: string | null,
) => Promise<{ actor: Actor; csrfToken: string; mustChangePassword: boolean } | null>;

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a session whose password must be changed may still do: see itself, change the password, sign out. */
const WHILE_PASSWORD_MUST_CHANGE = new Set(['GET /api/v1/me', 'PUT /api/v1/me/password', 'DELETE /api/v1/sessions/current']);

/** The value of one cookie of the request, or null. */
export function cookieOf(req: Request, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim() || null;
  }
  return null;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function csrfRefused(why: string): ForbiddenError {
  return new ForbiddenError('csrf_refused', `${why}：请求被拒绝，以防跨站请求伪造 (refused as a possible cross-site request forgery)`);
}

/** Every /api/v1 call needs `Authorization: Bearer <token>` of an active user. */
export function requireBearerToken(authenticate: Authenticate) {
  return async (req: Request, _res: Response, next: NextFunction): Promise<void> => {
    const header = req.headers.authorization;
    const match = header ? BEARER.exec(header) : null;
    if (!match) throw new UnauthenticatedError();
    const actor = await authenticate(match[1], req.id ? String(req.id) : null, req.ip ?? null);
    if (!actor) throw new UnauthenticatedError('访问令牌无效、已过期或已撤销 (the token is invalid, expired or revoked)');
    req.actor = actor;
    next();
  };
}

/**
 * A bearer token (programs) or, for a request without Authorization, the session cookie of a
 * person who signed in (ADR 0043). A cookie's unsafe request (POST, PUT, PATCH, DELETE) needs
 * `X-CSRF-Token` equal to its session's, and an `Origin`, when sent, of this service or one of
 * CORS_ORIGINS; a session whose password must be changed may do only that (and see itself, sign out).
 */
export function requireBearerTokenOrSession(
  authenticate: Authenticate,
  authenticateSession: AuthenticateSession,
  options: { cookieName: string; corsOrigins: string[] },
) {
  const bearer = requireBearerToken(authenticate);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const cookie = req.headers.authorization === undefined ? cookieOf(req, options.cookieName) : null;
    if (!cookie) return bearer(req, res, next);
    const found = await authenticateSession(cookie, req.id ? String(req.id) : null, req.ip ?? null);
    if (!found) throw new UnauthenticatedError('会话无效或已过期，请重新登录 (the session is invalid or expired: sign in again)');
    if (UNSAFE.has(req.method)) {
      const sent = req.get('x-csrf-token');
      if (!sent || !same(sent, found.csrfToken)) throw csrfRefused('缺少或不符的 X-CSRF-Token 请求头');
      const origin = req.get('origin');
      if (origin !== undefined && origin !== `${req.protocol}://${req.get('host')}` && !options.corsOrigins.includes(origin)) {
        throw csrfRefused(`来源 ${origin} 不是本平台`);
      }
    }
    if (found.mustChangePassword && !WHILE_PASSWORD_MUST_CHANGE.has(`${req.method} ${(req.baseUrl + req.path).replace(/\/$/, '')}`)) {
      throw new ForbiddenError(
        'password_change_required',
        '请先修改密码（PUT /api/v1/me/password），再使用平台 (change the password first)',
      );
    }
    req.actor = found.actor;
    // What GET /api/v1/me tells the console about its own session (the CSRF token after a reload).
    res.locals.sessionState = {
      csrfToken: found.csrfToken,
      mustChangePassword: found.mustChangePassword,
      expiresAt: found.actor.tokenExpiresAt,
    };
    next();
  };
}
