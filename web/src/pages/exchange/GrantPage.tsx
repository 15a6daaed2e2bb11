import { Descriptions, Result, Spin, Tabs, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate, formatTime } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { AccessRecordTable } from './AccessRecordTable';
import { CertificatesPanel } from './CertificatesPanel';
import { DownloadPanel, QueryPanel, VerifyPanel } from './ConsumerPanels';
import { DeliveriesPanel } from './DeliveriesPanel';
import { HolderCertificatesPanel } from './HolderCertificatesPanel';
import { GRANTED_BY_LABELS } from './labels';
import { RevokeGrantButton } from './RevokeGrantButton';
import { TermsCard } from './TermsCard';
import { UsagePanel } from './UsagePanel';
import { useCursorList } from './useCursorList';
import { GRANT_STATUSES, StatusTag } from '../../components/StatusTag';

/** The consumer's own calls of this grant. */
function MyCalls({ grantId }: { grantId: string }) {
  const records = useCursorList(
    (cursor) => must(api.GET('/api/v1/access-records', { params: { query: { grantId, side: 'consumer', cursor, limit: 20 } } })),
    [grantId],
  );
  return <AccessRecordTable records={records} label="本授权的调用记录" showResource={false} />;
}

const DELIVERED_MODES = new Set(['batch_exchange', 'query_api', 'verification_api']);

/** 授权详情: the grant's terms; how it is used, deliveries and certificates for the producer; data, query and verification for the consumer. */
function GrantPageBody() {
  const { grantId = '' } = useParams();
  const { me, hasRole } = useSession();
  const vocabularies = useVocabularies();
  const grant = useLoad(() => must(api.GET('/api/v1/grants/{grantId}', { params: { path: { grantId } } })), [grantId]);
  const g = grant.data;
  const entry = useLoad(
    () =>
      g ? must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: g.resourceId } } })) : Promise.resolve(undefined),
    [g?.resourceId],
  );
  if (grant.loading && !g) return <Spin aria-label="加载中" style={{ margin: 48 }} />;
  if (grant.error instanceof ApiProblem && grant.error.status === 404)
    return (
      <Result
        status="404"
        title="授权不存在"
        subTitle="没有这项授权，或本部门无权查看。"
        extra={<Link to={links.grants()}>返回我的授权</Link>}
      />
    );
  if (!g) return <ErrorAlert error={grant.error} />;

  const myDepartment = me?.department.id;
  const isProducer = hasRole('producer') && myDepartment === g.producerDepartmentId;
  const isConsumer = hasRole('consumer') && myDepartment === g.consumerDepartmentId;
  const isBureau = hasRole('bureau');
  const entryItems = entry.data?.items ?? [];
  const inputItems =
    entryItems.length > 0
      ? entryItems.filter((i) => i.queryRole === 'input').map((i) => i.name)
      : g.items.filter((i) => i.queryRole === 'input').map((i) => i.name);
  const grantedNames = new Set(g.items.map((i) => i.name));
  const sensitiveGranted = entryItems.filter((i) => i.sensitive && grantedNames.has(i.name)).map((i) => i.name);
  const active = g.status === 'active';

  const tabs = [];
  if (isProducer || isBureau) {
    tabs.push({ key: 'usage', label: '使用情况', children: <UsagePanel grantId={g.id} side={isProducer ? 'producer' : undefined} /> });
    if (DELIVERED_MODES.has(g.provisionMode))
      tabs.push({ key: 'deliveries', label: '数据交付', children: <DeliveriesPanel resourceId={g.resourceId} canUpload={isProducer} /> });
    if (g.provisionMode === 'certificate')
      tabs.push({
        key: 'certificates',
        label: '电子证照',
        children: <CertificatesPanel resourceId={g.resourceId} itemNames={entryItems.map((i) => i.name)} canIssue={isProducer} />,
      });
  }
  if (isConsumer) {
    if (g.provisionMode === 'batch_exchange') tabs.push({ key: 'download', label: '下载数据', children: <DownloadPanel grant={g} /> });
    if (g.provisionMode === 'query_api')
      tabs.push({ key: 'query', label: '信息查询', children: <QueryPanel grant={g} inputItems={inputItems} /> });
    if (g.provisionMode === 'verification_api')
      tabs.push({ key: 'verify', label: '信息核验', children: <VerifyPanel grant={g} inputItems={inputItems} /> });
    if (g.provisionMode === 'certificate')
      tabs.push({ key: 'certificates', label: '获取电子证照', children: <HolderCertificatesPanel grantId={g.id} /> });
    tabs.push({ key: 'calls', label: '我的调用记录', children: <MyCalls grantId={g.id} /> });
  }

  return (
    <Page
      title={`授权：${g.resourceName}`}
      extra={active && (isProducer || isBureau) ? <RevokeGrantButton grantId={g.id} onRevoked={grant.reload} /> : null}
    >
      <Descriptions
        bordered
        size="small"
        column={2}
        style={{ marginBottom: 24 }}
        items={[
          { key: 'resource', label: '信息资源', children: <Link to={links.entry(g.resourceId)}>{g.resourceName}</Link> },
          { key: 'code', label: '资源代码', children: g.resourceCode ?? '—' },
          { key: 'producer', label: '提供部门', children: g.producerDepartmentName },
          { key: 'consumer', label: '使用部门', children: g.consumerDepartmentName },
          { key: 'mode', label: '提供方式', children: labelOf(vocabularies, 'provisionModes', g.provisionMode) },
          {
            key: 'status',
            label: '状态',
            children: <StatusTag status={g.status} vocabulary={GRANT_STATUSES} />,
          },
          { key: 'period', label: '有效期', children: `${formatDate(g.validFrom)} 至 ${formatDate(g.validUntil)}` },
          { key: 'by', label: '授权来源', children: `${GRANTED_BY_LABELS[g.grantedBy]}（${formatTime(g.createdAt)}）` },
          {
            key: 'items',
            label: '授权信息项',
            span: 2,
            children: g.items.map((i) => (
              <Tag key={i.name}>
                {i.name}
                {i.queryRole ? `（${labelOf(vocabularies, 'queryRoles', i.queryRole)}）` : ''}
              </Tag>
            )),
          },
          { key: 'purpose', label: '用途', span: 2, children: g.purpose },
          { key: 'scope', label: '使用范围', span: 2, children: g.scopeOfUse },
          { key: 'request', label: '共享申请', span: 2, children: <Link to={links.sharingRequest(g.requestId)}>查看申请</Link> },
          ...(g.revokedAt
            ? [
                {
                  key: 'revoked',
                  label: '撤销',
                  span: 2,
                  children: `于 ${formatTime(g.revokedAt)} 撤销：${g.revokeReason ?? ''}`,
                },
              ]
            : []),
        ]}
      />
      <div style={{ marginBottom: 24 }}>
        <TermsCard grantId={g.id} sensitiveItems={sensitiveGranted} canSet={isProducer && active} />
      </div>
      {!active && isConsumer ? <Typography.Paragraph type="warning">授权当前不在有效状态，不能获取数据。</Typography.Paragraph> : null}
      {tabs.length > 0 ? <Tabs items={tabs} /> : null}
    </Page>
  );
}

export default function GrantPage() {
  return (
    <>
      <GrantPageBody />
    </>
  );
}
