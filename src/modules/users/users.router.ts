import express from 'express';
import { pageRequestOf } from '../../db/pagination';
import { Bind } from '../../http/binding';
import { UserService } from './users.service';

export function usersRouter(service: UserService, bind: Bind): express.Router {
  const router = express.Router();
  // Called with the session cookie, it also answers the session's state (the console's CSRF token after a reload).
  bind(router, 'getMe', async ({ actor }, res) => {
    const me = await service.me(actor);
    return res.locals.sessionState ? { ...me, session: res.locals.sessionState } : me;
  });
  bind(router, 'listUsers', ({ actor, query }) => service.list(actor, { departmentId: query.departmentId, ...pageRequestOf(query) }));
  bind(router, 'createUser', ({ actor, body }) => service.create(actor, body));
  bind(router, 'getUser', ({ actor, params }) => service.get(actor, params.userId));
  bind(router, 'updateUser', ({ actor, params, body, ifMatch }) => service.update(actor, params.userId, body, ifMatch));
  bind(router, 'listTokens', ({ actor, params }) => service.listTokens(actor, params.userId));
  bind(router, 'createToken', ({ actor, params, body }) => service.createToken(actor, params.userId, body));
  bind(router, 'revokeToken', ({ actor, params }) => service.revokeToken(actor, params.userId, params.tokenId));
  return router;
}
