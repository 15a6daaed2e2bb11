import { useState } from 'react';
import { App, Alert, Form, Input, Modal } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PASSWORD_RULE, type User } from './users';

/** 设置密码 (setUserPassword): the bureau sets or resets a user's password; the user changes it at the next sign-in. */
export function PasswordModal({ user, onClose }: { user: User; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; again: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function save({ password }: { password: string }) {
    setBusy(true);
    setError(undefined);
    try {
      await must(api.POST('/api/v1/users/{userId}/password', { params: { path: { userId: user.id } }, body: { password } }));
      message.success(`已为“${user.name}”设置密码，该用户下次登录时须先修改密码`);
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={`设置密码 · ${user.name}`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="设置密码"
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ disabled: !user.loginName }}
    >
      {user.loginName ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="设置后，该用户已登录的会话全部结束、登录锁定解除；用户下次登录时须先修改这个密码，修改后才能使用平台。"
        />
      ) : (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="该用户没有登录名，不能以密码登录。请先在“编辑”中为其设置登录名。"
        />
      )}
      <Form form={form} layout="vertical" onFinish={save} disabled={!user.loginName}>
        <Form.Item label="新密码" name="password" extra={PASSWORD_RULE} rules={[{ required: true, message: '请输入新密码' }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label="再次输入新密码"
          name="again"
          dependencies={['password']}
          rules={[
            { required: true, message: '请再次输入新密码' },
            ({ getFieldValue }) => ({
              validator: (_, value) =>
                value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error('两次输入的密码不一致')),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
