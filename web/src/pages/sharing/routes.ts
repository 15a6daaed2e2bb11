import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';

export const sharingRoutes: ConsoleRoute[] = [
  {
    path: '/catalog/:resourceId/request',
    title: '申请使用',
    roles: ['consumer'],
    page: lazyPage(() => import('./RequestFormPage')),
  },
  {
    path: '/sharing-requests',
    title: '共享申请',
    menu: '共享申请',
    roles: ['consumer', 'producer', 'bureau'],
    page: lazyPage(() => import('./SharingRequestsPage')),
  },
  {
    path: '/sharing-requests/:requestId',
    title: '共享申请详情',
    roles: ['consumer', 'producer', 'bureau'],
    page: lazyPage(() => import('./SharingRequestPage')),
  },
];
