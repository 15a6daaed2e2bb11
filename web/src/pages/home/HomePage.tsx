import { Empty, List, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { formatDate, formatTime } from '../../format';
import { pageOfObject } from '../../links';

/** 我的待办: what waits for me, overdue first, then by due date (the service's order). */
export default function HomePage() {
  const todos = useLoad(() => must(api.GET('/api/v1/me/todos')), []);
  return (
    <Page title="我的待办">
      <ErrorAlert error={todos.error} />
      <List
        loading={todos.loading}
        bordered
        locale={{ emptyText: <Empty description="暂无待办事项" /> }}
        dataSource={todos.data?.items ?? []}
        renderItem={(todo) => (
          <List.Item
            extra={
              todo.dueDate ? (
                <Tag color={todo.overdue ? 'red' : 'blue'}>
                  {todo.overdue ? '已逾期 · ' : '期限 '}
                  {formatDate(todo.dueDate)}
                </Tag>
              ) : null
            }
          >
            <List.Item.Meta
              title={<Link to={pageOfObject(todo.objectType, todo.objectId, todo.kind)}>{todo.title}</Link>}
              description={todo.departmentName}
            />
          </List.Item>
        )}
      />
      {todos.data ? (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {todos.data.truncated ? '待办较多，仅列出期限最近的 200 项。' : null}统计时间：{formatTime(todos.data.generatedAt)}
        </Typography.Paragraph>
      ) : null}
    </Page>
  );
}
