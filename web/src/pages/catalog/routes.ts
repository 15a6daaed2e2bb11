import type { ConsoleRoute } from '../../routes';

export const catalogRoutes: ConsoleRoute[] = [];
