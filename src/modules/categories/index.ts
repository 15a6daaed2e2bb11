import { Area } from '../area';
import { categoriesRouter } from './categories.router';
import { CategoryDeps, CategoryService } from './categories.service';

// The categories area (资源分类): the catalog's category tree, the national classification's three
// 类 and the 项, 目 and 细目 the bureau maintains below them. Depends on the audit trail only; the
// resources area checks entries' categories through its service.
export function categoriesArea(deps: CategoryDeps): Area<CategoryService> {
  const service = new CategoryService(deps);
  return { service, router: (bind) => categoriesRouter(service, bind) };
}
