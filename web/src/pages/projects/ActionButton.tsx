import { useState, type ReactNode } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { ErrorAlert } from '../../components/ErrorAlert';
import { DANGER_OUTLINE, DANGER_SOLID } from './contrast';

export interface ActionField {
  name: string;
  label: string;
  kind?: 'text' | 'date';
  placeholder?: string;
}

/**
 * A button that asks first: a confirmation naming what will happen, the reason or note the
 * service wants, then the call. The service's refusal stays in the dialog as it said it; its
 * success is announced and the page reloads what changed.
 */
export function ActionButton({
  label,
  title,
  description,
  fields = [],
  okText,
  success,
  danger,
  primary,
  run,
  onDone,
  renderError,
}: {
  label: string;
  title: string;
  description?: ReactNode;
  fields?: ActionField[];
  okText?: string;
  success: string;
  danger?: boolean;
  primary?: boolean;
  run: (values: Record<string, string>) => Promise<unknown>;
  onDone: () => void;
  /** Shows a refusal in the page's own way (the acceptance gate's unmet items) instead of in the dialog. */
  renderError?: (error: unknown) => boolean;
}) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<Record<string, string | Dayjs>>();
  const { message } = App.useApp();

  async function submit(values: Record<string, string | Dayjs>) {
    setBusy(true);
    setError(undefined);
    const plain: Record<string, string> = {};
    for (const f of fields) {
      const v = values[f.name];
      plain[f.name] = f.kind === 'date' ? (v as Dayjs).format('YYYY-MM-DD') : String(v ?? '').trim();
    }
    try {
      await run(plain);
      message.success(success);
      setOpen(false);
      form.resetFields();
      onDone();
    } catch (e) {
      if (renderError?.(e)) {
        setOpen(false);
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button
        danger={danger}
        style={danger ? DANGER_OUTLINE : undefined}
        type={primary ? 'primary' : 'default'}
        onClick={() => setOpen(true)}
      >
        {label}
      </Button>
      <Modal
        title={title}
        open={open}
        okText={okText ?? '确定'}
        cancelText="取消"
        okButtonProps={{ danger, style: danger ? DANGER_SOLID : undefined }}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => {
          setOpen(false);
          setError(undefined);
        }}
        destroyOnHidden
      >
        {description ? <Typography.Paragraph>{description}</Typography.Paragraph> : null}
        <ErrorAlert error={error} />
        <Form form={form} name={`action-${label}`} layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
          {fields.map((f) => (
            <Form.Item key={f.name} name={f.name} label={f.label} rules={[{ required: true, message: `请填写${f.label}` }]}>
              {f.kind === 'date' ? (
                <DatePicker style={{ width: '100%' }} />
              ) : (
                <Input.TextArea rows={3} maxLength={2000} placeholder={f.placeholder} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
