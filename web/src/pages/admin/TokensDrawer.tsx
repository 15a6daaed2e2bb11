import { useState } from 'react';
import { App, Button, Drawer, Form, Input, InputNumber, Popconfirm, Space, Table, Typography } from 'antd';
import type { components } from '@contract';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import { StatusTag, type Tone } from '../../components/StatusTag';
import { emptyText } from './Accessible';
import { SecretOnce } from './SecretOnce';
import type { User } from './users';

type Token = components['schemas']['Token'];

function statusOf(token: Token): { label: string; tone: Tone } {
  if (token.revokedAt) return { label: '已撤销', tone: 'grey' };
  if (token.expiresAt && new Date(token.expiresAt).getTime() <= Date.now()) return { label: '已过期', tone: 'orange' };
  return { label: '有效', tone: 'green' };
}

/** 访问令牌: a user's API tokens — the list (never the secrets), issuing one (its secret shown once), revoking. */
export function TokensDrawer({ user, onClose }: { user: User; onClose: () => void }) {
  const { message } = App.useApp();
  const tokens = useLoad(() => must(api.GET('/api/v1/users/{userId}/tokens', { params: { path: { userId: user.id } } })), [user.id]);
  const [issued, setIssued] = useState<{ name: string; token: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ name: string; expiresInDays?: number; currentPassword: string }>();
  const defaultDays = 90;

  // Issuing from the console is confirmed with the bureau user's own password (ADR 0043).
  async function issue(values: { name: string; expiresInDays?: number; currentPassword: string }) {
    setBusy(true);
    setError(undefined);
    setIssued(undefined);
    try {
      const created = await must(
        api.POST('/api/v1/users/{userId}/tokens', {
          params: { path: { userId: user.id }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: { name: values.name, expiresInDays: values.expiresInDays ?? defaultDays, currentPassword: values.currentPassword },
        }),
      );
      setIssued({ name: created.name, token: created.token });
      message.success(`已签发令牌“${created.name}”`);
      form.resetFields();
      tokens.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(token: Token) {
    setError(undefined);
    try {
      await must(api.POST('/api/v1/users/{userId}/tokens/{tokenId}/revoke', { params: { path: { userId: user.id, tokenId: token.id } } }));
      message.success(`已撤销令牌“${token.name}”，它立即失效`);
      tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Drawer title={`访问令牌 · ${user.name}`} open onClose={onClose} size="large" closable={{ 'aria-label': '关闭' }}>
      <Typography.Paragraph type="secondary">
        令牌供部门的业务系统调用平台接口（请求头 Authorization: Bearer
        令牌），与该用户的权限相同。平台只保存令牌的摘要，密钥只在签发时显示一次。
      </Typography.Paragraph>
      {issued ? (
        <div style={{ marginBottom: 16 }}>
          <SecretOnce label={`令牌“${issued.name}”的密钥`} secret={issued.token} />
        </div>
      ) : null}
      <Form form={form} layout="inline" onFinish={issue} style={{ marginBottom: 16, rowGap: 8 }} className="no-print">
        <Form.Item label="令牌名称" name="name" rules={[{ required: true, message: '请输入令牌名称，如对接的系统' }]}>
          <Input placeholder="如：户籍查询对接" maxLength={100} />
        </Form.Item>
        <Form.Item label="有效天数" name="expiresInDays">
          <InputNumber min={1} max={366} placeholder={String(defaultDays)} />
        </Form.Item>
        <Form.Item
          label="您的当前密码"
          name="currentPassword"
          tooltip="在控制台签发令牌须输入您本人的密码确认；连续输错 5 次将锁定账号 15 分钟"
          rules={[{ required: true, message: '请输入您的当前密码以确认' }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            签发令牌
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error ?? tokens.error} />
      <Table<Token>
        rowKey="id"
        size="small"
        loading={tokens.loading}
        dataSource={tokens.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: emptyText('该用户还没有令牌') }}
        columns={[
          { title: '名称', dataIndex: 'name' },
          { title: '签发时间', dataIndex: 'createdAt', render: (at: string) => formatTime(at) },
          { title: '到期时间', dataIndex: 'expiresAt', render: (at: string | null) => (at ? formatTime(at) : '永不过期') },
          {
            title: '状态',
            key: 'status',
            render: (_, t) => {
              const s = statusOf(t);
              return (
                <StatusTag tone={s.tone} solid>
                  {s.label}
                  {t.revokedAt ? `（${formatTime(t.revokedAt)}）` : ''}
                </StatusTag>
              );
            },
          },
          {
            title: '操作',
            key: 'actions',
            className: 'no-print',
            render: (_, t) =>
              t.revokedAt ? null : (
                <Popconfirm
                  title={`撤销令牌“${t.name}”？`}
                  description="撤销后使用该令牌的系统立即无法调用接口，且不能恢复。"
                  okText="撤销"
                  cancelText="取消"
                  onConfirm={() => revoke(t)}
                >
                  <Button size="small" danger autoInsertSpace={false} aria-label={`撤销 ${t.name}`}>
                    撤销
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 16 }}>
        <Button onClick={onClose}>关闭</Button>
      </Space>
    </Drawer>
  );
}
