import { Table, Tag } from 'antd';
import type { components } from '@contract';
import { formatTime } from '../../format';
import { fieldName, versionAction } from './entryLabels';

type Version = components['schemas']['ResourceVersion'];

/** 历史版本: who published, changed or withdrew the entry, when, what and why (newest first). */
export function VersionsTable({ versions, loading }: { versions: Version[]; loading: boolean }) {
  return (
    <Table<Version>
      rowKey="version"
      size="small"
      loading={loading}
      dataSource={versions}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      locale={{ emptyText: '尚未发布，暂无历史版本' }}
      columns={[
        { title: '版本', key: 'version', width: 80, render: (_, v) => `第 ${v.version} 版` },
        { title: '操作', key: 'action', width: 80, render: (_, v) => <Tag>{versionAction(v.action)}</Tag> },
        {
          title: '变更内容',
          key: 'changedFields',
          render: (_, v) =>
            v.action === 'published' && v.version === 1
              ? '首次发布'
              : v.changedFields.length > 0
                ? v.changedFields.map(fieldName).join('、')
                : '—',
        },
        { title: '原因', key: 'reason', width: 220, render: (_, v) => v.reason || '—' },
        { title: '操作人', dataIndex: 'createdByName', width: 120 },
        { title: '时间', key: 'createdAt', width: 180, render: (_, v) => formatTime(v.createdAt) },
      ]}
    />
  );
}
