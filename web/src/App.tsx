// The router: the sign-in page, the public pages, and the console's pages inside the layout, each
// behind a check of the session (and, for a page with roles, of the user's roles).
import { Suspense, type ReactNode } from 'react';
import { Result, Spin } from 'antd';
import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router';
import { ConsoleLayout, visibleTo } from './layout/ConsoleLayout';
import { ROUTES } from './routes';
import { useSession } from './session/session';
import SignInPage from './session/SignInPage';
import ChangePasswordPage from './session/ChangePasswordPage';

function SignedIn({ children }: { children: ReactNode }) {
  const { me, mustChangePassword } = useSession();
  const location = useLocation();
  if (me === undefined) return <Spin aria-label="加载中" style={{ margin: 48 }} />;
  if (me === null) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (mustChangePassword && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;
  return <>{children}</>;
}

function Allowed({ roles, children }: { roles?: Parameters<typeof visibleTo>[0]['roles']; children: ReactNode }) {
  const { hasRole } = useSession();
  if (roles && !hasRole(...roles)) return <Result status="403" title="无权访问" subTitle="您的角色不能使用此页面。" />;
  return <>{children}</>;
}

const router = createBrowserRouter([
  { path: '/login', element: <SignInPage /> },
  ...ROUTES.filter((r) => r.public).map((r) => ({
    path: r.path,
    element: (
      <Suspense fallback={<Spin aria-label="加载中" />}>
        <r.page />
      </Suspense>
    ),
  })),
  {
    element: (
      <SignedIn>
        <ConsoleLayout />
      </SignedIn>
    ),
    children: [
      { path: '/change-password', element: <ChangePasswordPage /> },
      ...ROUTES.filter((r) => !r.public).map((r) => ({
        path: r.path,
        element: (
          <Allowed roles={r.roles}>
            <r.page />
          </Allowed>
        ),
      })),
      { path: '*', element: <Result status="404" title="页面不存在" subTitle="请从左侧菜单进入。" /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
