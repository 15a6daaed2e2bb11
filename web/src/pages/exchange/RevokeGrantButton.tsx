import { useState } from 'react';
import { App, Button, Form, Input, Modal, Typography } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';

/** 撤销授权 with a reason (the producing department or the bureau). */
export function RevokeGrantButton({ grantId, onRevoked }: { grantId: string; onRevoked: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const revoke = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await must(api.POST('/api/v1/grants/{grantId}/revoke', { params: { path: { grantId } }, body: { reason: reason.trim() } }));
      message.success('授权已撤销');
      setOpen(false);
      onRevoked();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button danger onClick={() => setOpen(true)}>
        撤销授权
      </Button>
      <Modal
        title="撤销授权"
        open={open}
        onCancel={() => setOpen(false)}
        okText="确认撤销"
        cancelText="取消"
        okButtonProps={{ danger: true, disabled: reason.trim() === '' }}
        confirmLoading={busy}
        onOk={revoke}
      >
        <Typography.Paragraph>撤销后，使用部门的下一次调用即被拒绝。此操作不能撤回。</Typography.Paragraph>
        <ErrorAlert error={error} />
        <Form layout="vertical">
          <Form.Item label="撤销理由" htmlFor="grant-revoke-reason" required>
            <Input.TextArea id="grant-revoke-reason" rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
