import express from 'express';
import { Bind } from '../../http/binding';
import { NotificationsService } from './notifications.service';

export function notificationsRouter(service: NotificationsService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'getMyTodos', ({ actor }) => service.todos(actor));
  bind(router, 'getDepartmentWebhook', ({ actor, params }) => service.getWebhook(actor, params.departmentId));
  bind(router, 'putDepartmentWebhook', ({ actor, params, body }) => service.putWebhook(actor, params.departmentId, body));
  bind(router, 'deleteDepartmentWebhook', ({ actor, params }) => service.deleteWebhook(actor, params.departmentId));
  bind(router, 'listWebhookDeliveries', ({ actor, params, query }) => service.deliveries(actor, params.departmentId, query));
  return router;
}
