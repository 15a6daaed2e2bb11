import { useMemo } from 'react';
import { Alert, Button, Card, Col, Empty, List, Row, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { formatDate, formatTime } from '../../format';
import { links } from '../../links';
import { exchangeOption, requestsOption, sharingOption, stagesOption, topEntriesOption } from './boardCharts';
import { emptyText } from './Accessible';
import { EChart } from './EChart';

function percent(share: number | null): string {
  return share === null ? '—' : `${(share * 100).toFixed(1)}%`;
}

/** 数据看板: the city's figures of cataloguing, sharing, projects and real exchange, per department (bureau and auditors). */
export default function BoardPage() {
  const board = useLoad(() => must(api.GET('/api/v1/board')), []);
  const vocabularies = useVocabularies();
  const b = board.data;
  const options = useMemo(
    () =>
      b
        ? {
            sharing: sharingOption(b),
            requests: requestsOption(b),
            stages: stagesOption(b),
            exchange: exchangeOption(b),
            top: topEntriesOption(b),
          }
        : null,
    [b],
  );
  return (
    <>
      <Page title="数据看板" extra={<Button onClick={board.reload}>刷新</Button>}>
        <ErrorAlert error={board.error} />
        {board.loading && !b ? <Card loading /> : null}
        {b && options ? (
          <>
            {b.calendarWarnings.map((w) => (
              <Alert
                key={w.code + w.year}
                type="warning"
                showIcon
                role="alert"
                style={{ marginBottom: 12 }}
                title={w.message}
                action={
                  <Link to={links.adminCalendar()} className="no-print">
                    录入节假日安排
                  </Link>
                }
              />
            ))}
            <Row gutter={[12, 12]}>
              {[
                { title: '已登记目录', value: b.city.entriesRegistered },
                { title: '已发布目录', value: b.city.entriesPublished },
                { title: '共享比例', value: percent(b.city.sharedShare) },
                { title: '待答复申请', value: b.city.requestsPending },
                { title: '逾期未答复', value: b.city.requestsOverdue, bad: b.city.requestsOverdue > 0 },
                { title: '今年接口调用', value: b.city.exchangeCalls },
                { title: '今年交换数据行', value: b.city.exchangeRows },
                { title: '验收受阻项目', value: b.city.projectsBlocked, bad: b.city.projectsBlocked > 0 },
                { title: '逾期未登记项目', value: b.city.registrationsOverdue, bad: b.city.registrationsOverdue > 0 },
                { title: '逾期未交付', value: b.city.deliveriesOverdue, bad: b.city.deliveriesOverdue > 0 },
              ].map((s) => (
                <Col key={s.title} xs={12} md={8} xl={4}>
                  <Card size="small">
                    <Statistic title={s.title} value={s.value} styles={{ content: s.bad ? { color: '#b42318' } : undefined }} />
                  </Card>
                </Col>
              ))}
            </Row>
            <Row gutter={[12, 12]} style={{ marginTop: 12 }}>
              <Col xs={24} xl={14}>
                <Card size="small" title="各部门目录发布与共享比例">
                  <EChart option={options.sharing} label="各部门已登记、已发布目录数和共享比例的柱状图" />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title="共享申请答复情况（待答复）">
                  <EChart option={options.requests} label="各部门期限内待答复与逾期未答复的共享申请数" />
                </Card>
              </Col>
              <Col xs={24} xl={14}>
                <Card size="small" title="今年实际交换（按提供部门）">
                  <EChart option={options.exchange} label="各部门目录今年被调用的次数和被使用的目录数" height={360} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card size="small" title="项目阶段分布">
                  {Object.values(b.city.projectsByStage).some((n) => n > 0) ? (
                    <EChart option={options.stages} label="全市信息化项目按阶段的分布饼图" height={360} />
                  ) : (
                    <Empty description="暂无项目" />
                  )}
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title="今年使用最多的目录">
                  {b.sharingByEntry.length > 0 ? (
                    <>
                      <EChart
                        option={options.top}
                        label="今年调用次数最多的目录"
                        height={Math.max(200, b.sharingByEntry.length * 26 + 40)}
                      />
                      <Table
                        rowKey="resourceId"
                        size="small"
                        pagination={false}
                        dataSource={b.sharingByEntry}
                        columns={[
                          {
                            title: '目录',
                            dataIndex: 'resourceName',
                            render: (name: string, r) => <Link to={links.entry(r.resourceId)}>{name}</Link>,
                          },
                          { title: '提供部门', dataIndex: 'departmentName' },
                          { title: '调用次数', dataIndex: 'calls' },
                          { title: '数据行数', dataIndex: 'rows' },
                          { title: '使用部门数', dataIndex: 'consumers' },
                        ]}
                      />
                    </>
                  ) : (
                    <Empty description="今年还没有通过平台交换的数据" />
                  )}
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title="试运行中验收受阻的项目">
                  <List
                    dataSource={b.blockedProjects}
                    locale={{ emptyText: <Empty description="没有受阻的项目" /> }}
                    renderItem={(p) => (
                      <List.Item>
                        <List.Item.Meta
                          title={<Link to={links.project(p.projectId)}>{p.projectName}</Link>}
                          description={
                            <>
                              {p.departmentName}
                              <ul style={{ margin: '4px 0 0', paddingLeft: 20 }}>
                                {p.reasons.map((r, i) => (
                                  <li key={i}>{r}</li>
                                ))}
                              </ul>
                            </>
                          }
                        />
                      </List.Item>
                    )}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={12}>
                <Card size="small" title="逾期未登记的项目">
                  <Table
                    rowKey="projectId"
                    size="small"
                    pagination={false}
                    dataSource={b.overdueRegistrations}
                    locale={{ emptyText: emptyText('没有逾期未登记的项目') }}
                    columns={[
                      {
                        title: '项目',
                        dataIndex: 'projectName',
                        render: (name: string, p) => <Link to={links.project(p.projectId)}>{name}</Link>,
                      },
                      { title: '部门', dataIndex: 'departmentName' },
                      { title: '登记期限', dataIndex: 'dueDate', render: (d: string) => formatDate(d) },
                    ]}
                  />
                </Card>
                <Card size="small" title="超出更新周期未交付的数据" style={{ marginTop: 12 }}>
                  <Table
                    rowKey="resourceId"
                    size="small"
                    pagination={false}
                    dataSource={b.overdueDeliveries}
                    locale={{ emptyText: emptyText('没有逾期未交付的数据') }}
                    columns={[
                      {
                        title: '目录',
                        dataIndex: 'resourceName',
                        render: (name: string, r) => <Link to={links.entry(r.resourceId)}>{name}</Link>,
                      },
                      { title: '提供部门', dataIndex: 'departmentName' },
                      {
                        title: '更新周期',
                        dataIndex: 'updateCycle',
                        render: (c: string | null) => labelOf(vocabularies, 'updateCycles', c),
                      },
                      { title: '最近交付', dataIndex: 'lastDeliveredAt', render: (at: string) => formatTime(at) },
                      { title: '应交付于', dataIndex: 'dueBy', render: (at: string) => formatTime(at) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              统计时间：{formatTime(b.generatedAt)}（交换数据按北京时间自然年统计）
            </Typography.Paragraph>
          </>
        ) : null}
      </Page>
    </>
  );
}
