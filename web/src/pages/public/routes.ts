import type { ConsoleRoute } from '../../routes';

export const publicRoutes: ConsoleRoute[] = [];
