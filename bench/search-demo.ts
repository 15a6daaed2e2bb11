// How long a catalog search over the demo city takes, over HTTP on loopback, next to a bare
// express server answering a fixed JSON body of the same size (the ratio carries from machine to
// machine). Prints the figures and appends them to bench/RESULTS.md.
//
//   npm run bench:search                                  # SQLite file in a temp folder
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npm run bench:search
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import express from 'express';
import { createApp } from '../src/app';
import { systemClock } from '../src/clock';
import { createDb } from '../src/db/knex';
import { migrateToLatest } from '../src/db/migrate';
import { loadDemoCity } from '../seeds/demo-city';

const DURATION = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = 50;
const TOKEN = 'demo-edu-consumer-token';

function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = app.listen(0, '127.0.0.1', () => resolve(server));
  });
}

async function load(url: string, connections = CONNECTIONS) {
  const result = await autocannon({
    url,
    connections,
    duration: connections === 1 ? 3 : DURATION,
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

async function main() {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-bench-'));
  if (pgUrl) {
    const admin = createDb({ databaseUrl: pgUrl, poolMax: 1 });
    await admin.raw(`CREATE SCHEMA ${schema}`);
    await admin.destroy();
  }
  const db = createDb({ databaseUrl: pgUrl, sqliteFile: path.join(dir, 'catalog.sqlite'), pgSchema: pgUrl ? schema : undefined });
  await migrateToLatest(db);
  await loadDemoCity(db, systemClock);
  const server = await listen(createApp({ db }));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const probe = await fetch(`${base}/api/v1/resources?q=${encodeURIComponent('户籍')}`, { headers: { authorization: `Bearer ${TOKEN}` } });
  const sampleBody = await probe.text();
  const bare = express();
  bare.get('/', (_req, res) => {
    res.type('application/json').send(sampleBody);
  });
  const bareServer = await listen(bare);
  const bareUrl = `http://127.0.0.1:${(bareServer.address() as { port: number }).port}/`;

  const cases: Array<[string, string]> = [
    ['search 户籍 (2 characters)', `${base}/api/v1/resources?q=${encodeURIComponent('户籍')}`],
    ['search 户籍人口 (4 characters)', `${base}/api/v1/resources?q=${encodeURIComponent('户籍人口')}`],
    ['search 信息 + sharingType filter', `${base}/api/v1/resources?q=${encodeURIComponent('信息')}&sharingType=conditional`],
    ['facets', `${base}/api/v1/resources/facets`],
  ];
  const bareFigures = await load(bareUrl);
  const rows: string[] = [];
  console.log(
    `bare express (${sampleBody.length} bytes): ${bareFigures.rps.toFixed(0)} req/s, p50 ${bareFigures.p50} ms, p99 ${bareFigures.p99} ms`,
  );
  for (const [name, url] of cases) {
    const single = await load(url, 1);
    const f = await load(url);
    const ratio = f.rps / bareFigures.rps;
    console.log(
      `${name}: one client p50 ${single.p50} ms p99 ${single.p99} ms; ${CONNECTIONS} connections ${f.rps.toFixed(0)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, ${ratio.toFixed(2)} × bare express`,
    );
    rows.push(`| ${name} | ${single.p50} | ${single.p99} | ${f.rps.toFixed(0)} | ${f.p50} | ${f.p99} | ${ratio.toFixed(2)} |`);
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const date = new Date().toISOString().slice(0, 10);
  const section = [
    '',
    `## ${date} — search over the demo city (${pgUrl ? 'PostgreSQL' : 'SQLite'})`,
    '',
    `Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}. ` +
      `Command: \`${pgUrl ? 'BENCH_DATABASE_URL=… ' : ''}npm run bench:search\` (autocannon on loopback: one connection for 3 s, then ${CONNECTIONS} connections for ${DURATION} s).`,
    '',
    `Bare express, same body size (${sampleBody.length} bytes): ${bareFigures.rps.toFixed(0)} req/s, p50 ${bareFigures.p50} ms, p99 ${bareFigures.p99} ms.`,
    '',
    `| case | 1 client p50 ms | 1 client p99 ms | ${CONNECTIONS} conn. req/s | p50 ms | p99 ms | × bare express |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
  fs.appendFileSync(path.join(__dirname, 'RESULTS.md'), section);

  for (const s of [bareServer, server]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
  // Requests autocannon abandoned at its deadline may still have queries queued: let them drain.
  await new Promise((resolve) => setTimeout(resolve, 2000));
  if (pgUrl) await db.raw(`DROP SCHEMA ${schema} CASCADE`);
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
