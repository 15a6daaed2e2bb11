import { useState } from 'react';
import { App, Button, Checkbox, Descriptions, Form, InputNumber, Modal } from 'antd';
import { api, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';

/** The grant's exchange terms (quotas, items released clear) and today's use; the producer sets them. */
export function TermsCard({ grantId, sensitiveItems, canSet }: { grantId: string; sensitiveItems: string[]; canSet: boolean }) {
  const terms = useLoad(() => withEtag(api.GET('/api/v1/grants/{grantId}/terms', { params: { path: { grantId } } })), [grantId]);
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const t = terms.data?.body;
  const save = async (values: { clearItems?: string[]; requestsPerMinute: number; rowsPerDay: number }) => {
    if (!terms.data) return;
    setBusy(true);
    setError(undefined);
    try {
      await must(
        api.PUT('/api/v1/grants/{grantId}/terms', {
          params: { path: { grantId }, header: { 'If-Match': terms.data.etag } },
          body: { clearItems: values.clearItems ?? [], requestsPerMinute: values.requestsPerMinute, rowsPerDay: values.rowsPerDay },
        }),
      );
      message.success('交换条件已更新');
      setEditing(false);
      terms.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <ErrorAlert error={terms.error} />
      {t ? (
        <Descriptions
          bordered
          size="small"
          column={2}
          title="交换条件与今日用量"
          extra={
            canSet ? (
              <Button
                className="no-print"
                onClick={() => {
                  form.setFieldsValue({ clearItems: t.clearItems, requestsPerMinute: t.requestsPerMinute, rowsPerDay: t.rowsPerDay });
                  setEditing(true);
                }}
              >
                设定交换条件
              </Button>
            ) : null
          }
          items={[
            { key: 'rpm', label: '每分钟调用上限', children: `${t.requestsPerMinute.toLocaleString('zh-CN')} 次` },
            { key: 'rpd', label: '每日行数上限', children: `${t.rowsPerDay.toLocaleString('zh-CN')} 行` },
            { key: 'used', label: '今日已用', children: `${t.usedToday.rows.toLocaleString('zh-CN')} 行` },
            {
              key: 'clear',
              label: '明文提供的敏感项',
              children: t.clearItems.length > 0 ? t.clearItems.join('、') : '无（敏感项按规则脱敏）',
            },
            {
              key: 'set',
              label: '设定情况',
              span: 2,
              children: t.isDefault ? '提供部门尚未设定，按该提供方式的默认值' : `提供部门于 ${formatTime(t.updatedAt)} 设定`,
            },
          ]}
        />
      ) : null}
      <Modal
        title="设定交换条件"
        open={editing}
        onCancel={() => setEditing(false)}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical" onFinish={save}>
          <Form.Item name="requestsPerMinute" label="每分钟调用上限（次）" rules={[{ required: true, message: '请填写每分钟调用上限' }]}>
            <InputNumber min={1} max={1000000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="rowsPerDay" label="每日行数上限（行）" rules={[{ required: true, message: '请填写每日行数上限' }]}>
            <InputNumber min={1} max={1000000000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="clearItems" label="对该使用部门明文提供的敏感信息项">
            <Checkbox.Group options={sensitiveItems.map((n) => ({ value: n, label: n }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
