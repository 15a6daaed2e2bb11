import { useState } from 'react';
import { Alert, Button, Flex, Form, Progress, Select, Space, Typography } from 'antd';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KIND_LABELS, ON_REJECTED_LABELS } from './labels';
import { RejectedRows } from './RejectedRows';
import { uploadDelivery, type Delivery } from './upload';

type Kind = 'full' | 'increment';
type OnRejected = 'refuse' | 'skip';
type Encoding = 'auto' | 'utf-8' | 'gb18030';

const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** Uploads a delivery of the entry's data with a progress bar, then shows what was accepted and each rejected row by line. */
export function DeliveryUpload({ resourceId, onDelivered }: { resourceId: string; onDelivered: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<Kind>('full');
  const [onRejected, setOnRejected] = useState<OnRejected>('refuse');
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [percent, setPercent] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [delivery, setDelivery] = useState<Delivery | null>(null);
  const [error, setError] = useState<unknown>();

  const upload = async () => {
    if (!file) return;
    setBusy(true);
    setDelivery(null);
    setError(undefined);
    setPercent(0);
    try {
      const done = await uploadDelivery({ resourceId, file, kind, onRejected, encoding, onProgress: setPercent });
      setDelivery(done);
      onDelivered();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const rowErrors = error instanceof ApiProblem ? (error.problem.errors ?? []).filter((e) => (e.path ?? '').startsWith('/rows/')) : [];
  return (
    <div>
      <Form layout="vertical" onFinish={upload} className="no-print">
        <Form.Item
          label="交付文件"
          htmlFor="delivery-file"
          extra="CSV（UTF-8 或 GBK）、JSON Lines 或 Excel 工作簿（.xlsx），首行为信息项名称"
        >
          <input
            id="delivery-file"
            type="file"
            accept=".csv,.jsonl,.ndjson,.xlsx,text/csv"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPercent(null);
            }}
          />
        </Form.Item>
        <Space wrap size="large">
          <Form.Item label="交付类型">
            <Select<Kind> aria-label="交付类型" style={{ width: 180 }} value={kind} onChange={setKind} options={options(KIND_LABELS)} />
          </Form.Item>
          <Form.Item label="有不合格的行时">
            <Select<OnRejected>
              aria-label="有不合格的行时"
              style={{ width: 200 }}
              value={onRejected}
              onChange={setOnRejected}
              options={options(ON_REJECTED_LABELS)}
            />
          </Form.Item>
          <Form.Item label="字符集">
            <Select<Encoding>
              aria-label="字符集"
              style={{ width: 180 }}
              value={encoding}
              onChange={setEncoding}
              options={[
                { value: 'auto', label: '自动识别' },
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'gb18030', label: 'GB18030（GBK）' },
              ]}
            />
          </Form.Item>
        </Space>
        <Form.Item>
          <Button type="primary" htmlType="submit" disabled={!file} loading={busy}>
            上传交付
          </Button>
        </Form.Item>
      </Form>
      {percent !== null ? (
        <div style={{ marginBottom: 16 }}>
          <Typography.Text id="upload-progress-label">上传进度</Typography.Text>
          <Progress
            percent={percent}
            status={error ? 'exception' : percent === 100 ? 'success' : 'active'}
            aria-labelledby="upload-progress-label"
          />
        </div>
      ) : null}
      {delivery ? (
        <Flex vertical gap={8}>
          <Alert
            type={delivery.rowsRejected > 0 ? 'warning' : 'success'}
            showIcon
            role="status"
            title={`第 ${delivery.seq} 次交付已接收：收到 ${delivery.rowsReceived} 行，接收 ${delivery.rowsAccepted} 行，拒绝 ${delivery.rowsRejected} 行${
              delivery.rowsDeleted > 0 ? `，删除 ${delivery.rowsDeleted} 行` : ''
            }`}
          />
          {delivery.rejections.length > 0 ? <RejectedRows errors={delivery.rejections} label="被拒绝的数据行" /> : null}
        </Flex>
      ) : null}
      {error ? (
        <Flex vertical gap={8}>
          {/* The rejected rows are listed below by line, so the alert says only what the service concluded. */}
          <ErrorAlert
            error={
              rowErrors.length > 0 && error instanceof ApiProblem ? new ApiProblem(error.status, { ...error.problem, errors: [] }) : error
            }
          />
          {rowErrors.length > 0 ? <RejectedRows errors={rowErrors} label="被拒绝的数据行" /> : null}
        </Flex>
      ) : null}
    </div>
  );
}
