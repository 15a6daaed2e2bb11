import { lazy } from 'react';
import type { ConsoleRoute } from '../../routes';

// 资源目录: searching the catalog and one entry's page, for everyone signed in.
export const catalogRoutes: ConsoleRoute[] = [
  { path: '/catalog', title: '资源目录', menu: '资源目录', page: lazy(() => import('./CatalogSearchPage')) },
  { path: '/catalog/:resourceId', title: '资源详情', page: lazy(() => import('./ResourceEntryPage')) },
];
