import { timingSafeEqual } from 'node:crypto';
import express from 'express';
import ipaddr from 'ipaddr.js';
import { Registry } from 'prom-client';
import swaggerUi from 'swagger-ui-express';
import { Database } from '../../db/database';
import { pingDatabase } from '../../db/health';
import { DatabaseUnavailableError, ForbiddenError, UnauthenticatedError } from '../../errors';
import { Bind, SENT } from '../../http/binding';
import { Contract } from '../../http/contract';
import { bindProblemPages } from './problem-pages';

/**
 * Who may read /metrics: with a token (METRICS_TOKEN), whoever sends it as a bearer token; without,
 * callers on this machine only (the client's address as TRUST_PROXY reads it).
 */
function checkMetricsAccess(req: express.Request, token: string | null): void {
  if (token !== null) {
    const sent = /^Bearer (.+)$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
    const a = Buffer.from(sent);
    const b = Buffer.from(token);
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new UnauthenticatedError('读取运行指标需要 METRICS_TOKEN 令牌 (reading the metrics needs the METRICS_TOKEN bearer token)');
    return;
  }
  const address = req.ip ?? '';
  const loopback = ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
  if (!loopback)
    throw new ForbiddenError(
      'metrics_forbidden',
      '未设置 METRICS_TOKEN 时，运行指标只对本机开放 (without METRICS_TOKEN, the metrics are open to this machine only)',
    );
}

export function systemRouter(
  bind: Bind,
  db: Database,
  contract: Contract,
  metrics: Registry,
  metricsToken: string | null = null,
): express.Router {
  // Strict routing: /docs and /docs/ are different operations.
  const router = express.Router({ strict: true });
  bind(router, 'getHealth', async () => {
    try {
      return { status: 'ok' as const, database: await pingDatabase(db) };
    } catch {
      throw new DatabaseUnavailableError('数据库无响应 (the database does not answer)');
    }
  });
  bind(router, 'getMetrics', async (_call, res, req) => {
    checkMetricsAccess(req, metricsToken);
    res.type(metrics.contentType).send(await metrics.metrics());
    return SENT;
  });
  // Serialised once: the document does not change while the process runs.
  const openApiJson = JSON.stringify(contract.document);
  bind(router, 'getOpenApiDocument', (_call, res) => {
    res.type('application/json').send(openApiJson);
    return SENT;
  });
  // The page's assets are relative to /docs/, so /docs itself redirects there.
  bind(router, 'redirectToApiDocs', (_call, res) => {
    res.redirect(301, '/docs/');
    return SENT;
  });
  const docsPage = swaggerUi.setup(undefined, {
    swaggerOptions: { url: '/openapi.json', persistAuthorization: true },
    customSiteTitle: '政务信息资源目录 API',
  }) as unknown as (req: express.Request, res: express.Response, next: express.NextFunction) => void;
  bind(router, 'getApiDocs', (_call, res, req) => {
    docsPage(req, res, () => undefined);
    return SENT;
  });
  // What each error code means (the `type` of every problem answer).
  bindProblemPages(bind, router);
  // Swagger UI's static assets (scripts, styles) under /docs/.
  router.use('/docs', swaggerUi.serve);
  return router;
}
