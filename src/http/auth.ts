import { NextFunction, Request, Response } from 'express';
import { Actor } from '../domain/actor';
import { UnauthenticatedError } from '../errors';

export type Authenticate = (token: string, requestId: string | null, clientAddress: string | null) => Promise<Actor | null>;

const BEARER = /^Bearer ([\x21-\x7e]{1,512})$/;

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
