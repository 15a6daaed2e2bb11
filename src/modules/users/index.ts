import { Area } from '../area';
import { bindSessionRoutes, sessionsPublicRouter } from './sessions.router';
import { SessionService, SessionSettings } from './sessions.service';
import { usersRouter } from './users.router';
import { UserDeps, UserService } from './users.service';

// The users area (用户与令牌): users acting for one department each, their roles and API tokens,
// and who a bearer token belongs to; people's sign-in with a login name and password, and their
// sessions (sessions.*, ADR 0043). Depends on departments and the audit trail.
export function usersArea(deps: UserDeps & SessionSettings & { cookieSecure?: boolean }): Area<UserService> {
  const sessions = new SessionService(deps);
  const service = new UserService(deps, sessions);
  const cookie = { secure: deps.cookieSecure ?? false };
  return {
    service,
    router: (bind) => {
      const router = usersRouter(service, bind);
      bindSessionRoutes(router, sessions, bind, cookie);
      return router;
    },
    publicRouter: (bind) => sessionsPublicRouter(sessions, bind, cookie),
  };
}
