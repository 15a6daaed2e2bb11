// The bureau's decision on a dispute: uphold the producer's rejection or direct the grant, with a reason.
import { useState } from 'react';
import { Descriptions, Form, Input, Modal, Radio } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { SharingRequest } from './sharing';

type Decision = 'uphold' | 'grant';

export function DecideModal({
  open,
  request,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  request: SharingRequest;
  onCancel: () => void;
  onSubmit: (decision: Decision, reason: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ decision: Decision; reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={`裁决共享申请 ${request.number}`}
      okText="确认裁决"
      cancelText="取消"
      okButtonProps={{ loading: busy }}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onCancel();
      }}
      onOk={async () => {
        const values = await form.validateFields().catch(() => null);
        if (!values) return;
        const { decision, reason } = values;
        setBusy(true);
        setError(undefined);
        try {
          await onSubmit(decision, reason.trim());
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          { key: 'reject', label: '拒绝理由', children: request.rejectReason ?? '—' },
          { key: 'escalation', label: '提请裁决理由', children: request.escalationReason ?? '—' },
        ]}
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="decision" label="裁决" rules={[{ required: true, message: '请选择裁决' }]}>
          <Radio.Group
            options={[
              { value: 'uphold', label: '维持拒绝' },
              { value: 'grant', label: '责成授权' },
            ]}
          />
        </Form.Item>
        <Form.Item name="reason" label="裁决理由" rules={[{ required: true, whitespace: true, message: '请填写裁决理由' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
