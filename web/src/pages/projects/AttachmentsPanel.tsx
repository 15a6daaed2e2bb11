import { useState } from 'react';
import { App, Button, Flex, Popconfirm, Progress, Select, Table, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { api, csrfHeader, idempotencyKey, must } from '../../api/client';
import { ApiProblem, type Problem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatTime } from '../../format';
import { useSession } from '../../session/session';
import { DANGER_OUTLINE, DANGER_SOLID, EmptyText } from './contrast';
import { formatBytes, type Attachment } from './projectTerms';

/** Sends the file itself as the body (not a form), with its name and kind in the query, reporting progress. */
function uploadFile(url: string, file: File, onProgress: (percent: number) => void): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Idempotency-Key', idempotencyKey());
    for (const [name, value] of Object.entries(csrfHeader())) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Attachment);
      else reject(new ApiProblem(xhr.status, body as Problem));
    };
    xhr.onerror = () => reject(new TypeError('network'));
    xhr.send(file);
  });
}

/** What the files are attached to: a project's acceptance materials, its registration, or a connection. */
export type AttachmentScope = 'project' | 'registration' | 'connection';

function listAttachments(scope: AttachmentScope, objectId: string) {
  if (scope === 'connection')
    return must(api.GET('/api/v1/connections/{connectionId}/attachments', { params: { path: { connectionId: objectId } } }));
  const params = { params: { path: { projectId: objectId } } };
  return must(
    scope === 'project'
      ? api.GET('/api/v1/projects/{projectId}/attachments', params)
      : api.GET('/api/v1/projects/{projectId}/registration/attachments', params),
  );
}

const UPLOAD_PATHS: Record<AttachmentScope, (id: string) => string> = {
  project: (id) => `/api/v1/projects/${id}/attachments`,
  registration: (id) => `/api/v1/projects/${id}/registration/attachments`,
  connection: (id) => `/api/v1/connections/${id}/attachments`,
};

const WHAT: Record<AttachmentScope, string> = { project: '验收材料', registration: '项目材料', connection: '佐证材料' };

/**
 * Files attached to a project's acceptance materials, its registration's project materials or a
 * connection's evidence: the list with downloads, an upload by kind (with progress) while the
 * object is open, and removal by the uploading department.
 */
export function AttachmentsPanel({
  scope,
  objectId,
  kinds,
  canAttach,
}: {
  scope: AttachmentScope;
  /** The project's id, or the connection's. */
  objectId: string;
  kinds: Array<{ value: string; label: string }>;
  canAttach: boolean;
}) {
  const { me } = useSession();
  const { message } = App.useApp();
  const loaded = useLoad(() => listAttachments(scope, objectId), [scope, objectId]);
  // A single kind (a connection's evidence) is chosen already.
  const [kind, setKind] = useState<string | undefined>(kinds.length === 1 ? kinds[0].value : undefined);
  const [percent, setPercent] = useState<number>();
  const [error, setError] = useState<unknown>();
  const base = UPLOAD_PATHS[scope](objectId);
  const what = WHAT[scope];

  async function upload(file: File) {
    if (!kind) return;
    setError(undefined);
    setPercent(0);
    try {
      const url = `${base}?kind=${encodeURIComponent(kind)}&fileName=${encodeURIComponent(file.name)}`;
      const kept = await uploadFile(url, file, setPercent);
      message.success(`已上传“${kept.fileName}”`);
      loaded.reload();
    } catch (e) {
      setError(e);
    } finally {
      setPercent(undefined);
    }
  }

  async function remove(a: Attachment) {
    setError(undefined);
    try {
      await must(api.DELETE('/api/v1/attachments/{attachmentId}', { params: { path: { attachmentId: a.id } } }));
      message.success(`已删除“${a.fileName}”`);
      loaded.reload();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <div>
      <ErrorAlert error={error ?? loaded.error} />
      {canAttach ? (
        <Flex gap={8} wrap align="center" className="no-print" style={{ margin: '8px 0' }}>
          {kinds.length > 1 ? (
            <Select
              aria-label={`${what}类别`}
              placeholder={`选择${what}类别`}
              style={{ width: 320 }}
              options={kinds}
              value={kind}
              onChange={setKind}
            />
          ) : null}
          <Upload
            showUploadList={false}
            disabled={!kind || percent !== undefined}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined aria-hidden />} disabled={!kind || percent !== undefined}>
              上传文件
            </Button>
          </Upload>
          <Typography.Text type="secondary">支持 PDF、OFD、图片、Word、Excel、PowerPoint，单个不超过 20 MB</Typography.Text>
          {percent !== undefined ? <Progress percent={percent} size="small" style={{ width: 200 }} aria-label="上传进度" /> : null}
        </Flex>
      ) : null}
      <Table<Attachment>
        rowKey="id"
        size="small"
        loading={loaded.loading}
        dataSource={loaded.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: <EmptyText>{`暂无${what}`}</EmptyText> }}
        columns={[
          { title: '类别', dataIndex: 'kindLabel' },
          {
            title: '文件',
            dataIndex: 'fileName',
            render: (name: string, a) => (
              <a href={`/api/v1/attachments/${a.id}/content`} download>
                {name}
              </a>
            ),
          },
          { title: '大小', dataIndex: 'bytes', render: (b: number) => formatBytes(b) },
          { title: '上传人', dataIndex: 'uploaderName' },
          { title: '上传时间', dataIndex: 'uploadedAt', render: (t: string) => formatTime(t) },
          ...(canAttach
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  className: 'no-print',
                  render: (_: unknown, a: Attachment) =>
                    a.departmentId === me?.department.id ? (
                      <Popconfirm
                        title={`删除“${a.fileName}”？`}
                        okText="删除"
                        cancelText="取消"
                        okButtonProps={{ danger: true, style: DANGER_SOLID }}
                        onConfirm={() => remove(a)}
                      >
                        <Button size="small" danger style={DANGER_OUTLINE} autoInsertSpace={false} aria-label={`删除：${a.fileName}`}>
                          删除
                        </Button>
                      </Popconfirm>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
    </div>
  );
}
