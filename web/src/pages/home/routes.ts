import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';

export const homeRoutes: ConsoleRoute[] = [{ path: '/', title: '我的待办', menu: '工作台', page: lazyPage(() => import('./HomePage')) }];
