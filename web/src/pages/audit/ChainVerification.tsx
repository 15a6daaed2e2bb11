import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Typography } from 'antd';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime } from '../../format';

type Report = components['schemas']['AuditChainReport'];

/** 校验审计链: the whole hash chain and its signed checkpoints checked now; the first broken link if any. */
export function ChainVerification() {
  const [report, setReport] = useState<Report>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function verify() {
    setBusy(true);
    setError(undefined);
    try {
      setReport(await must(api.GET('/api/v1/audit-events/verification')));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card
      size="small"
      title="审计链校验"
      extra={
        <Button type="primary" onClick={verify} loading={busy} className="no-print">
          校验审计链
        </Button>
      }
      style={{ marginBottom: 16 }}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: report || error ? 12 : 0 }}>
        每条审计记录都含前一条记录的哈希，链头定期以 Ed25519
        签名。校验会逐条重算全部记录并核对签名检查点，任何删除、修改、插入或截断都会被发现。
      </Typography.Paragraph>
      <ErrorAlert error={error} />
      {report ? (
        <div aria-live="polite">
          {report.valid ? (
            <Alert
              type="success"
              showIcon
              title="审计链完整，未发现篡改"
              description={`已校验 ${report.eventsChecked} 条记录和 ${report.checkpointsChecked} 个签名检查点。`}
            />
          ) : (
            <Alert
              type="error"
              showIcon
              title="审计链已被破坏"
              description={
                report.firstBrokenLink
                  ? `第一处断裂在第 ${report.firstBrokenLink.seq} 条记录${report.firstBrokenLink.eventId ? `（记录 ID ${report.firstBrokenLink.eventId}）` : ''}：${report.firstBrokenLink.reason}。请立即报告并保全数据库与签名密钥。`
                  : '请立即报告并保全数据库与签名密钥。'
              }
            />
          )}
          <Descriptions size="small" column={{ xs: 1, md: 2 }} style={{ marginTop: 12 }}>
            <Descriptions.Item label="校验结果">{report.valid ? '完整' : '已破坏'}</Descriptions.Item>
            <Descriptions.Item label="校验时间">{formatTime(report.verifiedAt)}</Descriptions.Item>
            <Descriptions.Item label="记录条数">{report.eventsChecked}</Descriptions.Item>
            <Descriptions.Item label="链头序号">{report.lastSeq}</Descriptions.Item>
            <Descriptions.Item label="链头哈希">
              <Typography.Text code copyable={{ text: report.headHash, tooltips: ['复制', '已复制'] }}>
                {report.headHash.slice(0, 16)}…
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label="签名密钥">{report.keyId}</Descriptions.Item>
          </Descriptions>
        </div>
      ) : null}
    </Card>
  );
}
