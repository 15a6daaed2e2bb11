import express from 'express';
import { pageRequestOf } from '../../db/pagination';
import { Bind } from '../../http/binding';
import { DepartmentService } from './departments.service';

export function departmentsRouter(service: DepartmentService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listDepartments', ({ query }) => service.list(pageRequestOf(query)));
  bind(router, 'createDepartment', ({ actor, body }) => service.create(actor, body));
  bind(router, 'getDepartment', ({ params }) => service.get(params.departmentId));
  bind(router, 'updateDepartment', ({ actor, params, body, ifMatch }) => service.update(actor, params.departmentId, body, ifMatch));
  return router;
}
