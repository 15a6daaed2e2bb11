import express from 'express';
import { sendAttachment } from '../../http/attachment';
import { Bind, SENT } from '../../http/binding';
import { XLSX_TYPE } from './catalog-sheets';
import { ResourceService } from './resources.service';
import type { CatalogExport } from './resources.export';
import type { CatalogImport } from './resources.import';

export function resourcesRouter(
  service: ResourceService,
  bind: Bind,
  excel: { importer: CatalogImport; exporter: CatalogExport },
): express.Router {
  const router = express.Router();
  // The catalog in and out of Excel (docs/resources.md), before /resources/{resourceId}.
  bind(router, 'getResourceImportTemplate', async (_call, res) => {
    sendAttachment(res, XLSX_TYPE, 'catalog-import-template.xlsx', '信息资源目录导入模板.xlsx', await excel.importer.template());
    return SENT;
  });
  bind(router, 'importResources', ({ actor, query }, _res, req) =>
    excel.importer.run(actor, req, req.headers['content-type'], query.dryRun ?? true),
  );
  bind(router, 'exportResourcesXlsx', async ({ actor, query }, res) => {
    await excel.exporter.write(actor, query, 'xlsx', res);
    return SENT;
  });
  bind(router, 'exportResourcesCsv', async ({ actor, query }, res) => {
    await excel.exporter.write(actor, query, 'csv', res);
    return SENT;
  });
  bind(router, 'searchResources', ({ actor, query }) => service.search(actor, query));
  // Before /resources/{resourceId}, which would otherwise take "facets" as an id.
  bind(router, 'getResourceFacets', ({ actor, query }) => service.facets(actor, query));
  bind(router, 'createResource', ({ actor, body }) => service.create(actor, body));
  bind(router, 'getResource', ({ actor, params }) => service.get(actor, params.resourceId));
  bind(router, 'updateResource', ({ actor, params, body, ifMatch }) => service.update(actor, params.resourceId, body, ifMatch));
  bind(router, 'deleteResource', async ({ actor, params, ifMatch }, res) => {
    await service.remove(actor, params.resourceId, ifMatch);
    res.status(204).end();
    return SENT;
  });
  bind(router, 'submitResource', ({ actor, params }) => service.submit(actor, params.resourceId));
  bind(router, 'publishResource', ({ actor, params }) => service.publish(actor, params.resourceId));
  bind(router, 'returnResource', ({ actor, params, body }) => service.returnToProducer(actor, params.resourceId, body.reason));
  bind(router, 'withdrawResource', ({ actor, params, body }) => service.withdraw(actor, params.resourceId, body.reason));
  bind(router, 'listResourceVersions', ({ actor, params }) => service.versions(actor, params.resourceId));
  return router;
}
