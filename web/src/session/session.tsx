// Who is signed in: GET /api/v1/me on load (with the session's CSRF token), sign-in and sign-out.
// Pages ask `useSession()` for the user, the department and the roles that decide their menus.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { components } from '@contract';
import { api, must, setCsrfToken, whenSignedOut } from '../api/client';
import { SESSION_KEY, takePrefetched } from '../prefetch';

const askMe = () => api.GET('/api/v1/me');

export type Role = components['schemas']['Role'];
export type Me = components['schemas']['Me'];

interface SessionValue {
  /** null: not signed in; undefined: still asking. */
  me: Me | null | undefined;
  mustChangePassword: boolean;
  hasRole: (...roles: Role[]) => boolean;
  signIn: (loginName: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  reload: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  const reload = useCallback(async () => {
    const asked = takePrefetched<Awaited<ReturnType<typeof askMe>>>(SESSION_KEY) ?? askMe();
    const { data, response } = await asked;
    if (response.ok && data) {
      setCsrfToken(data.session?.csrfToken ?? null);
      setMe(data);
    } else {
      setCsrfToken(null);
      setMe(null);
    }
  }, []);

  useEffect(() => {
    whenSignedOut(() => {
      setCsrfToken(null);
      setMe(null);
    });
    reload().catch(() => setMe(null));
  }, [reload]);

  const signIn = useCallback(
    async (loginName: string, password: string) => {
      const created = await must(api.POST('/api/v1/sessions', { body: { loginName, password } }));
      setCsrfToken(created.csrfToken);
      await reload();
    },
    [reload],
  );

  const signOut = useCallback(async () => {
    await api.DELETE('/api/v1/sessions/current', { params: { header: {} as never } }).catch(() => undefined);
    setCsrfToken(null);
    setMe(null);
  }, []);

  const value = useMemo<SessionValue>(
    () => ({
      me,
      mustChangePassword: me?.session?.mustChangePassword ?? false,
      hasRole: (...roles) => !!me && roles.some((r) => me.user.roles.includes(r)),
      signIn,
      signOut,
      reload,
    }),
    [me, signIn, signOut, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
