// An entry read as a whole (for the bureau's review): its metadata, its items with their masking,
// and its provision modes with their details.
import { Descriptions, Table, Tag } from 'antd';
import type { Vocabularies } from '../../components/vocabularies';
import { labelOf } from '../../components/vocabularies';
import { formatTime } from '../../format';
import type { ProvisionMode, Resource } from './entryForm';
import { describeMasking } from './MaskingFields';
import { RESOURCE_STATUSES, StatusTag } from '../../components/StatusTag';

type Item = Resource['items'][number];

function modeDetail(m: ProvisionMode): string {
  const parts: string[] = [];
  if (m.mode === 'certificate') {
    parts.push(`证照名称：${m.certificateName}`);
    if (m.issuingAuthority) parts.push(`发证机关：${m.issuingAuthority}`);
  }
  if (m.mode === 'batch_exchange' && m.fileFormat) parts.push(`文件格式：${m.fileFormat}`);
  if ('description' in m && m.description) parts.push(m.description);
  if ((m.mode === 'query_api' || m.mode === 'verification_api') && m.endpoint) parts.push(`接口地址：${m.endpoint}`);
  if (m.mode === 'verification_api') parts.push(m.perItemResult ? '逐项答复核验结果' : '仅答复是否一致');
  return parts.join('；') || '—';
}

export function ItemsTable({
  items,
  vocabularies,
  highlight,
  compact,
}: {
  items: Item[];
  vocabularies: Vocabularies | undefined;
  highlight?: Set<string>;
  /** Name, type and sensitivity only (for a side-by-side comparison). */
  compact?: boolean;
}) {
  const wide = <T,>(columns: T[]): T[] => (compact ? [] : columns);
  return (
    <Table<Item>
      size="small"
      bordered
      pagination={false}
      rowKey="name"
      dataSource={items}
      locale={{ emptyText: '没有信息项' }}
      columns={[
        { title: '序号', key: 'seq', width: 56, render: (_, __, i) => i + 1 },
        {
          title: '信息项名称',
          dataIndex: 'name',
          render: (name: string) =>
            highlight?.has(name) ? (
              <span className="overlap-item">
                {name} <Tag color="#a8071a">重合</Tag>
              </span>
            ) : (
              name
            ),
        },
        { title: '数据类型', dataIndex: 'dataType', render: (t: string) => labelOf(vocabularies, 'dataTypes', t) },
        ...wide([
          { title: '长度', dataIndex: 'length', render: (n: number | null) => n ?? '—' },
          { title: '说明', dataIndex: 'description', render: (d: string | null) => d ?? '—' },
          { title: '查询角色', dataIndex: 'queryRole', render: (r: string | null) => (r ? labelOf(vocabularies, 'queryRoles', r) : '—') },
        ]),
        {
          title: '敏感 / 脱敏',
          key: 'masking',
          render: (_, item) =>
            item.sensitive
              ? `敏感：${item.desensitizationRule ?? (item.masking ? describeMasking(item.masking) : '未填写脱敏规则')}`
              : '否',
        },
      ]}
    />
  );
}

export function EntryDetails({ entry, vocabularies }: { entry: Resource; vocabularies: Vocabularies | undefined }) {
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="资源名称">{entry.name}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <StatusTag status={entry.status} vocabulary={RESOURCE_STATUSES} />
        </Descriptions.Item>
        <Descriptions.Item label="提供部门">{entry.departmentName}</Descriptions.Item>
        <Descriptions.Item label="资源分类">
          {entry.categoryCode} {entry.categoryPath.join(' / ')}
        </Descriptions.Item>
        <Descriptions.Item label="资源代码">{entry.code ?? '发布时赋予'}</Descriptions.Item>
        <Descriptions.Item label="所属项目">{entry.projectName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="信息资源摘要" span={2}>
          {entry.summary ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="资源格式">
          {labelOf(vocabularies, 'resourceFormats', entry.format)}
          {entry.formatDetail ? `（${entry.formatDetail}）` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="更新周期">{labelOf(vocabularies, 'updateCycles', entry.updateCycle)}</Descriptions.Item>
        <Descriptions.Item label="共享类型">{labelOf(vocabularies, 'sharingTypes', entry.sharingType)}</Descriptions.Item>
        <Descriptions.Item label="开放属性">{labelOf(vocabularies, 'openTypes', entry.openType)}</Descriptions.Item>
        {entry.sharingConditions ? (
          <Descriptions.Item label="共享条件" span={2}>
            {entry.sharingConditions}
          </Descriptions.Item>
        ) : null}
        {entry.sharingBasis ? (
          <Descriptions.Item label="不予共享依据" span={2}>
            {entry.sharingBasis}
          </Descriptions.Item>
        ) : null}
        {entry.openConditions ? (
          <Descriptions.Item label="开放条件" span={2}>
            {entry.openConditions}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label="使用范围" span={2}>
          {entry.scopeOfUse ?? '—'}
        </Descriptions.Item>
        <Descriptions.Item label="数据总量">
          {entry.totalDataVolume.records != null ? `${entry.totalDataVolume.records.toLocaleString('zh-CN')} 条` : '—'}
          {entry.totalDataVolume.bytes != null ? `，${entry.totalDataVolume.bytes.toLocaleString('zh-CN')} 字节` : ''}
        </Descriptions.Item>
        <Descriptions.Item label="关联资源代码">{entry.relatedResourceCodes.join('、') || '—'}</Descriptions.Item>
        <Descriptions.Item label="提供方式" span={2}>
          {entry.provisionModes.length === 0 ? (
            '—'
          ) : (
            <ul className="gap-list">
              {entry.provisionModes.map((m) => (
                <li key={m.mode}>
                  <strong>{labelOf(vocabularies, 'provisionModes', m.mode)}</strong>：{modeDetail(m)}
                </li>
              ))}
            </ul>
          )}
        </Descriptions.Item>
        {entry.video ? (
          <Descriptions.Item label="视频监控" span={2}>
            {entry.video.cameraPoints.length} 个点位；共享范围：{entry.video.sharingScope || '—'}
          </Descriptions.Item>
        ) : null}
        <Descriptions.Item label="提交时间">{formatTime(entry.submittedAt)}</Descriptions.Item>
        <Descriptions.Item label="发布日期">{formatTime(entry.publishedAt)}</Descriptions.Item>
      </Descriptions>
    </>
  );
}
