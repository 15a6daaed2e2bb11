import type { ConsoleRoute } from '../../routes';

export const projectRoutes: ConsoleRoute[] = [];
