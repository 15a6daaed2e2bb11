import type { ConsoleRoute } from '../../routes';

export const resourceRoutes: ConsoleRoute[] = [];
