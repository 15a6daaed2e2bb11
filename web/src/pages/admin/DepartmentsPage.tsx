import { useState } from 'react';
import { Button, Space, Table } from 'antd';
import { StatusTag } from '../../components/StatusTag';
import { emptyText } from './Accessible';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate } from '../../format';
import { useAllDepartments, type Department } from './departments';
import { DepartmentFormModal } from './DepartmentFormModal';
import { WebhookModal } from './WebhookModal';

/** 部门管理: the departments of the platform, registered and corrected by the bureau. */
export default function DepartmentsPage() {
  const departments = useAllDepartments();
  const vocabularies = useVocabularies();
  const [editing, setEditing] = useState<{ department?: Department } | null>(null);
  const [webhookOf, setWebhookOf] = useState<Department | null>(null);
  return (
    <>
      <Page
        title="部门管理"
        extra={
          <Button type="primary" onClick={() => setEditing({})}>
            登记部门
          </Button>
        }
      >
        <ErrorAlert error={departments.error} />
        <Table<Department>
          rowKey="id"
          loading={departments.loading}
          dataSource={departments.data ?? []}
          locale={{ emptyText: emptyText('暂无部门') }}
          pagination={{ pageSize: 20, showTotal: (total) => `共 ${total} 个部门` }}
          columns={[
            {
              title: '部门名称',
              dataIndex: 'name',
              render: (name: string, d) => (
                <Space>
                  {name}
                  {d.isBureau ? (
                    <StatusTag tone="grey" solid>
                      大数据管理局
                    </StatusTag>
                  ) : null}
                </Space>
              ),
            },
            { title: '统一社会信用代码', dataIndex: 'creditCode' },
            { title: '层级', dataIndex: 'level', render: (level: string) => labelOf(vocabularies, 'departmentLevels', level) },
            { title: '登记日期', dataIndex: 'createdAt', render: (at: string) => formatDate(at) },
            {
              title: '操作',
              key: 'actions',
              className: 'no-print',
              render: (_, d) => (
                <Space>
                  <Button size="small" onClick={() => setEditing({ department: d })} autoInsertSpace={false} aria-label={`编辑 ${d.name}`}>
                    编辑
                  </Button>
                  <Button size="small" onClick={() => setWebhookOf(d)} aria-label={`通知地址 ${d.name}`}>
                    通知地址
                  </Button>
                </Space>
              ),
            },
          ]}
        />
        <DepartmentFormModal
          open={editing !== null}
          department={editing?.department}
          onClose={() => setEditing(null)}
          onSaved={departments.reload}
        />
        {webhookOf ? <WebhookModal department={webhookOf} onClose={() => setWebhookOf(null)} /> : null}
      </Page>
    </>
  );
}
