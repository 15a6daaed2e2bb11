import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';

// Anyone signed in: the bureau sees every project, a department its own (the service decides).
export const projectRoutes: ConsoleRoute[] = [
  { path: '/projects', title: '项目管理', menu: '项目管理', page: lazyPage(() => import('./ProjectsPage')) },
  { path: '/projects/:projectId', title: '项目详情', page: lazyPage(() => import('./ProjectDetailPage')) },
];
