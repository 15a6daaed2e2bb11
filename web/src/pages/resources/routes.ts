import { createElement, type ComponentType } from 'react';
import { lazyPage } from '../../lazyPage';
import type { ConsoleRoute } from '../../routes';
import { AreaTheme } from './AreaTheme';

/** A page of this area, loaded when first opened, inside the area's colours (AreaTheme). */
function page(load: () => Promise<{ default: ComponentType }>) {
  return lazyPage(async () => {
    const { default: Page } = await load();
    return { default: () => createElement(AreaTheme, null, createElement(Page)) };
  });
}

// One lazy page for both editor paths: a new draft, once saved, moves to its own address.
const entryEditor = page(() => import('./EntryEditorPage'));

export const resourceRoutes: ConsoleRoute[] = [
  { path: '/resources', title: '我的目录', menu: '资源目录', roles: ['producer'], page: page(() => import('./MyEntriesPage')) },
  { path: '/resources/new', title: '新建目录', roles: ['producer'], page: entryEditor },
  { path: '/resources/:resourceId/edit', title: '目录编辑', roles: ['producer'], page: entryEditor },
  { path: '/review', title: '审核队列', menu: '资源目录', roles: ['bureau'], page: page(() => import('./ReviewQueuePage')) },
  { path: '/review/:resourceId', title: '目录审核', roles: ['bureau'], page: page(() => import('./ReviewPage')) },
];
