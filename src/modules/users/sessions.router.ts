import express from 'express';
import { Bind, SENT } from '../../http/binding';
import { SessionService } from './sessions.service';

/** The session cookie's name (docs/users.md). */
export const SESSION_COOKIE = 'catalog_session';

export interface CookieSettings {
  /** Mark the cookie Secure (SESSION_COOKIE_SECURE; true behind https). */
  secure?: boolean;
}

const cookieAttributes = (secure: boolean) => `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;

/** Signing in: public (security: []), before the authentication check. */
export function sessionsPublicRouter(service: SessionService, bind: Bind, cookie: CookieSettings): express.Router {
  const router = express.Router();
  bind(router, 'createSession', async ({ body }, res, req) => {
    const { token, answer } = await service.signIn(body, {
      requestId: req.id ? String(req.id) : null,
      clientAddress: req.ip ?? null,
      userAgent: req.get('user-agent') ?? null,
    });
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; ${cookieAttributes(cookie.secure ?? false)}`);
    res.setHeader('Cache-Control', 'no-store');
    return answer;
  });
  return router;
}

/** Signing out and the passwords, bound on the users area's router (the route gate notes their paths there). */
export function bindSessionRoutes(router: express.Router, service: SessionService, bind: Bind, cookie: CookieSettings): void {
  bind(router, 'deleteCurrentSession', async ({ actor }, res) => {
    await service.signOut(actor);
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; ${cookieAttributes(cookie.secure ?? false)}; Max-Age=0`);
    res.status(204).end();
    return SENT;
  });
  bind(router, 'changeMyPassword', async ({ actor, body }, res) => {
    await service.changeOwnPassword(actor, body);
    res.status(204).end();
    return SENT;
  });
  bind(router, 'setUserPassword', async ({ actor, params, body }, res) => {
    await service.setPassword(actor, params.userId, body);
    res.status(204).end();
    return SENT;
  });
}
