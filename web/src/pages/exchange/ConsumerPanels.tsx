import { useState } from 'react';
import { Alert, Button, Empty, Flex, Form, Input, Space, Table, Typography } from 'antd';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Grant } from './GrantTable';
import { StatusTag } from '../../components/StatusTag';

type QueryAnswer = components['schemas']['QueryAnswer'];
type VerificationAnswer = components['schemas']['VerificationAnswer'];

/** Download the granted data: a plain link (the session cookie goes with it), in each format. */
export function DownloadPanel({ grant }: { grant: Grant }) {
  const [since, setSince] = useState('');
  const base = `/api/v1/grants/${grant.id}/data`;
  const href = (format: string) => {
    const q = new URLSearchParams({ format });
    if (/^\d+$/.test(since)) q.set('since', since);
    return `${base}?${q.toString()}`;
  };
  return (
    <div>
      <Typography.Paragraph>
        下载授权范围内的当前数据：只含授权的信息项，敏感信息项按目录的脱敏规则处理。每次下载都记入调用记录。
      </Typography.Paragraph>
      <Form layout="inline" style={{ marginBottom: 16 }}>
        <Form.Item label="只下载此次交付之后的变化" htmlFor="download-since" extra="填写上次下载所到的交付编号；不填为全部数据">
          <Input
            id="download-since"
            inputMode="numeric"
            style={{ width: 120 }}
            value={since}
            onChange={(e) => setSince(e.target.value.trim())}
          />
        </Form.Item>
      </Form>
      <Space wrap className="no-print">
        <Button type="primary" href={href('csv')} download>
          下载 CSV
        </Button>
        <Button href={href('xlsx')} download>
          下载 Excel
        </Button>
        <Button href={href('jsonl')} download>
          下载 JSON Lines
        </Button>
      </Space>
    </div>
  );
}

/** A form of one text field per item, labelled by the item's name. */
function ItemFields({ names, required }: { names: string[]; required: (name: string) => boolean }) {
  return (
    <>
      {names.map((name) => (
        <Form.Item
          key={name}
          name={name}
          label={name}
          rules={required(name) ? [{ required: true, whitespace: true, message: `请填写“${name}”` }] : []}
        >
          <Input maxLength={4000} autoComplete="off" />
        </Form.Item>
      ))}
    </>
  );
}

const filled = (values: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(values)
      .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1].trim() !== '')
      .map(([k, v]) => [k, v.trim()]),
  );

/** 信息查询: exact match on every input item, the granted output items of the matching rows. */
export function QueryPanel({ grant, inputItems }: { grant: Grant; inputItems: string[] }) {
  const [answer, setAnswer] = useState<QueryAnswer | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const run = async (values: Record<string, string | undefined>) => {
    setBusy(true);
    setError(undefined);
    setAnswer(null);
    try {
      setAnswer(
        await must(
          api.POST('/api/v1/grants/{grantId}/query', { params: { path: { grantId: grant.id } }, body: { input: filled(values) } }),
        ),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const columns = [...new Set((answer?.items ?? []).flatMap((row) => Object.keys(row)))];
  return (
    <div>
      <Typography.Paragraph>
        按全部输入项精确查询，答复匹配行的授权输出项（敏感项按规则脱敏，最多 100 行）。每次查询都记入调用记录。
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={run} style={{ maxWidth: 560 }} aria-label="信息查询">
        <ItemFields names={inputItems} required={() => true} />
        <Form.Item className="no-print">
          <Button type="primary" htmlType="submit" loading={busy}>
            查询
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      {answer ? (
        <Flex vertical gap={8}>
          <Alert
            type={answer.items.length > 0 ? 'success' : 'info'}
            showIcon
            role="status"
            title={
              answer.items.length > 0
                ? `查到 ${answer.items.length} 条记录${answer.truncated ? '（仅列出前 100 条）' : ''}`
                : '未查到匹配的记录'
            }
          />
          {answer.items.length > 0 ? (
            <Table
              aria-label="查询结果"
              size="small"
              rowKey={(_, i) => String(i)}
              pagination={false}
              dataSource={answer.items}
              locale={{ emptyText: <Empty description="无结果" /> }}
              columns={columns.map((name) => ({
                title: name,
                key: name,
                render: (_: unknown, row: Record<string, string | null>) => row[name] ?? '—',
              }))}
            />
          ) : null}
        </Flex>
      ) : null}
    </div>
  );
}

/** 信息核验: the input items and the granted items to check; the answer is match or not, never the data. */
export function VerifyPanel({ grant, inputItems }: { grant: Grant; inputItems: string[] }) {
  const [answer, setAnswer] = useState<VerificationAnswer | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const checked = grant.items.map((i) => i.name).filter((name) => !inputItems.includes(name));
  const run = async (values: Record<string, string | undefined>) => {
    setBusy(true);
    setError(undefined);
    setAnswer(null);
    try {
      setAnswer(
        await must(
          api.POST('/api/v1/grants/{grantId}/verify', { params: { path: { grantId: grant.id } }, body: { values: filled(values) } }),
        ),
      );
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Typography.Paragraph>
        填写输入项和要核验的信息项，平台答复是否与登记的数据一致，不答复数据本身。每次核验都记入调用记录。
      </Typography.Paragraph>
      <Form layout="vertical" onFinish={run} style={{ maxWidth: 560 }} aria-label="信息核验">
        <Typography.Title level={5}>输入项</Typography.Title>
        <ItemFields names={inputItems} required={() => true} />
        <Typography.Title level={5}>要核验的信息项（至少填写一项）</Typography.Title>
        <ItemFields names={checked} required={() => false} />
        <Form.Item className="no-print">
          <Button type="primary" htmlType="submit" loading={busy}>
            核验
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      {answer ? (
        <Flex vertical gap={8}>
          <Alert
            type={answer.match ? 'success' : 'warning'}
            showIcon
            role="status"
            title={answer.match ? '核验结果：一致' : '核验结果：不一致'}
            description={answer.match ? '所填的值均与登记的数据一致。' : '所填的值与登记的数据不一致，或没有登记该记录。'}
          />
          {answer.items ? (
            <Table
              aria-label="逐项核验结果"
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={answer.items}
              columns={[
                { title: '信息项', dataIndex: 'name' },
                {
                  title: '结果',
                  key: 'match',
                  render: (_, i) => <StatusTag tone={i.match ? 'green' : 'red'}>{i.match ? '一致' : '不一致'}</StatusTag>,
                },
              ]}
            />
          ) : null}
        </Flex>
      ) : null}
    </div>
  );
}
