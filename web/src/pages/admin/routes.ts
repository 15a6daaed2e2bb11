import { lazy } from 'react';
import type { ConsoleRoute } from '../../routes';

export const adminRoutes: ConsoleRoute[] = [
  { path: '/board', title: '数据看板', menu: '工作台', roles: ['bureau', 'auditor'], page: lazy(() => import('./BoardPage')) },
  { path: '/admin/departments', title: '部门管理', menu: '系统管理', roles: ['bureau'], page: lazy(() => import('./DepartmentsPage')) },
  { path: '/admin/users', title: '用户管理', menu: '系统管理', roles: ['bureau'], page: lazy(() => import('./UsersPage')) },
  { path: '/admin/categories', title: '资源分类', menu: '系统管理', roles: ['bureau'], page: lazy(() => import('./CategoriesPage')) },
  { path: '/admin/calendar', title: '工作日历', menu: '系统管理', roles: ['bureau'], page: lazy(() => import('./CalendarPage')) },
];
