import { Actor } from '../domain/actor';
import { ValidatedRequest } from './contract';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set by the bearer-token middleware on every /api/v1 request. */
      actor: Actor;
      /** Set by the contract validator: the request's parameters and body, checked and with defaults. */
      valid: ValidatedRequest;
    }
  }
}
export {};
