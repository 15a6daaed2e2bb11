import { useState } from 'react';
import { App, Button, Table, Typography } from 'antd';
import type { components } from '@contract';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { emptyText } from '../admin/Accessible';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';

type Checkpoint = components['schemas']['AuditCheckpoint'];

/** 签名检查点: the chain's head as signed (Ed25519), newest first; signing one now. */
export function Checkpoints() {
  const { message } = App.useApp();
  const checkpoints = useLoad(() => must(api.GET('/api/v1/audit-checkpoints')), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function sign() {
    setBusy(true);
    setError(undefined);
    try {
      const cp = await must(api.POST('/api/v1/audit-checkpoints', { params: { header: { 'Idempotency-Key': idempotencyKey() } } }));
      message.success(`已签名链头：第 ${cp.eventSeq} 条记录`);
      checkpoints.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">
        检查点证明签名时审计链的长度和链头哈希：即使链头被改写，截断链尾也会被发现。平台定期自动签名，也可以立即签名。
      </Typography.Paragraph>
      <Button onClick={sign} loading={busy} className="no-print" style={{ marginBottom: 12 }}>
        立即签名链头
      </Button>
      <ErrorAlert error={error ?? checkpoints.error} />
      <Table<Checkpoint>
        rowKey="id"
        size="small"
        loading={checkpoints.loading}
        dataSource={checkpoints.data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (n) => `最近 ${n} 个检查点` }}
        locale={{ emptyText: emptyText('暂无签名检查点') }}
        columns={[
          { title: '编号', dataIndex: 'id' },
          { title: '签名时间', dataIndex: 'signedAt', render: (at: string) => formatTime(at) },
          { title: '链长度（记录序号）', dataIndex: 'eventSeq' },
          {
            title: '链头哈希',
            dataIndex: 'headHash',
            render: (hash: string) => (
              <Typography.Text code copyable={{ text: hash, tooltips: ['复制', '已复制'] }}>
                {hash.slice(0, 16)}…
              </Typography.Text>
            ),
          },
          { title: '签名密钥', dataIndex: 'keyId' },
          {
            title: '签名',
            dataIndex: 'signature',
            render: (sig: string) => (
              <Typography.Text code copyable={{ text: sig, tooltips: ['复制', '已复制'] }}>
                {sig.slice(0, 12)}…
              </Typography.Text>
            ),
          },
        ]}
      />
    </>
  );
}
