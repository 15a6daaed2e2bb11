import express from 'express';

// express 5 looks for a route by trying every route of every router in the order they were added,
// a path-to-regexp match each: a request for an entry passed some forty routes of other areas
// first (bench/RESULTS.md, 2026-11-22 session 4, item 6, has the profile). So the area
// routers are mounted behind one dispatcher, which works out a request's area once — the first
// three segments of its path, such as /api/v1/resources — and enters only the routers serving it,
// in the order they were given. Each router's areas are noted as its operations are bound.

const areasServed = new WeakMap<express.Router, Set<string>>();

/** The area of a path: its first three segments, lower-cased as express's case-insensitive routes match. */
export function areaOf(path: string): string {
  return path.split('/', 4).join('/').toLowerCase();
}

/** Records that `router` serves `expressPath` (called for every operation bound to it). */
export function noteRoute(router: express.Router, expressPath: string): void {
  const areas = areasServed.get(router) ?? new Set<string>();
  areas.add(areaOf(expressPath));
  areasServed.set(router, areas);
}

/**
 * One middleware for all the area routers: a request enters, in order, only the routers whose
 * operations serve its area; a router that does not answer passes it to the next one serving the
 * area, and the last passes it on past the dispatcher (to the 404 answer).
 */
export function routeByArea(routers: express.Router[]): express.RequestHandler {
  // Read once: a router's operations are all bound before it is mounted.
  const byArea = new Map<string, express.Router[]>();
  for (const router of routers) {
    for (const area of areasServed.get(router) ?? []) byArea.set(area, [...(byArea.get(area) ?? []), router]);
  }
  const dispatch = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    const serving = byArea.get(areaOf(req.path));
    if (!serving) return next();
    const enter = (i: number) => (err?: unknown) => {
      if (err !== undefined && err !== null && err !== 'route' && err !== 'router') return next(err);
      if (i === serving.length) return next();
      serving[i](req, res, enter(i + 1));
    };
    enter(0)();
  };
  // The routes stay visible where express keeps a mounted router's (layer.handle.stack), so the
  // test that every route is a documented operation still sees them all.
  return Object.assign(dispatch, { stack: routers.flatMap((r) => r.stack) });
}
