import type { ReactNode } from 'react';
import { Alert, Button, Descriptions, Result, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useNavigate, useParams } from 'react-router';
import { DarkLink } from './DarkLink';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate, formatTime } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { ItemsTable } from './ItemsTable';
import { ProvisionModes } from './ProvisionModes';
import { VersionsTable } from './VersionsTable';

type Resource = components['schemas']['Resource'];

/** 资源详情: everything a catalog entry says, its versions and the duplicates the bureau saw; printable. */
export default function ResourceEntryPage() {
  const { resourceId = '' } = useParams();
  const { me, hasRole } = useSession();
  const navigate = useNavigate();
  const vocabularies = useVocabularies();
  const entry = useLoad(() => must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId } } })), [resourceId]);
  const versions = useLoad(
    () => must(api.GET('/api/v1/resources/{resourceId}/versions', { params: { path: { resourceId } } })),
    [resourceId],
  );
  const r = entry.data;

  if (entry.error instanceof ApiProblem && (entry.error.status === 404 || entry.error.status === 400)) {
    return (
      <Page title="资源详情">
        <Result
          status="404"
          title="目录不存在"
          subTitle="该目录不存在，或您的部门无权查看。"
          extra={<DarkLink to={links.catalog()}>返回资源目录</DarkLink>}
        />
      </Page>
    );
  }
  if (!r) {
    return (
      <Page title="资源详情">
        <ErrorAlert error={entry.error} />
        {entry.loading ? <Skeleton active aria-label="加载中" /> : null}
      </Page>
    );
  }

  const mayRequest = hasRole('consumer') && r.status === 'published' && r.departmentId !== me?.department.id;
  const term = (name: Parameters<typeof labelOf>[1], code: string | null) => labelOf(vocabularies, name, code);
  return (
    <Page
      title={r.name}
      extra={
        <>
          {mayRequest ? (
            <Button
              type="primary"
              href={links.requestEntry(r.id)}
              onClick={(e) => (e.preventDefault(), navigate(links.requestEntry(r.id)))}
            >
              申请使用
            </Button>
          ) : null}
          <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
            打印
          </Button>
          <DarkLink to={links.catalog()}>返回资源目录</DarkLink>
        </>
      }
    >
      <Space direction="vertical" size={24} style={{ width: '100%' }}>
        <ErrorAlert error={entry.error} />
        <StatusAlert r={r} />
        {r.duplicateCandidates.length > 0 ? <DuplicatesAlert r={r} /> : null}
        <Section title="基本信息">
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'code', label: '资源代码', children: r.code ?? '发布时分配' },
              { key: 'status', label: '目录状态', children: <Tag>{term('resourceStatuses', r.status)}</Tag> },
              { key: 'department', label: '提供部门', children: r.departmentName },
              { key: 'version', label: '版本', children: r.version > 0 ? `第 ${r.version} 版` : '未发布' },
              {
                key: 'category',
                label: '资源分类',
                children: r.categoryPath.length > 0 ? r.categoryPath.join(' / ') : term('classifications', r.classification),
              },
              { key: 'project', label: '所属项目', children: r.projectName ?? '—' },
              {
                key: 'format',
                label: '资源格式',
                children: `${term('resourceFormats', r.format)}${r.formatDetail ? `（${r.formatDetail}）` : ''}`,
              },
              { key: 'updateCycle', label: '更新周期', children: term('updateCycles', r.updateCycle) },
              { key: 'volume', label: '数据总量', children: volumeOf(r.totalDataVolume) },
              { key: 'related', label: '关联资源代码', children: r.relatedResourceCodes.join('、') || '—' },
              { key: 'published', label: '发布日期', children: formatDate(r.publishedAt) },
              { key: 'updated', label: '更新时间', children: formatTime(r.updatedAt) },
              { key: 'summary', label: '资源摘要', span: 'filled', children: r.summary || '—' },
              { key: 'scope', label: '使用范围', span: 'filled', children: r.scopeOfUse || '—' },
            ]}
          />
        </Section>
        <Section title="共享与开放">
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'sharingType', label: '共享类型', children: <Tag>{term('sharingTypes', r.sharingType)}</Tag> },
              ...(r.sharingType === 'conditional' || r.sharingConditions
                ? [{ key: 'sharingConditions', label: '共享条件', children: r.sharingConditions || '—' }]
                : []),
              ...(r.sharingType === 'not_shared' || r.sharingBasis
                ? [{ key: 'sharingBasis', label: '不予共享依据', children: r.sharingBasis || '—' }]
                : []),
              { key: 'openType', label: '开放类型', children: term('openTypes', r.openType) },
              ...(r.openConditions ? [{ key: 'openConditions', label: '开放条件', children: r.openConditions }] : []),
            ]}
          />
        </Section>
        <Section title={`信息项（${r.items.length} 项）`}>
          <ItemsTable items={r.items} vocabularies={vocabularies} />
        </Section>
        <Section title="提供方式">
          <ProvisionModes modes={r.provisionModes} vocabularies={vocabularies} />
        </Section>
        {r.video ? (
          <Section title="视频监控点位">
            <Typography.Paragraph>共享范围：{r.video.sharingScope || '—'}</Typography.Paragraph>
            <Table
              rowKey="code"
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              dataSource={r.video.cameraPoints}
              columns={[
                { title: '点位编码', dataIndex: 'code' },
                { title: '点位名称', dataIndex: 'name' },
                { title: '安装位置', dataIndex: 'location' },
              ]}
            />
          </Section>
        ) : null}
        <Section title="历史版本">
          <ErrorAlert error={versions.error} />
          <VersionsTable versions={versions.data?.items ?? []} loading={versions.loading} />
        </Section>
      </Space>
    </Page>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <Typography.Title level={3} style={{ fontSize: 18 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

/** A state worth a word: not yet published, returned with a reason, withdrawn with a reason. */
function StatusAlert({ r }: { r: Resource }) {
  if (r.status === 'withdrawn')
    return (
      <Alert
        type="warning"
        showIcon
        title={`该目录已于 ${formatDate(r.withdrawnAt)} 撤销`}
        description={r.withdrawReason ? `撤销原因：${r.withdrawReason}` : undefined}
      />
    );
  if (r.status === 'returned')
    return (
      <Alert type="warning" showIcon title="该目录已被退回修改" description={r.returnReason ? `退回原因：${r.returnReason}` : undefined} />
    );
  if (r.status === 'submitted')
    return <Alert type="info" showIcon title={`该目录已于 ${formatDate(r.submittedAt)} 提交，等待大数据管理局审核`} />;
  if (r.status === 'draft') return <Alert type="info" showIcon title="该目录是草稿，尚未提交审核" />;
  return null;
}

/** 一数一源: published entries of other departments whose items this entry repeats. */
function DuplicatesAlert({ r }: { r: Resource }) {
  return (
    <Alert
      type="warning"
      showIcon
      title="一数一源提示：以下其他部门已发布的目录与本目录的信息项重复"
      description={
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {r.duplicateCandidates.map((d) => (
            <li key={d.resourceId}>
              <DarkLink to={links.entry(d.resourceId)}>{d.resourceName}</DarkLink>（{d.departmentName}
              {d.resourceCode ? `，${d.resourceCode}` : ''}）：重复信息项 {d.overlappingItems.join('、')}，占本目录信息项的{' '}
              {Math.round(d.overlapRatio * 100)}%
            </li>
          ))}
        </ul>
      }
    />
  );
}

function volumeOf(v: Resource['totalDataVolume']): string {
  const parts: string[] = [];
  if (v.records !== null && v.records !== undefined) parts.push(`${v.records.toLocaleString('zh-CN')} 条记录`);
  if (v.bytes !== null && v.bytes !== undefined) parts.push(bytesOf(v.bytes));
  return parts.join('，') || '—';
}

function bytesOf(bytes: number): string {
  const units = ['字节', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${u === 0 ? n : n.toFixed(1)} ${units[u]}`;
}
