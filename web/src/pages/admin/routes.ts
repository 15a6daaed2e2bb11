import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';
import { links } from '../../links';

export const adminRoutes: ConsoleRoute[] = [
  { path: links.board(), title: '数据看板', menu: '工作台', roles: ['bureau', 'auditor'], page: lazyPage(() => import('./BoardPage')) },
  {
    path: links.adminDepartments(),
    title: '部门管理',
    menu: '系统管理',
    roles: ['bureau'],
    page: lazyPage(() => import('./DepartmentsPage')),
  },
  { path: links.adminUsers(), title: '用户管理', menu: '系统管理', roles: ['bureau'], page: lazyPage(() => import('./UsersPage')) },
  {
    path: links.adminCategories(),
    title: '资源分类',
    menu: '系统管理',
    roles: ['bureau'],
    page: lazyPage(() => import('./CategoriesPage')),
  },
  { path: links.adminCalendar(), title: '工作日历', menu: '系统管理', roles: ['bureau'], page: lazyPage(() => import('./CalendarPage')) },
];
