import { Actor } from '../domain/actor';
import { ValidatedRequest } from './contract';

declare global {
  namespace Express {
    interface Request {
      /** The request id (X-Request-Id), set by the request log on every request. */
      id: string;
      /** Set by the bearer-token middleware on every /api/v1 request. */
      actor: Actor;
      /** Set by the contract validator: the request's parameters and body, checked and with defaults. */
      valid: ValidatedRequest;
    }
  }
}
export {};
