// The start of a visit, before React renders anything (web/src/prefetch.ts): the session, and for
// the opened page its chunk, its first answer and the code lists, asked for together rather than
// one after the other (the session, then the layout, then the page's chunk, then its answer).
import { matchPath } from 'react-router';
import { api } from './api/client';
import { loadVocabularies } from './components/vocabularies';
import { prefetch, SESSION_KEY } from './prefetch';
import { ROUTES } from './routes';

export function startVisit(location: { pathname: string; search: string }): void {
  if (location.pathname === '/login') return;
  const route = ROUTES.find((r) => matchPath(r.path, location.pathname));
  const chunk = route ? route.page.preload().catch(() => undefined) : Promise.resolve();
  if (route?.public) return;
  prefetch(SESSION_KEY, async () => {
    const answer = await api.GET('/api/v1/me');
    // Only for a session that may open pages: not signed in, or a password to change first, asks nothing more.
    if (answer.response.ok && answer.data && !answer.data.session?.mustChangePassword) {
      void loadVocabularies().catch(() => undefined);
      route?.prefetch?.(new URLSearchParams(location.search));
      // The layout then shows with its page, which does not suspend (web/src/lazyPage.ts).
      await chunk;
    }
    return answer;
  });
}
