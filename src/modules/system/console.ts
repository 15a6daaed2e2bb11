import fs from 'node:fs';
import path from 'node:path';
import compression from 'compression';
import express from 'express';
import expressStaticGzip from 'express-static-gzip';
import { ServiceUnavailableError } from '../../errors';
import { Bind, SENT } from '../../http/binding';
import { documentSecurityHeaders } from '../../http/security';

// The web console (控制台, ADR 0044): the page Vite built into dist/web, served by this service at
// / so there is no second server and no CDN. GET / is the contract's getConsolePage; any other GET
// for a page (a path outside /api, /docs, /problems that asks for HTML) answers the same
// index.html, and the browser's router shows the page; /assets/* are the hashed scripts and
// styles, cached for a year. Both get the document security headers. The build compresses the
// assets once (.br and .gz beside each, web/vite.config.mts), which express-static-gzip serves to a
// browser that takes them; anything else (index.html, a file built after the start) is gzipped here.

/** Paths that are never the console's, whatever they ask for. */
const NOT_CONSOLE = /^\/(?:api|docs|problems|openapi\.json|healthz|metrics)(?:[/?#.]|$)/;

function notBuilt(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'console_not_built',
    '控制台页面尚未构建：请运行 npm run build（npm start 会自动构建） (the console has not been built: run npm run build)',
  );
}

export function consoleRouter(bind: Bind, consoleDir: string): { page: express.Router; fallback: express.RequestHandler } {
  const indexFile = path.join(consoleDir, 'index.html');
  const gzip = compression();
  const headers = documentSecurityHeaders();
  /** index.html with the document headers, gzip and no-cache: a new build's page names new asset files. */
  const sendIndex = (req: express.Request, res: express.Response): Promise<void> => {
    if (!fs.existsSync(indexFile)) return Promise.reject(notBuilt());
    return new Promise((resolve, reject) =>
      headers(req, res, () =>
        gzip(req, res, () => {
          res.setHeader('Cache-Control', 'no-cache');
          res.sendFile('index.html', { root: consoleDir, etag: false, lastModified: false, acceptRanges: false }, (err) =>
            err ? reject(err) : resolve(),
          );
        }),
      ),
    );
  };
  const page = express.Router({ strict: true });
  bind(page, 'getConsolePage', async (_call, res, req) => {
    await sendIndex(req, res);
    return SENT;
  });
  const assets = expressStaticGzip(path.join(consoleDir, 'assets'), {
    enableBrotli: true,
    orderPreference: ['br', 'gz'],
    index: false,
    serveStatic: { immutable: true, maxAge: '365d', index: false, fallthrough: true },
  });
  const fallback: express.RequestHandler = (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CONSOLE.test(req.path)) return next();
    if (req.path.startsWith('/assets/')) {
      req.url = req.url.slice('/assets'.length);
      return headers(req, res, () => gzip(req, res, () => assets(req, res, () => ((req.url = `/assets${req.url}`), next()))));
    }
    if (!req.accepts('html') || req.accepts(['json', 'html']) === 'json') return next();
    sendIndex(req, res).catch(next);
  };
  return { page, fallback };
}
