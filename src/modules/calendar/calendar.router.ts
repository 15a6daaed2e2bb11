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
    const record = await service.getYear(year(req));
    res.json(record);
  });
  ctx.bind(router, 'putCalendarYear', async (req, res) => {
    const record = await service.putYear(req.actor, year(req), req.valid.body as BodyOf<'putCalendarYear'>, req.headers['if-match']);
    res.json(record);
  });
  return router;
}
