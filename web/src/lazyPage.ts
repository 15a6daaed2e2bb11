import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A page in a chunk of its own, which the start of a visit can begin to load before React asks for it. */
export type LazyPage = LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };

export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  return Object.assign(lazy(load), { preload: load });
}
