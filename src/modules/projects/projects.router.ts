import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';

export function projectsRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.projects;
  ctx.bind(router, 'listProjects', async (req, res) => {
    res.json(await service.list(req.actor, req.valid.query as { ownerDepartmentId?: string; limit: number; cursor?: string }));
  });
  ctx.bind(router, 'createProject', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createProject'>));
  });
  ctx.bind(router, 'getProject', async (req, res) => {
    res.json(await service.get(req.actor, req.valid.params.projectId));
  });
  ctx.bind(router, 'updateProject', async (req, res) => {
    res.json(await service.update(req.actor, req.valid.params.projectId, req.valid.body as BodyOf<'updateProject'>));
  });
  return router;
}
