import { useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Select, Table } from 'antd';
import { StatusTag } from '../../components/StatusTag';
import { EmptyText } from './contrast';
import type { Dayjs } from 'dayjs';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import { AttachmentsPanel } from './AttachmentsPanel';
import { useOwnerRights } from './LifecycleActions';
import { CONNECTION_MODE_LABELS, type Connection, type ConnectionMode, type Project } from './projectTerms';

type Row = Connection & { resourceName: string };

/** Only what the exchange does not observe is declared (other 422 mode_observed). */
const DECLARABLE: ConnectionMode[] = ['other', 'video_centre'];

async function loadConnections(projectId: string) {
  const entries = await must(api.GET('/api/v1/resources', { params: { query: { projectId, limit: 100 } } }));
  const lists = await Promise.all(
    entries.items.map(async (e) => {
      const list = await must(api.GET('/api/v1/resources/{resourceId}/connections', { params: { path: { resourceId: e.id } } }));
      return list.items.map((c) => ({ ...c, resourceName: e.name }));
    }),
  );
  return { entries: entries.items, rows: lists.flat() as Row[] };
}

const EVIDENCE_KINDS = [{ value: 'evidence', label: '接入佐证材料' }];

/**
 * 接入申报: the connections the project's department declared for its published entries (other
 * arrangements, the video centre) with their evidence — its description and, under each row, its
 * files (联调记录, 截图), which the department adds until the bureau confirms the connection.
 */
export function ConnectionsPanel({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const { producerOfOwner, bureau } = useOwnerRights(project);
  const loaded = useLoad(() => loadConnections(project.id), [project.id]);
  const { message, modal } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ resourceId: string; mode: ConnectionMode; reference: string; evidence: string; occurredAt?: Dayjs }>();

  function reload() {
    loaded.reload();
    onChanged();
  }

  function confirm(c: Row) {
    modal.confirm({
      title: '确认该平台接入？',
      content: `${c.resourceName}（${CONNECTION_MODE_LABELS[c.mode]}）：${c.reference}。请先核对佐证材料。`,
      okText: '确认接入',
      cancelText: '取消',
      onOk: async () => {
        try {
          await must(api.POST('/api/v1/connections/{connectionId}/confirm', { params: { path: { connectionId: c.id } } }));
          message.success('已确认平台接入');
          reload();
        } catch (e) {
          setError(e);
        }
      },
    });
  }

  async function declare(values: { resourceId: string; mode: ConnectionMode; reference: string; evidence: string; occurredAt?: Dayjs }) {
    setBusy(true);
    setError(undefined);
    try {
      await must(
        api.POST('/api/v1/resources/{resourceId}/connections', {
          params: { path: { resourceId: values.resourceId }, header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            mode: values.mode,
            reference: values.reference.trim(),
            evidence: values.evidence.trim(),
            ...(values.occurredAt ? { occurredAt: values.occurredAt.toISOString() } : {}),
          },
        }),
      );
      message.success('已申报平台接入，待大数据管理局确认');
      setOpen(false);
      form.resetFields();
      reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      {!open ? <ErrorAlert error={error ?? loaded.error} /> : null}
      {producerOfOwner && project.stage !== 'accepted' ? (
        <Button className="no-print" style={{ marginBottom: 8 }} onClick={() => setOpen(true)}>
          申报平台接入
        </Button>
      ) : null}
      <Table<Row>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.rows ?? []}
        pagination={false}
        expandable={{
          expandedRowRender: (c) => (
            <AttachmentsPanel scope="connection" objectId={c.id} kinds={EVIDENCE_KINDS} canAttach={producerOfOwner && !c.confirmedAt} />
          ),
        }}
        locale={{ emptyText: <EmptyText>{'暂无接入申报（数据批量交换、接口和证照由平台根据实际交换情况自动判断，无需申报）'}</EmptyText> }}
        columns={[
          { title: '资源', dataIndex: 'resourceName' },
          { title: '接入方式', dataIndex: 'mode', render: (m: ConnectionMode) => CONNECTION_MODE_LABELS[m] },
          { title: '接入标识', dataIndex: 'reference' },
          { title: '佐证说明', dataIndex: 'evidence' },
          { title: '申报时间', dataIndex: 'declaredAt', render: (t: string) => formatTime(t) },
          {
            title: '状态',
            key: 'status',
            render: (_: unknown, c) =>
              c.confirmedAt ? (
                <StatusTag tone="green">已确认（{formatTime(c.confirmedAt)}）</StatusTag>
              ) : (
                <StatusTag tone="orange">待确认</StatusTag>
              ),
          },
          ...(bureau
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  className: 'no-print',
                  render: (_: unknown, c: Row) =>
                    c.confirmedAt ? null : (
                      <Button size="small" onClick={() => confirm(c)} aria-label={`确认接入：${c.resourceName}`}>
                        确认接入
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        title="申报平台接入"
        open={open}
        okText="申报"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form form={form} name="declare-connection" layout="vertical" onFinish={declare} style={{ marginTop: 12 }}>
          <Form.Item name="resourceId" label="资源" rules={[{ required: true, message: '请选择资源' }]}>
            <Select options={(loaded.data?.entries ?? []).map((e) => ({ value: e.id, label: e.name }))} />
          </Form.Item>
          <Form.Item name="mode" label="接入方式" rules={[{ required: true, message: '请选择接入方式' }]}>
            <Select options={DECLARABLE.map((m) => ({ value: m, label: CONNECTION_MODE_LABELS[m] }))} />
          </Form.Item>
          <Form.Item name="reference" label="接入标识" rules={[{ required: true, message: '请填写接入标识' }]}>
            <Input placeholder="前置机编号、视频共享平台联网编码等" maxLength={500} />
          </Form.Item>
          <Form.Item name="evidence" label="佐证说明" rules={[{ required: true, message: '请填写佐证说明' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="occurredAt" label="接入时间（选填）">
            <DatePicker showTime style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
