// A bare express 5 app: the yardstick bench/load.ts and bench/console.ts divide by. GET /bytes/<n> answers a fixed
// JSON body of exactly n bytes (UTF-8), built once per size, with express's defaults (no
// middleware). It runs in its own process, like the real server, so it neither shares an event
// loop with the load generator nor with the catalog.
//
//   node -r ts-node/register/transpile-only bench/bare-server.ts   # prints {"port":<n>} once listening
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import compression from 'compression';
import express from 'express';

/** `{"pad":"xxx…"}` padded to exactly `bytes` bytes (the smallest such body is 11 bytes). */
export function jsonBodyOfSize(bytes: number): string {
  const frame = '{"pad":""}';
  return `{"pad":"${'x'.repeat(Math.max(0, bytes - frame.length))}"}`;
}

function main(): void {
  const bodies = new Map<number, string>();
  const app = express();
  app.get('/bytes/:n', (req, res) => {
    const n = Number(req.params.n);
    let body = bodies.get(n);
    if (body === undefined) {
      body = jsonBodyOfSize(n);
      bodies.set(n, body);
    }
    res.type('application/json').send(body);
  });
  // BARE_STATIC_DIR (bench/console.ts): the built console served as plainly as express can — its
  // files with gzip, index.html for any other page — the yardstick for the console's page loads.
  const staticDir = process.env.BARE_STATIC_DIR;
  if (staticDir) {
    app.use(compression());
    app.use(express.static(staticDir, { index: 'index.html' }));
    app.use((_req, res) => res.sendFile(path.join(staticDir, 'index.html')));
  }
  const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    // The parent reads this line to learn the port.
    process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) main();
