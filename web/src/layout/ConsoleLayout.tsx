// The frame around every signed-in page: the platform's name, the side menu built from the routes
// the user's roles may open, and who is signed in with a sign-out button.
import { Suspense, useMemo } from 'react';
import { Button, Layout, Menu, Space, Spin, Typography } from 'antd';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { MENU_GROUPS, ROUTES, type ConsoleRoute } from '../routes';
import { useSession } from '../session/session';
import { useVocabularies, labelOf } from '../components/vocabularies';

export function visibleTo(route: ConsoleRoute, hasRole: (...roles: NonNullable<ConsoleRoute['roles']>) => boolean): boolean {
  return !route.roles || hasRole(...route.roles);
}

export function ConsoleLayout() {
  const { me, hasRole, signOut } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const vocabularies = useVocabularies();
  const items = useMemo(
    () =>
      MENU_GROUPS.map((group) => ({
        type: 'group' as const,
        key: group,
        label: group,
        children: ROUTES.filter((r) => r.menu === group && visibleTo(r, hasRole)).map((r) => ({
          key: r.path,
          label: <Link to={r.path}>{r.title}</Link>,
        })),
      })).filter((g) => g.children.length > 0),
    [hasRole],
  );
  const selected = ROUTES.filter((r) => r.menu && (r.path === '/' ? location.pathname === '/' : location.pathname.startsWith(r.path)))
    .map((r) => r.path)
    .sort((a, b) => b.length - a.length)
    .slice(0, 1);
  if (!me) return null;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="console-header no-print">
        <Typography.Text strong className="console-brand">
          榕城市政务信息资源目录与共享交换平台
        </Typography.Text>
        <Space size="middle" className="console-user">
          <span>
            {me.department.name} · {me.user.name}（{me.user.roles.map((r) => labelOf(vocabularies, 'roles', r)).join('、')}）
          </span>
          <Button
            onClick={async () => {
              await signOut();
              navigate('/login', { replace: true });
            }}
          >
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={208} theme="light" className="no-print" breakpoint="lg" collapsedWidth={0}>
          <nav aria-label="主菜单">
            <Menu mode="inline" items={items} selectedKeys={selected} />
          </nav>
        </Layout.Sider>
        <Layout.Content className="console-content">
          <main>
            <Suspense fallback={<Spin aria-label="加载中" />}>
              <Outlet />
            </Suspense>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
