import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useNavigate } from 'react-router';
import { api, must } from '../api/client';
import { ErrorAlert } from '../components/ErrorAlert';
import { Page } from '../components/Page';
import { useSession } from './session';

/** 修改密码: required at the first sign-in after the bureau set the password. */
export default function ChangePasswordPage() {
  const { mustChangePassword, reload } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  return (
    <Page title="修改密码">
      {mustChangePassword ? (
        <Alert type="warning" showIcon title="管理局设置的初始密码须在首次登录时修改，修改后才能使用平台。" style={{ marginBottom: 16 }} />
      ) : null}
      <Form
        layout="vertical"
        style={{ maxWidth: 420 }}
        onFinish={async ({ currentPassword, newPassword }: { currentPassword: string; newPassword: string }) => {
          setBusy(true);
          setError(undefined);
          try {
            await must(api.PUT('/api/v1/me/password', { body: { currentPassword, newPassword } }));
            await reload();
            navigate('/', { replace: true });
          } catch (failure) {
            setError(failure);
          } finally {
            setBusy(false);
          }
        }}
      >
        <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          label="新密码"
          name="newPassword"
          extra="至少 10 个字符，须包含字母和数字，不能与登录名相同"
          rules={[{ required: true, message: '请输入新密码' }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="再次输入新密码"
          name="again"
          dependencies={['newPassword']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        {error ? (
          <div style={{ marginBottom: 16 }}>
            <ErrorAlert error={error} />
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          修改密码
        </Button>
      </Form>
    </Page>
  );
}
