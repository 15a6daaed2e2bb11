import { createElement, lazy, useState, type ComponentType } from 'react';

/** A page in a chunk of its own, which the start of a visit can begin to load before React asks for it. */
export type LazyPage = ComponentType & { preload: () => Promise<unknown> };

/**
 * Once its chunk has arrived the page renders at once; before that it is React.lazy, whose
 * Suspense shows the fallback. React 19 keeps a fallback up for at least 300 ms once shown, so a
 * page preloaded by web/src/startVisit.ts must not suspend at all (ADR 0044, "the first page").
 * Which of the two a mounted page renders is chosen once, when it mounts: switching from the lazy
 * wrapper to the module's component on a later render would mount the page anew, losing its state.
 */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  let loaded: ComponentType | undefined;
  let loading: Promise<{ default: ComponentType }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (module) => ((loaded = module.default), module),
      (error: unknown) => {
        loading = undefined; // a failed chunk (a new build, a dropped connection) is asked for again
        throw error;
      },
    ));
  const Suspending = lazy(preload);
  const Page = () => {
    const [Component] = useState<ComponentType>(() => loaded ?? Suspending);
    return createElement(Component);
  };
  return Object.assign(Page, { preload });
}
