import express from 'express';
import { BodyOf } from '../../http/api-types';
import { ModuleContext } from '../context';

export function calendarRouter(ctx: ModuleContext): express.Router {
  const router = express.Router();
  const service = ctx.services.calendar;
  const year = (req: express.Request) => Number(req.valid.params.year);
  ctx.bind(router, 'listCalendarYears', async (_req, res) => {
    res.json(await service.listYears());
  });
  ctx.bind(router, 'getCalendarYear', async (req, res) => {
    res.json(await service.getYear(year(req)));
  });
  ctx.bind(router, 'putCalendarYear', async (req, res) => {
    res.json(await service.putYear(req.actor, year(req), req.valid.body as BodyOf<'putCalendarYear'>));
  });
  return router;
}
