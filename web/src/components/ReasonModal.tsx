// A confirmation that asks for the reason the service requires (退回理由, 撤销原因, a rejection, an
// escalation, a bureau decision), and shows the service's refusal in the dialog itself.
import { useState, type ReactNode } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { ErrorAlert } from './ErrorAlert';

export function ReasonModal({
  open,
  title,
  label,
  okText,
  danger,
  intro,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  danger?: boolean;
  intro?: ReactNode;
  onCancel: () => void;
  onSubmit: (reason: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger, loading: busy }}
      destroyOnHidden
      onCancel={() => {
        setError(undefined);
        onCancel();
      }}
      onOk={async () => {
        const reason = await form.validateFields().then(
          (v) => v.reason,
          () => null,
        );
        if (reason === null) return;
        setBusy(true);
        setError(undefined);
        try {
          await onSubmit(reason.trim());
          form.resetFields();
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
    >
      {typeof intro === 'string' ? <Typography.Paragraph>{intro}</Typography.Paragraph> : intro}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
