import express from 'express';

// express 5 looks for a route by trying every route of every router in the order they were added,
// a path-to-regexp match each: a request for an entry passed some forty routes of other areas
// first (the router's share of a CPU profile under load: 9.5 %, bench/RESULTS.md). Each area's
// router is entered only for the path areas it serves — the first three segments, such as
// /api/v1/resources — noted as its operations are bound.

const areasServed = new WeakMap<express.Router, Set<string>>();

/** The area of a path: its first three segments, lower-cased as express's case-insensitive routes match. */
function areaOf(path: string): string {
  return path.split('/', 4).join('/').toLowerCase();
}

/** Records that `router` serves `expressPath` (called for every operation bound to it). */
export function noteRoute(router: express.Router, expressPath: string): void {
  const areas = areasServed.get(router) ?? new Set<string>();
  areas.add(areaOf(expressPath));
  areasServed.set(router, areas);
}

/** The router, entered only for requests to the areas its operations serve. */
export function enteredForItsAreas(router: express.Router): express.RequestHandler {
  // Read once: a router's operations are all bound before it is mounted.
  const areas = areasServed.get(router);
  const gate = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (areas && !areas.has(areaOf(req.path))) return next();
    router(req, res, next);
  };
  // The router's routes stay visible where express keeps a mounted router's (layer.handle.stack),
  // so the test that every route is a documented operation still sees them all.
  return Object.assign(gate, { stack: router.stack });
}
