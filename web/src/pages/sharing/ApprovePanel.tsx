// The producer's 同意: which requested items it grants (untick to narrow, never widen), for each
// sensitive one whether it leaves clear (明文) or masked (脱敏, or withheld when the entry has no
// masking rule), a narrower period if any, and a comment. The items and period go with the
// approval; the clear items become the grant's exchange terms (setGrantTerms) right after.
import { useState } from 'react';
import { App, Button, Card, Form, Input, Radio, Space, Table, Typography } from 'antd';
import { api, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useVocabularies } from '../../components/vocabularies';
import { queryRoleLabel, type ResourceItem, type SharingRequest } from './sharing';
import { StatusTag } from '../../components/StatusTag';

type Release = 'clear' | 'masked';

interface Row {
  name: string;
  queryRole: string | null;
  entryItem: ResourceItem | undefined;
}

export function ApprovePanel({
  request,
  entryItems,
  onDone,
  onCancel,
}: {
  request: SharingRequest;
  entryItems: ResourceItem[] | undefined;
  onDone: () => void;
  onCancel: () => void;
}) {
  const v = useVocabularies();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ periodStart: string; periodEnd: string; comment?: string }>();
  const [granted, setGranted] = useState<string[]>(request.items.map((i) => i.name));
  const [release, setRelease] = useState<Record<string, Release>>({});
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const rows: Row[] = request.items.map((i) => ({
    name: i.name,
    queryRole: i.queryRole,
    entryItem: entryItems?.find((e) => e.name === i.name),
  }));

  const approve = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (granted.length === 0) {
      setError(new Error('请至少同意一个信息项；不同意全部信息项时请拒绝并说明理由'));
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const narrowed = granted.length < request.items.length;
      const approved = await must(
        api.POST('/api/v1/sharing-requests/{requestId}/approve', {
          params: { path: { requestId: request.id } },
          body: {
            ...(narrowed ? { items: request.items.map((i) => i.name).filter((n) => granted.includes(n)) } : {}),
            ...(values.periodStart !== request.periodStart ? { periodStart: values.periodStart } : {}),
            ...(values.periodEnd !== request.periodEnd ? { periodEnd: values.periodEnd } : {}),
            ...(values.comment?.trim() ? { comment: values.comment.trim() } : {}),
          },
        }),
      );
      const clearItems = granted.filter((n) => rows.find((r) => r.name === n)?.entryItem?.sensitive && release[n] === 'clear');
      if (clearItems.length > 0 && approved.grantId) {
        const grantId = approved.grantId;
        try {
          const current = await withEtag(api.GET('/api/v1/grants/{grantId}/terms', { params: { path: { grantId } } }));
          await must(
            api.PUT('/api/v1/grants/{grantId}/terms', {
              params: { path: { grantId }, header: { 'If-Match': current.etag } },
              body: { clearItems, requestsPerMinute: current.body.requestsPerMinute, rowsPerDay: current.body.rowsPerDay },
            }),
          );
        } catch (failure) {
          message.warning('已同意申请，但明文提供的信息项未能设定，请在授权的交换条件中重新设定');
          setError(failure);
          onDone();
          return;
        }
      }
      message.success(`已同意申请 ${approved.number}，授权已生成`);
      onDone();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="同意申请（可缩小信息项或期限）" className="no-print">
      <Typography.Paragraph>
        取消勾选不同意提供的信息项；敏感信息项默认脱敏提供，确需明文提供的请选择“明文”。只能缩小申请的范围，不能扩大。
      </Typography.Paragraph>
      <Table<Row>
        size="small"
        bordered
        rowKey="name"
        pagination={false}
        dataSource={rows}
        title={() => `同意 ${granted.length} / ${rows.length} 项`}
        rowSelection={{
          selectedRowKeys: granted,
          onChange: (keys) => setGranted(keys.map(String)),
          columnTitle: (checkbox) => checkbox,
          getCheckboxProps: (row) => ({ 'aria-label': `同意提供 ${row.name}` }),
        }}
        columns={[
          { title: '信息项名称', dataIndex: 'name' },
          { title: '查询角色', dataIndex: 'queryRole', render: (r: string | null) => queryRoleLabel(v, r) },
          {
            title: '敏感信息',
            key: 'sensitive',
            render: (_v, row) => (row.entryItem?.sensitive ? <StatusTag tone="orange">敏感</StatusTag> : '否'),
          },
          {
            title: '提供形式',
            key: 'release',
            render: (_v, row) =>
              row.entryItem?.sensitive ? (
                <Radio.Group
                  name={`release-${row.name}`}
                  aria-label={`${row.name} 的提供形式`}
                  disabled={!granted.includes(row.name)}
                  value={release[row.name] ?? 'masked'}
                  onChange={(e) => setRelease({ ...release, [row.name]: e.target.value as Release })}
                  options={[
                    { value: 'masked', label: row.entryItem.masking ? '脱敏' : '脱敏（无脱敏规则，不提供）' },
                    { value: 'clear', label: '明文' },
                  ]}
                />
              ) : (
                '明文（非敏感项）'
              ),
          },
        ]}
      />
      <Form
        form={form}
        layout="vertical"
        style={{ marginTop: 16 }}
        initialValues={{ periodStart: request.periodStart, periodEnd: request.periodEnd }}
      >
        <Space wrap size="large">
          <Form.Item name="periodStart" label="核准使用期限起" rules={[{ required: true, message: '请选择起始日期' }]}>
            <Input type="date" min={request.periodStart} max={request.periodEnd} />
          </Form.Item>
          <Form.Item name="periodEnd" label="核准使用期限止" rules={[{ required: true, message: '请选择截止日期' }]}>
            <Input type="date" min={request.periodStart} max={request.periodEnd} />
          </Form.Item>
        </Space>
        <Form.Item name="comment" label="同意意见（使用条件）">
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder="如：仅限申请用途使用，不得向第三方提供" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      <Space style={{ marginTop: 12 }}>
        <Button type="primary" onClick={approve} loading={busy}>
          确认同意
        </Button>
        <Button onClick={onCancel} disabled={busy}>
          取消
        </Button>
      </Space>
    </Card>
  );
}
