import { lazy } from 'react';
import type { ConsoleRoute } from '../../routes';

export const auditRoutes: ConsoleRoute[] = [
  { path: '/audit', title: '审计记录', menu: '审计', roles: ['auditor', 'bureau'], page: lazy(() => import('./AuditPage')) },
];
