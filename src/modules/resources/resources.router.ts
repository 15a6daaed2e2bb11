import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';
import { FacetQuery, SearchQuery } from './resources.search';

export function resourcesRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.resources;
  const id = (req: express.Request) => req.valid.params.resourceId;
  ctx.bind(router, 'searchResources', async (req, res) => {
    res.json(await service.search(req.actor, req.valid.query as SearchQuery));
  });
  // Before /resources/{resourceId}, which would otherwise take "facets" as an id.
  ctx.bind(router, 'getResourceFacets', async (req, res) => {
    res.json(await service.facets(req.actor, req.valid.query as FacetQuery));
  });
  ctx.bind(router, 'createResource', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createResource'>));
  });
  ctx.bind(router, 'getResource', async (req, res) => {
    res.json(await service.get(req.actor, id(req)));
  });
  ctx.bind(router, 'updateResource', async (req, res) => {
    const entry = await service.update(req.actor, id(req), req.valid.body as BodyOf<'updateResource'>, req.headers['if-match']);
    res.json(entry);
  });
  ctx.bind(router, 'submitResource', async (req, res) => {
    res.json(await service.submit(req.actor, id(req)));
  });
  ctx.bind(router, 'publishResource', async (req, res) => {
    res.json(await service.publish(req.actor, id(req)));
  });
  ctx.bind(router, 'returnResource', async (req, res) => {
    res.json(await service.returnToProducer(req.actor, id(req), (req.valid.body as BodyOf<'returnResource'>).reason));
  });
  ctx.bind(router, 'withdrawResource', async (req, res) => {
    res.json(await service.withdraw(req.actor, id(req), (req.valid.body as BodyOf<'withdrawResource'>).reason));
  });
  ctx.bind(router, 'listResourceVersions', async (req, res) => {
    res.json(await service.versions(req.actor, id(req)));
  });
  return router;
}
