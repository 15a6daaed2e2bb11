import { useState } from 'react';
import { App, Button, Form, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { StatusTag } from '../../components/StatusTag';
import { emptyText } from './Accessible';
import { CursorPager, useCursorPages } from './CursorPager';
import { departmentName, departmentOptions, useAllDepartments } from './departments';
import { PasswordModal } from './PasswordModal';
import { TokensDrawer } from './TokensDrawer';
import { UserFormModal } from './UserFormModal';
import { updateUser, type User } from './users';

/** 用户管理: who acts for which department with which roles; their passwords and API tokens. */
export default function UsersPage() {
  const { message } = App.useApp();
  const vocabularies = useVocabularies();
  const departments = useAllDepartments();
  const [departmentId, setDepartmentId] = useState<string>();
  const pages = useCursorPages();
  const users = useLoad(
    () => must(api.GET('/api/v1/users', { params: { query: { departmentId, cursor: pages.cursor, limit: 50 } } })),
    [departmentId, pages.cursor],
  );
  const [editing, setEditing] = useState<{ user?: User } | null>(null);
  const [passwordOf, setPasswordOf] = useState<User | null>(null);
  const [tokensOf, setTokensOf] = useState<User | null>(null);
  const [error, setError] = useState<unknown>();

  async function setActive(user: User, active: boolean) {
    setError(undefined);
    try {
      await updateUser(user.id, { active });
      message.success(active ? `已启用用户“${user.name}”` : `已停用用户“${user.name}”，其登录和令牌即刻失效`);
      users.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <>
      <Page
        title="用户管理"
        extra={
          <Button type="primary" onClick={() => setEditing({})}>
            新建用户
          </Button>
        }
      >
        <Form layout="inline" className="no-print" style={{ marginBottom: 16 }}>
          <Form.Item label="部门" htmlFor="users-department">
            <Select
              id="users-department"
              style={{ width: 280 }}
              allowClear
              placeholder="全部部门"
              showSearch={{ optionFilterProp: 'label' }}
              options={departmentOptions(departments.data)}
              value={departmentId}
              onChange={(value: string | undefined) => {
                setDepartmentId(value);
                pages.reset();
              }}
            />
          </Form.Item>
        </Form>
        <ErrorAlert error={error ?? users.error ?? departments.error} />
        <Table<User>
          rowKey="id"
          loading={users.loading}
          dataSource={users.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: emptyText('暂无用户') }}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            {
              title: '登录名',
              dataIndex: 'loginName',
              render: (name: string | null) => name ?? <span title="不能以密码登录">（无）</span>,
            },
            { title: '部门', dataIndex: 'departmentId', render: (id: string) => departmentName(departments.data, id) },
            {
              title: '角色',
              dataIndex: 'roles',
              render: (roles: User['roles']) => (
                <Space size={4} wrap>
                  {roles.map((r) => (
                    <Tag key={r}>{labelOf(vocabularies, 'roles', r)}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: '状态',
              dataIndex: 'active',
              render: (active: boolean) =>
                active ? (
                  <StatusTag tone="green" solid>
                    启用
                  </StatusTag>
                ) : (
                  <StatusTag tone="red" solid>
                    已停用
                  </StatusTag>
                ),
            },
            {
              title: '操作',
              key: 'actions',
              className: 'no-print',
              render: (_, u) => (
                <Space size={4} wrap>
                  <Button size="small" onClick={() => setEditing({ user: u })} autoInsertSpace={false} aria-label={`编辑 ${u.name}`}>
                    编辑
                  </Button>
                  <Button size="small" onClick={() => setPasswordOf(u)} aria-label={`设置密码 ${u.name}`}>
                    设置密码
                  </Button>
                  <Button size="small" onClick={() => setTokensOf(u)} autoInsertSpace={false} aria-label={`令牌 ${u.name}`}>
                    令牌
                  </Button>
                  {u.active ? (
                    <Popconfirm
                      title={`停用用户“${u.name}”？`}
                      description="停用后该用户不能登录，其访问令牌立即失效；可以再启用。"
                      okText="停用"
                      cancelText="取消"
                      onConfirm={() => setActive(u, false)}
                    >
                      <Button size="small" danger autoInsertSpace={false} aria-label={`停用 ${u.name}`}>
                        停用
                      </Button>
                    </Popconfirm>
                  ) : (
                    <Popconfirm title={`启用用户“${u.name}”？`} okText="启用" cancelText="取消" onConfirm={() => setActive(u, true)}>
                      <Button size="small" autoInsertSpace={false} aria-label={`启用 ${u.name}`}>
                        启用
                      </Button>
                    </Popconfirm>
                  )}
                </Space>
              ),
            },
          ]}
        />
        <CursorPager pages={pages} nextCursor={users.data?.nextCursor} loading={users.loading} />
        <UserFormModal
          open={editing !== null}
          user={editing?.user}
          departments={departments.data}
          defaultDepartmentId={departmentId}
          onClose={() => setEditing(null)}
          onSaved={users.reload}
        />
        {passwordOf ? <PasswordModal user={passwordOf} onClose={() => setPasswordOf(null)} /> : null}
        {tokensOf ? <TokensDrawer user={tokensOf} onClose={() => setTokensOf(null)} /> : null}
      </Page>
    </>
  );
}
