import { useState } from 'react';
import { Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { useSession } from './session';

/** 登录: login name and password; a lock after five failures is the service's answer, shown as it says. */
export default function SignInPage() {
  const { me, signIn } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/';
  if (me) return <Navigate to={me.session?.mustChangePassword ? '/change-password' : from} replace />;
  return (
    <main className="sign-in">
      <Card className="sign-in-card">
        <Typography.Title level={1} className="sign-in-title">
          榕城市政务信息资源目录与共享交换平台
        </Typography.Title>
        <Typography.Paragraph type="secondary">请使用管理局分配的登录名和密码登录。</Typography.Paragraph>
        <Form
          layout="vertical"
          requiredMark={false}
          onFinish={async (values: { loginName: string; password: string }) => {
            setBusy(true);
            setError(undefined);
            try {
              await signIn(values.loginName.trim(), values.password);
              navigate(from, { replace: true });
            } catch (failure) {
              setError(failure);
            } finally {
              setBusy(false);
            }
          }}
        >
          <Form.Item label="登录名" name="loginName" rules={[{ required: true, message: '请输入登录名' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {error ? (
            <div style={{ marginBottom: 16 }}>
              <ErrorAlert error={error} />
            </div>
          ) : null}
          <Button type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" className="sign-in-foot">
          连续输错密码 5 次，账号锁定 15 分钟。忘记密码请联系大数据管理局重置。
        </Typography.Paragraph>
      </Card>
    </main>
  );
}
