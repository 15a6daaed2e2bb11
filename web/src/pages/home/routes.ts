import { lazy } from 'react';
import type { ConsoleRoute } from '../../routes';

export const homeRoutes: ConsoleRoute[] = [{ path: '/', title: '我的待办', menu: '工作台', page: lazy(() => import('./HomePage')) }];
