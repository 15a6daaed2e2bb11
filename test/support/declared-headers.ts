import request from 'supertest';
import { Contract, Operation } from '../../src/http/contract';

// What a real answer shows of the headers an operation reads and returns, against what the contract
// declares (ADR 0042), so Swagger UI and generated clients know them. Used by the authorization
// matrix, which calls every operation with real fixtures.

type Json = Record<string, unknown>;

/**
 * The headers that belong to one operation's answers and must be declared on the response that
 * carries them. The headers every answer has (X-Request-Id, the security headers, RateLimit and
 * RateLimit-Policy, a weak ETag W/… on any body, WWW-Authenticate on 401) are described once in the
 * document's info instead.
 */
export const OPERATION_HEADERS = ['etag', 'content-disposition', 'location', 'x-exchange-cursor', 'cache-control', 'vary', 'retry-after'];

/** Whether the operation declares a request header (If-Match, Idempotency-Key). */
export function declaresParameter(op: Operation, name: string): boolean {
  return op.parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name.toLowerCase());
}

/** The headers of this answer that the contract does not declare on the operation's response for its status. */
export function undeclaredHeaders(contract: Contract, op: Operation, res: request.Response): string[] {
  const declared = op.responses[String(res.status)];
  if (!declared) return [];
  const headers = Object.keys((contract.deref(declared).headers as Json | undefined) ?? {}).map((h) => h.toLowerCase());
  return OPERATION_HEADERS.filter((h) => {
    const value = res.headers[h] as string | undefined;
    if (value === undefined || headers.includes(h)) return false;
    // A weak ETag only validates this answer's bytes (express sets one on every body): no version.
    if (h === 'etag' && value.startsWith('W/')) return false;
    // Cache-Control only where an operation says so itself (express sets none by default).
    return true;
  }).map((h) => `${op.operationId} ${res.status} answers ${h} but does not declare it`);
}

/** A 428 answer is the service asking for If-Match: the operation must declare it, with its 412 and 428. */
export function undeclaredIfMatch(op: Operation, res: request.Response): string[] {
  if (res.status !== 428) return [];
  const missing = [
    ...(declaresParameter(op, 'If-Match') ? [] : ['the If-Match parameter']),
    ...['412', '428'].filter((s) => !op.responses[s]).map((s) => `response ${s}`),
  ];
  return missing.length > 0 ? [`${op.operationId} answers 428 without declaring ${missing.join(', ')}`] : [];
}
