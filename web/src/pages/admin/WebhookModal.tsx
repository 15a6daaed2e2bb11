import { useState } from 'react';
import { App, Alert, Button, Descriptions, Form, Input, Modal, Popconfirm, Space, Spin, Typography } from 'antd';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import type { Department } from './departments';
import { SecretOnce } from './SecretOnce';

type Webhook = components['schemas']['Webhook'];

async function loadWebhook(departmentId: string): Promise<Webhook | null> {
  const { data, error, response } = await api.GET('/api/v1/departments/{departmentId}/webhook', { params: { path: { departmentId } } });
  if (response.status === 404) return null;
  if (error !== undefined || !response.ok || !data) throw new ApiProblem(response.status, (error ?? {}) as never);
  return data;
}

/** 通知地址（webhook）: where the department's notifications are POSTed, signed; set or remove it. */
export function WebhookModal({ department, onClose }: { department: Department; onClose: () => void }) {
  const { message } = App.useApp();
  const webhook = useLoad(() => loadWebhook(department.id), [department.id]);
  const [secret, setSecret] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function save({ url }: { url: string }) {
    setBusy(true);
    setError(undefined);
    try {
      const saved = await must(
        api.PUT('/api/v1/departments/{departmentId}/webhook', { params: { path: { departmentId: department.id } }, body: { url } }),
      );
      setSecret(saved.secret);
      message.success('已设置通知地址');
      webhook.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setError(undefined);
    try {
      const removed = await must(
        api.DELETE('/api/v1/departments/{departmentId}/webhook', { params: { path: { departmentId: department.id } } }),
      );
      message.success(removed.removed ? '已删除通知地址，未发出的通知不再发送' : '该部门没有设置通知地址');
      setSecret(undefined);
      webhook.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <Modal
      title={`通知地址（Webhook）· ${department.name}`}
      open
      onCancel={onClose}
      footer={<Button onClick={onClose}>关闭</Button>}
      width={640}
    >
      <Typography.Paragraph type="secondary">
        平台以签名的 JSON 向该地址推送本部门的待办通知（如收到共享申请）。地址须为 https。
      </Typography.Paragraph>
      <ErrorAlert error={webhook.error} />
      {webhook.loading ? <Spin aria-label="加载中" /> : null}
      {!webhook.loading && webhook.data ? (
        <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
          <Descriptions.Item label="地址">{webhook.data.url}</Descriptions.Item>
          <Descriptions.Item label="签名密钥">{webhook.data.secretHint}…（仅显示开头）</Descriptions.Item>
          <Descriptions.Item label="更新时间">{formatTime(webhook.data.updatedAt)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {!webhook.loading && webhook.data === null ? (
        <Alert type="info" showIcon title="该部门尚未设置通知地址" style={{ marginBottom: 16 }} />
      ) : null}
      {secret ? (
        <div style={{ marginBottom: 16 }}>
          <SecretOnce label="签名密钥" secret={secret} />
        </div>
      ) : null}
      <Form layout="vertical" onFinish={save} initialValues={{ url: '' }}>
        <Form.Item
          label={webhook.data ? '新的通知地址（替换现有地址并生成新密钥）' : '通知地址'}
          name="url"
          rules={[
            { required: true, message: '请输入通知地址' },
            { type: 'url', message: '请输入完整的网址，如 https://oa.example.gov.cn/hooks' },
          ]}
        >
          <Input placeholder="https://" />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            保存通知地址
          </Button>
          {webhook.data ? (
            <Popconfirm title="删除通知地址？" description="尚未发出的通知将不再发送。" okText="删除" cancelText="取消" onConfirm={remove}>
              <Button danger>删除通知地址</Button>
            </Popconfirm>
          ) : null}
        </Space>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={error} />
      </div>
    </Modal>
  );
}
