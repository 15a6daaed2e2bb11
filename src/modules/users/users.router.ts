import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';

export function usersRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.users;
  ctx.bind(router, 'getMe', async (req, res) => {
    res.json(await service.me(req.actor));
  });
  ctx.bind(router, 'listUsers', async (req, res) => {
    res.json(await service.list(req.actor, req.valid.query as { departmentId?: string; limit: number; cursor?: string }));
  });
  ctx.bind(router, 'createUser', async (req, res) => {
    res.status(201).json(await service.create(req.actor, req.valid.body as BodyOf<'createUser'>));
  });
  ctx.bind(router, 'getUser', async (req, res) => {
    const user = await service.get(req.actor, req.valid.params.userId);
    res.json(user);
  });
  ctx.bind(router, 'updateUser', async (req, res) => {
    const user = await service.update(req.actor, req.valid.params.userId, req.valid.body as BodyOf<'updateUser'>, req.headers['if-match']);
    res.json(user);
  });
  ctx.bind(router, 'listTokens', async (req, res) => {
    res.json(await service.listTokens(req.actor, req.valid.params.userId));
  });
  ctx.bind(router, 'createToken', async (req, res) => {
    res.status(201).json(await service.createToken(req.actor, req.valid.params.userId, req.valid.body as BodyOf<'createToken'>));
  });
  ctx.bind(router, 'revokeToken', async (req, res) => {
    res.json(await service.revokeToken(req.actor, req.valid.params.userId, req.valid.params.tokenId));
  });
  return router;
}
