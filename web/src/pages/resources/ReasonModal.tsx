// Asks for the reason an action needs (退回理由, 撤销原因) before doing it, and shows the service's
// refusal in the dialog when there is one.
import { useState } from 'react';
import { Form, Input, Modal, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';

export function ReasonModal({
  open,
  title,
  label,
  okText,
  intro,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  label: string;
  okText: string;
  intro?: string;
  onCancel: () => void;
  /** Does the action; a thrown error is shown in the dialog. */
  onConfirm: (reason: string) => Promise<void>;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ danger: true, loading: busy }}
      onCancel={() => {
        setError(undefined);
        form.resetFields();
        onCancel();
      }}
      onOk={async () => {
        const { reason } = await form.validateFields();
        setBusy(true);
        setError(undefined);
        try {
          await onConfirm(reason.trim());
          form.resetFields();
        } catch (failure) {
          setError(failure);
        } finally {
          setBusy(false);
        }
      }}
      forceRender
    >
      {intro ? <Typography.Paragraph>{intro}</Typography.Paragraph> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
