import type { ConsoleRoute } from '../../routes';

export const auditRoutes: ConsoleRoute[] = [];
