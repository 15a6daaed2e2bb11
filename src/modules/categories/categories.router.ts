import express from 'express';
import { Bind, SENT } from '../../http/binding';
import { CategoryService } from './categories.service';

export function categoriesRouter(service: CategoryService, bind: Bind): express.Router {
  const router = express.Router();
  bind(router, 'listCategories', () => service.list());
  bind(router, 'createCategory', ({ actor, body }) => service.create(actor, body));
  bind(router, 'getCategory', ({ params }) => service.get(params.categoryCode));
  bind(router, 'updateCategory', ({ actor, params, body, ifMatch }) => service.update(actor, params.categoryCode, body, ifMatch));
  bind(router, 'deleteCategory', async ({ actor, params, ifMatch }, res) => {
    await service.remove(actor, params.categoryCode, ifMatch);
    res.status(204).end();
    return SENT;
  });
  return router;
}
