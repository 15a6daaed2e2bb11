import express from 'express';
import { Knex } from 'knex';
import { Registry } from 'prom-client';
import swaggerUi from 'swagger-ui-express';
import { dialectOf } from '../../db/knex';
import { AppError } from '../../errors';
import { Contract } from '../../http/contract';
import { ModuleContext } from '../context';

export function systemRouter(ctx: ModuleContext, db: Knex, contract: Contract, metrics: Registry): express.Router {
  // Strict routing: /docs and /docs/ are different operations.
  const router = express.Router({ strict: true });
  ctx.bind(router, 'getHealth', async (_req, res) => {
    try {
      await db.raw('select 1');
    } catch {
      throw new AppError(503, 'database_unavailable', 'Service unavailable', '数据库无响应 (the database does not answer)');
    }
    res.json({ status: 'ok', database: dialectOf(db) });
  });
  ctx.bind(router, 'getMetrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  // Serialised once: the document does not change while the process runs.
  const openApiJson = JSON.stringify(contract.document);
  ctx.bind(router, 'getOpenApiDocument', (_req, res) => {
    res.type('application/json').send(openApiJson);
  });
  // The page's assets are relative to /docs/, so /docs itself redirects there.
  ctx.bind(router, 'redirectToApiDocs', (_req, res) => {
    res.redirect(301, '/docs/');
  });
  ctx.bind(
    router,
    'getApiDocs',
    swaggerUi.setup(undefined, {
      swaggerOptions: { url: '/openapi.json', persistAuthorization: true },
      customSiteTitle: '政务信息资源目录 API',
    }) as never,
  );
  // Swagger UI's static assets (scripts, styles) under /docs/.
  router.use('/docs', swaggerUi.serve);
  return router;
}
