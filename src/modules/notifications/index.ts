import { Area } from '../area';
import { notificationsRouter } from './notifications.router';
import { NotificationsDeps, NotificationsService } from './notifications.service';

// The notifications area (待办与通知): each user's to-do list, read from the owning areas'
// services, and departments' webhooks with the dispatcher that fills and sends their outbox
// (docs/notifications.md, ADR 0041). Depends on audit, departments, resources, sharing, projects,
// the calendar and the exchange's overdue streams; no area depends on it.
export function notificationsArea(deps: NotificationsDeps): Area<NotificationsService> {
  const service = new NotificationsService(deps);
  return { service, router: (bind) => notificationsRouter(service, bind) };
}
