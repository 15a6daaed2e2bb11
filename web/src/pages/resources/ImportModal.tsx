// Excel 导入: the template to fill, then a dry run that lists every problem by sheet, row and
// column and writes nothing, then — when there is none — the import itself (all drafts or none).
import { useState } from 'react';
import { Alert, Button, Descriptions, Modal, Space, Table, Typography } from 'antd';
import type { components } from '@contract';
import { csrfHeader } from '../../api/client';
import { ApiProblem, type Problem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';

type Report = components['schemas']['CatalogImportReport'];
type ImportProblem = components['schemas']['ImportProblem'];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function sendImport(file: File, dryRun: boolean): Promise<Report> {
  const response = await fetch(`/api/v1/resources/import?dryRun=${dryRun}`, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { ...csrfHeader(), 'Content-Type': XLSX },
    body: file,
  });
  const body = (await response.json().catch(() => ({}))) as Report | Problem;
  if (!response.ok) throw new ApiProblem(response.status, body as Problem);
  return body as Report;
}

export function ImportModal({ open, onClose, onImported }: { open: boolean; onClose: () => void; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const close = () => {
    setFile(null);
    setReport(null);
    setError(undefined);
    onClose();
  };

  const run = async (chosen: File, dryRun: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      const answer = await sendImport(chosen, dryRun);
      setReport(answer);
      if (!dryRun) onImported();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const done = report && !report.dryRun;
  return (
    <Modal
      open={open}
      title="从 Excel 导入目录"
      width={960}
      onCancel={close}
      footer={
        <Space>
          <Button onClick={close}>{done ? '关闭' : '取消'}</Button>
          {report?.dryRun && report.valid && file ? (
            <Button type="primary" loading={busy} onClick={() => run(file, false)}>
              确认导入 {report.entries} 个目录
            </Button>
          ) : null}
        </Space>
      }
      destroyOnHidden
    >
      <Typography.Paragraph>
        1. 下载
        <a href="/api/v1/resources/import-template.xlsx" download style={{ textDecoration: 'underline' }}>
          目录导入模板（.xlsx）
        </a>
        ，在“目录”表每行填一个目录，在“信息项”表按条目编号填写其信息项。
      </Typography.Paragraph>
      <Typography.Paragraph>
        2. 选择填好的文件：平台先试导入，逐条列出问题，不写入任何数据；没有问题时再确认导入，全部建为本部门草稿。
      </Typography.Paragraph>
      <p>
        <label htmlFor="import-file">导入文件（.xlsx，至多 5 MB）：</label>
        <input
          id="import-file"
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          disabled={busy}
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            setReport(null);
            if (chosen) void run(chosen, true);
          }}
        />
      </p>
      <ErrorAlert error={error} />
      {report ? (
        <>
          {done ? (
            <Alert type="success" showIcon role="status" title={`已导入 ${report.created.length} 个目录，均为本部门草稿`} />
          ) : report.valid ? (
            <Alert
              type="success"
              showIcon
              role="status"
              title={`试导入无问题：${report.entries} 个目录、${report.items} 个信息项，可以确认导入`}
            />
          ) : (
            <Alert type="error" showIcon role="alert" title={`试导入发现 ${report.problems.length} 处问题，修改文件后重新选择`} />
          )}
          <Descriptions size="small" column={3} style={{ margin: '12px 0' }}>
            <Descriptions.Item label="无误的目录">{report.entries}</Descriptions.Item>
            <Descriptions.Item label="无误的信息项">{report.items}</Descriptions.Item>
            <Descriptions.Item label="问题">{report.problems.length}</Descriptions.Item>
          </Descriptions>
          {report.warnings.length > 0 ? (
            <Alert
              type="warning"
              showIcon
              title="提示（不影响导入）"
              description={
                <ul className="field-errors">
                  {report.warnings.map((w, i) => (
                    <li key={i}>{w}</li>
                  ))}
                </ul>
              }
              style={{ marginBottom: 12 }}
            />
          ) : null}
          {report.problems.length > 0 ? (
            <Table<ImportProblem>
              size="small"
              bordered
              rowKey={(p) => `${p.sheet}-${p.cell ?? p.row}-${p.code}-${p.message}`}
              dataSource={report.problems}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              caption="问题清单"
              columns={[
                { title: '工作表', dataIndex: 'sheet', width: 80 },
                { title: '行', dataIndex: 'row', width: 60, render: (v: number | null) => v ?? '—' },
                { title: '列', dataIndex: 'column', width: 60, render: (v: string | null) => v ?? '—' },
                { title: '单元格', dataIndex: 'cell', width: 80, render: (v: string | null) => v ?? '—' },
                { title: '列标题', dataIndex: 'heading', width: 120, render: (v: string | null) => v ?? '—' },
                { title: '问题', dataIndex: 'message' },
              ]}
            />
          ) : null}
          {done && report.created.length > 0 ? (
            <Table
              size="small"
              bordered
              rowKey="id"
              dataSource={report.created}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              caption="新建的草稿"
              columns={[
                { title: '条目编号', dataIndex: 'rowKey' },
                { title: '行', dataIndex: 'row' },
                { title: '资源名称', dataIndex: 'name' },
                { title: '信息项数', dataIndex: 'items' },
              ]}
            />
          ) : null}
        </>
      ) : null}
    </Modal>
  );
}
