import { Area } from '../area';
import { usersRouter } from './users.router';
import { UserDeps, UserService } from './users.service';

// The users area (用户与令牌): users acting for one department each, their roles and API tokens,
// and who a bearer token belongs to. Depends on departments and the audit trail.
export function usersArea(deps: UserDeps): Area<UserService> {
  const service = new UserService(deps);
  return { service, router: (bind) => usersRouter(service, bind) };
}
