import type { ConsoleRoute } from '../../routes';

export const sharingRoutes: ConsoleRoute[] = [];
