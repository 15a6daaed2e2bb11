import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';
import { prefetchCatalog } from './catalogLoads';

// 资源目录: searching the catalog and one entry's page, for everyone signed in.
export const catalogRoutes: ConsoleRoute[] = [
  { path: '/catalog', title: '资源目录', menu: '资源目录', page: lazyPage(() => import('./CatalogSearchPage')), prefetch: prefetchCatalog },
  { path: '/catalog/:resourceId', title: '资源详情', page: lazyPage(() => import('./ResourceEntryPage')) },
];
