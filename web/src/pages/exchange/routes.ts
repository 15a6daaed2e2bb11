import type { ConsoleRoute } from '../../routes';

export const exchangeRoutes: ConsoleRoute[] = [];
