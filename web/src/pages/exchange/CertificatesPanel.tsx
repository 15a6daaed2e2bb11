import { useState } from 'react';
import { App, Button, Empty, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import type { components } from '@contract';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate, formatTime } from '../../format';
import { CERTIFICATE_STATUSES } from './labels';
import { useCursorList } from './useCursorList';
import { StatusTag } from '../../components/StatusTag';

type Certificate = components['schemas']['Certificate'];

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateRule = { pattern: DATE, message: '请按 2026-03-02 的格式填写日期' };

/** Issue a certificate of the entry: the holder, number, dates and the entry's items. */
function IssueDialog({
  resourceId,
  itemNames,
  open,
  onClose,
  onIssued,
}: {
  resourceId: string;
  itemNames: string[];
  open: boolean;
  onClose: () => void;
  onIssued: () => void;
}) {
  const [form] = Form.useForm();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const issue = async (values: Record<string, string | undefined>) => {
    setBusy(true);
    setError(undefined);
    const items = Object.fromEntries(itemNames.map((n) => [n, values[`item:${n}`]?.trim() ?? '']).filter(([, v]) => v !== ''));
    try {
      const issued = await must(
        api.POST('/api/v1/resources/{resourceId}/certificates', {
          params: { path: { resourceId }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            holderName: values.holderName!.trim(),
            holderIdType: values.holderIdType as 'resident_id' | 'credit_code',
            holderId: values.holderId!.trim(),
            number: values.number!.trim(),
            items,
            validFrom: values.validFrom!.trim(),
            validUntil: values.validUntil?.trim() ? values.validUntil.trim() : null,
          },
        }),
      );
      message.success(`已签发电子证照 ${issued.number}`);
      form.resetFields();
      onIssued();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title="签发电子证照"
      open={open}
      onCancel={onClose}
      okText="签发"
      cancelText="取消"
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={issue} initialValues={{ holderIdType: 'resident_id' }}>
        <Form.Item name="holderName" label="持证人名称" rules={[{ required: true, whitespace: true, message: '请填写持证人名称' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="holderIdType" label="证件类型">
          <Select
            options={[
              { value: 'resident_id', label: '公民身份号码' },
              { value: 'credit_code', label: '统一社会信用代码' },
            ]}
          />
        </Form.Item>
        <Form.Item name="holderId" label="证件号码" rules={[{ required: true, whitespace: true, message: '请填写证件号码' }]}>
          <Input />
        </Form.Item>
        <Form.Item name="number" label="证照编号" rules={[{ required: true, whitespace: true, message: '请填写证照编号' }]}>
          <Input />
        </Form.Item>
        <Space wrap>
          <Form.Item name="validFrom" label="有效期起" rules={[{ required: true, message: '请填写有效期起始日期' }, dateRule]}>
            <Input placeholder="2026-03-02" />
          </Form.Item>
          <Form.Item name="validUntil" label="有效期至（不填为长期）" rules={[dateRule]}>
            <Input placeholder="2031-03-01" />
          </Form.Item>
        </Space>
        {itemNames.map((n) => (
          <Form.Item key={n} name={`item:${n}`} label={n}>
            <Input />
          </Form.Item>
        ))}
      </Form>
      {/* Beside the buttons, where the clerk is looking when the service answers. */}
      <ErrorAlert error={error} />
    </Modal>
  );
}

/** Revoke a certificate with a reason. */
function RevokeDialog({
  certificate,
  onClose,
  onRevoked,
}: {
  certificate: Certificate | null;
  onClose: () => void;
  onRevoked: () => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const revoke = async () => {
    if (!certificate) return;
    setBusy(true);
    setError(undefined);
    try {
      await must(
        api.POST('/api/v1/certificates/{certificateId}/revoke', {
          params: { path: { certificateId: certificate.id } },
          body: { reason: reason.trim() },
        }),
      );
      message.success(`已注销电子证照 ${certificate.number}`);
      setReason('');
      onRevoked();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={`注销电子证照 ${certificate?.number ?? ''}`}
      open={certificate !== null}
      onCancel={onClose}
      okText="确认注销"
      okButtonProps={{ danger: true, disabled: reason.trim() === '' }}
      cancelText="取消"
      confirmLoading={busy}
      onOk={revoke}
    >
      <Typography.Paragraph>注销后，在线核验和二维码核验链接答复“已注销”。此操作不能撤回。</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form layout="vertical">
        <Form.Item label="注销理由" htmlFor="certificate-revoke-reason" required>
          <Input.TextArea
            id="certificate-revoke-reason"
            rows={3}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 电子证照: the certificates the entry issued (list, issue, revoke, PDF). */
export function CertificatesPanel({ resourceId, itemNames, canIssue }: { resourceId: string; itemNames: string[]; canIssue: boolean }) {
  const certificates = useCursorList(
    (cursor) => must(api.GET('/api/v1/certificates', { params: { query: { resourceId, cursor, limit: 20 } } })),
    [resourceId],
  );
  const [issuing, setIssuing] = useState(false);
  const [revoking, setRevoking] = useState<Certificate | null>(null);
  return (
    <div>
      {canIssue ? (
        <Button type="primary" className="no-print" style={{ marginBottom: 12 }} onClick={() => setIssuing(true)}>
          签发电子证照
        </Button>
      ) : null}
      <ErrorAlert error={certificates.error} />
      <Table<Certificate>
        aria-label="已签发的电子证照"
        rowKey="id"
        size="small"
        loading={certificates.loading}
        dataSource={certificates.items}
        pagination={false}
        locale={{ emptyText: <Empty description="尚未签发电子证照" /> }}
        columns={[
          { title: '证照编号', dataIndex: 'number' },
          { title: '证照类型', dataIndex: 'certificateType' },
          { title: '持证人', dataIndex: 'holderName' },
          {
            title: '有效期',
            key: 'period',
            render: (_, c) => `${formatDate(c.validFrom)} 至 ${c.validUntil ? formatDate(c.validUntil) : '长期'}`,
          },
          { title: '签发时间', key: 'issuedAt', render: (_, c) => formatTime(c.issuedAt) },
          {
            title: '状态',
            key: 'status',
            render: (_, c) => <StatusTag status={c.status} vocabulary={CERTIFICATE_STATUSES} />,
          },
          {
            title: '操作',
            key: 'actions',
            className: 'no-print',
            render: (_, c) => (
              <Space>
                <a href={`/api/v1/certificates/${c.id}/pdf`} target="_blank" rel="noreferrer">
                  打印（PDF）
                </a>
                {canIssue && c.status !== 'revoked' ? (
                  <Button size="small" danger onClick={() => setRevoking(c)}>
                    注销
                  </Button>
                ) : null}
              </Space>
            ),
          },
        ]}
      />
      {certificates.hasMore ? (
        <Button className="no-print" style={{ marginTop: 12 }} onClick={certificates.more} loading={certificates.loading}>
          加载更多
        </Button>
      ) : null}
      <IssueDialog
        resourceId={resourceId}
        itemNames={itemNames}
        open={issuing}
        onClose={() => setIssuing(false)}
        onIssued={certificates.reload}
      />
      <RevokeDialog certificate={revoking} onClose={() => setRevoking(null)} onRevoked={certificates.reload} />
    </div>
  );
}
