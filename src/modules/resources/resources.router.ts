import express from 'express';
import { Bind, SENT } from '../../http/binding';
import { ResourceService } from './resources.service';

export function resourcesRouter(service: ResourceService, bind: Bind): express.Router {
  const router = express.Router();
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
