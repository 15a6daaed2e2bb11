// What the first page of a visit needs, asked for while the console is still starting (ADR 0044,
// "the first page"): web/src/startVisit.ts asks for the session and the opened page's chunk, and
// once the session answers, for the code lists and that page's own first answer. A page takes its
// answer with `takePrefetched`; each is taken once, and only within a few seconds, so a reload, a
// later visit or another search asks anew.
const FRESH_MS = 10_000;

/** GET /api/v1/me, the visit's first question. */
export const SESSION_KEY = 'session';
const waiting = new Map<string, { answer: Promise<unknown>; at: number }>();

/** Starts `load` now and keeps its answer under `key` for the page that will ask for it. */
export function prefetch(key: string, load: () => Promise<unknown>): void {
  if (waiting.has(key)) return;
  const answer = load();
  answer.catch(() => undefined); // a failure is the page's to show when it takes the answer
  waiting.set(key, { answer, at: Date.now() });
}

/** The answer started for `key`, once; undefined when none was started (the page asks itself). */
export function takePrefetched<T>(key: string): Promise<T> | undefined {
  const started = waiting.get(key);
  waiting.delete(key);
  return started && Date.now() - started.at < FRESH_MS ? (started.answer as Promise<T>) : undefined;
}
