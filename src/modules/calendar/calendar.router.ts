import express from 'express';
import { Bind } from '../../http/binding';
import { CalendarService } from './calendar.service';

export function calendarRouter(service: CalendarService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listCalendarYears', () => service.listYears());
  bind(router, 'getCalendarYear', ({ params }) => service.getYear(Number(params.year)));
  bind(router, 'putCalendarYear', ({ actor, params, body, ifMatch }) => service.putYear(actor, Number(params.year), body, ifMatch));
  return router;
}
