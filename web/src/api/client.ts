// The console's API client: openapi-fetch over the types generated from openapi/openapi.yaml
// (src/generated/openapi.ts), so a page cannot call a path, send a body or read a field the
// contract does not have. The browser sends the session cookie itself; unsafe calls carry the
// session's CSRF token (ADR 0043).
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '@contract';
import { ApiProblem, type Problem } from './problem';

let csrfToken: string | null = null;
let onSignedOut: () => void = () => undefined;

/** The session's CSRF token, from the sign-in answer or GET /api/v1/me after a reload. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the service says the session has ended (401): back to the sign-in page. */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export function csrfHeader(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const session: Middleware = {
  onRequest({ request }) {
    if (UNSAFE.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 on anything but the sign-in itself means the session ended (idle, lifetime, signed out elsewhere).
    if (response.status === 401 && !request.url.endsWith('/api/v1/sessions')) onSignedOut();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: '' });
api.use(session);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an ApiProblem carrying the service's problem+json (its Chinese message). */
export async function must<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw new ApiProblem(response.status, (error ?? {}) as Problem);
  return data as T;
}

/** The ETag of an answer, for the If-Match of the next change. */
export async function withEtag<T>(call: Promise<Answer<T>>): Promise<{ body: T; etag: string }> {
  const answer = await call;
  const body = await must(Promise.resolve(answer));
  return { body, etag: answer.response.headers.get('ETag') ?? '*' };
}

/** A fresh Idempotency-Key for a creating request (a retried click creates nothing twice). */
export function idempotencyKey(): string {
  return crypto.randomUUID();
}
