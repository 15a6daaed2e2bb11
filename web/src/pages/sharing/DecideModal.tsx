// The bureau's decision on an escalated request, with a reason. The decisions offered follow the
// ground: a rejection is upheld (维持拒绝) or overruled (责成授权); a request left unanswered past its
// due date is granted (责成授权) or sent back to the producer to answer (责成答复), with a new deadline.
import { useState } from 'react';
import { Descriptions, Form, Input, Modal, Radio } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../format';
import { BUREAU_DECISION_LABELS, ESCALATION_GROUND_LABELS, type SharingRequest } from './sharing';

type Decision = 'uphold' | 'grant' | 'remand';

/** What each decision does, shown under its choice. */
const EXPLAINED: Record<Decision, string> = {
  uphold: '维持提供部门的拒绝，申请办结',
  grant: '责成提供部门按申请授权，即时生成授权',
  remand: '申请退回待答复，答复期限自今日起按规定工作日重新计算；逾期仍未答复可再次提请协调',
};

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
  const overdue = request.escalationGround === 'overdue';
  const decisions: Decision[] = overdue ? ['grant', 'remand'] : ['uphold', 'grant'];
  const chosen = Form.useWatch('decision', form);
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
          {
            key: 'ground',
            label: '申请协调事由',
            children: ESCALATION_GROUND_LABELS[request.escalationGround ?? 'rejection'],
          },
          overdue
            ? {
                key: 'due',
                label: '原答复期限',
                children: `${formatDate(request.dueDate)}（提供部门逾期未答复）`,
              }
            : { key: 'reject', label: '拒绝理由', children: request.rejectReason ?? '—' },
          { key: 'escalation', label: overdue ? '提请协调理由' : '提请裁决理由', children: request.escalationReason ?? '—' },
        ]}
      />
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="decision"
          label="裁决"
          extra={chosen ? EXPLAINED[chosen] : undefined}
          rules={[{ required: true, message: '请选择裁决' }]}
        >
          <Radio.Group options={decisions.map((d) => ({ value: d, label: BUREAU_DECISION_LABELS[d] }))} />
        </Form.Item>
        <Form.Item name="reason" label="裁决理由" rules={[{ required: true, whitespace: true, message: '请填写裁决理由' }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
