import express from 'express';
import { Registry } from 'prom-client';
import swaggerUi from 'swagger-ui-express';
import { Database } from '../../db/database';
import { pingDatabase } from '../../db/health';
import { DatabaseUnavailableError } from '../../errors';
import { Bind, SENT } from '../../http/binding';
import { Contract } from '../../http/contract';

export function systemRouter(bind: Bind, db: Database, contract: Contract, metrics: Registry): express.Router {
  // Strict routing: /docs and /docs/ are different operations.
  const router = express.Router({ strict: true });
  bind(router, 'getHealth', async () => {
    try {
      return { status: 'ok' as const, database: await pingDatabase(db) };
    } catch {
      throw new DatabaseUnavailableError('数据库无响应 (the database does not answer)');
    }
  });
  bind(router, 'getMetrics', async (_call, res) => {
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
  // Swagger UI's static assets (scripts, styles) under /docs/.
  router.use('/docs', swaggerUi.serve);
  return router;
}
