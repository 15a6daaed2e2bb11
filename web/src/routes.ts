// Every page of the console, gathered from each area's own list (web/src/pages/<area>/routes.ts).
// A route names its menu group and the roles that see it; the layout builds the side menu from
// these, and the router refuses a page to a role it is not for.
import type { LazyPage } from './lazyPage';
import type { Role } from './session/session';
import { catalogRoutes } from './pages/catalog/routes';
import { resourceRoutes } from './pages/resources/routes';
import { sharingRoutes } from './pages/sharing/routes';
import { exchangeRoutes } from './pages/exchange/routes';
import { projectRoutes } from './pages/projects/routes';
import { adminRoutes } from './pages/admin/routes';
import { auditRoutes } from './pages/audit/routes';
import { publicRoutes } from './pages/public/routes';
import { homeRoutes } from './pages/home/routes';

/** The side menu's groups, in the order they are shown. */
export const MENU_GROUPS = ['工作台', '资源目录', '共享申请', '数据交换', '项目管理', '系统管理', '审计'] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];

export interface ConsoleRoute {
  /** The router's path, e.g. /catalog/:resourceId. */
  path: string;
  /** The page's title (the menu label and the browser tab). */
  title: string;
  /** Where it appears in the side menu; absent: reached by links only. */
  menu?: MenuGroup;
  /** Who may open it; absent: anyone signed in. */
  roles?: Role[];
  /** Shown without signing in (the certificate verification page). */
  public?: boolean;
  page: LazyPage;
  /**
   * Starts the page's first answer while the console is still starting (web/src/prefetch.ts), from
   * the address's query; the page takes it with `takePrefetched`.
   */
  prefetch?: (search: URLSearchParams) => void;
}

export const ROUTES: ConsoleRoute[] = [
  ...homeRoutes,
  ...catalogRoutes,
  ...resourceRoutes,
  ...sharingRoutes,
  ...exchangeRoutes,
  ...projectRoutes,
  ...adminRoutes,
  ...auditRoutes,
  ...publicRoutes,
];
