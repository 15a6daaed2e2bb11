import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';

export const exchangeRoutes: ConsoleRoute[] = [
  {
    path: '/grants',
    title: '我的授权',
    menu: '数据交换',
    roles: ['consumer', 'producer', 'bureau'],
    page: lazyPage(() => import('./GrantsPage')),
  },
  { path: '/grants/:grantId', title: '授权详情', roles: ['consumer', 'producer', 'bureau'], page: lazyPage(() => import('./GrantPage')) },
  {
    path: '/access-records',
    title: '调用记录',
    menu: '数据交换',
    roles: ['consumer', 'producer', 'bureau', 'auditor'],
    page: lazyPage(() => import('./AccessRecordsPage')),
  },
  {
    path: '/overdue-deliveries',
    title: '逾期未交付',
    menu: '数据交换',
    roles: ['producer', 'bureau', 'auditor'],
    page: lazyPage(() => import('./OverdueDeliveriesPage')),
  },
];
