// One client, one request at a time, through the realistic search workload (bench/search-workload.ts)
// against a running server: how long each search or facet read takes alone, and which are slowest.
// A diagnosis beside bench/load.ts, whose 50 connections say how the server holds up, not which
// requests cost it (a few slow ones make everyone behind them wait).
//
//   npx ts-node --transpile-only bench/search-sweep.ts http://127.0.0.1:3000 [search|facets]
//
// SWEEP_REQUESTS (default 1500) requests; SWEEP_TOKEN (default bench-consumer-token, a generated
// city's consumer); SWEEP_SEED (default 99) the workload's seed. Start the server with
// READ_CACHE_MB=0 to see every request's own cost.
import { cityKeywords, filterValuesOf, PagingState, SearchWorkload } from './search-workload';

const [base, kind = 'search'] = process.argv.slice(2);
const REQUESTS = Number(process.env.SWEEP_REQUESTS ?? 1500);
const TOKEN = process.env.SWEEP_TOKEN ?? 'bench-consumer-token';
const SEED = Number(process.env.SWEEP_SEED ?? 99);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  if (!base || !['search', 'facets'].includes(kind)) throw new Error('usage: bench/search-sweep.ts <base-url> [search|facets]');
  const headers = { authorization: `Bearer ${TOKEN}` };
  const facets = await fetch(`${base}/api/v1/resources/facets`, { headers });
  if (facets.status !== 200) throw new Error(`GET /api/v1/resources/facets → ${facets.status}`);
  const workload = new SearchWorkload(cityKeywords(), filterValuesOf(await facets.text()), SEED);
  const state: PagingState = {};
  const timed: Array<{ ms: number; path: string }> = [];
  let stopped = 0;
  for (let i = 0; i < REQUESTS; i++) {
    const path = kind === 'facets' ? workload.facetsPath() : workload.searchPath(state);
    const t0 = performance.now();
    const res = await fetch(base + path, { headers });
    const body = await res.text();
    const ms = performance.now() - t0;
    // A search stopped at SEARCH_TIMEOUT_MS (PostgreSQL) is counted and timed, not an error of the run.
    if (res.status === 503 && body.includes('search_timeout')) stopped++;
    else if (res.status !== 200) throw new Error(`${path} → ${res.status} ${body.slice(0, 300)}`);
    if (kind === 'search') workload.recordSearch(state, res.status, body);
    timed.push({ ms, path: decodeURIComponent(path) });
  }
  const sorted = timed.map((t) => t.ms).sort((a, b) => a - b);
  const total = sorted.reduce((s, x) => s + x, 0);
  const slowest = [...timed].sort((a, b) => b.ms - a.ms);
  console.log(
    `${kind}: ${REQUESTS} requests, one at a time: mean ${(total / REQUESTS).toFixed(1)} ms, p50 ${percentile(sorted, 50).toFixed(1)}, ` +
      `p99 ${percentile(sorted, 99).toFixed(1)}, max ${sorted[sorted.length - 1].toFixed(0)} ms; ` +
      `the slowest 1 % take ${((slowest.slice(0, Math.ceil(REQUESTS / 100)).reduce((s, t) => s + t.ms, 0) / total) * 100).toFixed(0)} % of the time; ` +
      `${stopped} stopped at the server's search time limit (503 search_timeout)`,
  );
  for (const t of slowest.slice(0, 20)) console.log(`${t.ms.toFixed(0).padStart(7)} ms  ${t.path.slice(0, 160)}`);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
