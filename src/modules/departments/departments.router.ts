import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';

export function departmentsRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.departments;
  ctx.bind(router, 'listDepartments', async (req, res) => {
    res.json(await service.list(req.valid.query as { limit: number; cursor?: string }));
  });
  ctx.bind(router, 'createDepartment', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createDepartment'>));
  });
  ctx.bind(router, 'getDepartment', async (req, res) => {
    const department = await service.get(req.valid.params.departmentId);
    res.json(department);
  });
  ctx.bind(router, 'updateDepartment', async (req, res) => {
    const department = await service.update(
      req.actor,
      req.valid.params.departmentId,
      req.valid.body as BodyOf<'updateDepartment'>,
      req.headers['if-match'],
    );
    res.json(department);
  });
  return router;
}
