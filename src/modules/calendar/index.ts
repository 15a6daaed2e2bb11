import { Area } from '../area';
import { calendarRouter } from './calendar.router';
import { CalendarDeps, CalendarService } from './calendar.service';

// The calendar area (工作日历): the mainland's holiday arrangements, shipped and entered by the bureau,
// on which every working-day deadline is counted. Depends on the audit trail only; areas whose
// deadlines follow it subscribe (CalendarService.follow).
export function calendarArea(deps: CalendarDeps): Area<CalendarService> {
  const service = new CalendarService(deps);
  return { service, router: (bind) => calendarRouter(service, bind) };
}
