import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';
import { links } from '../../links';

export const auditRoutes: ConsoleRoute[] = [
  { path: links.audit(), title: '审计记录', menu: '审计', roles: ['auditor', 'bureau'], page: lazyPage(() => import('./AuditPage')) },
];
