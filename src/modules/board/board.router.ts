import express from 'express';
import { ModuleContext } from '../context';

export function boardRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  ctx.bind(router, 'getBoard', async (req, res) => {
    res.json(await ctx.services.board.board(req.actor));
  });
  return router;
}
