import { useMemo, useState } from 'react';
import { Alert, Button, Checkbox, Flex, Select, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { formatDate, formatWanYuan } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { StatusTag } from '../../components/StatusTag';
import { EmptyText } from './contrast';
import './projects.css';
import { CreateProjectButton } from './CreateProjectButton';
import { loadAllProjects } from './loadProjects';
import { PROJECT_STAGES, STAGE_LABELS, STAGE_ORDER, type Project, type ProjectStage } from './projectTerms';

type Flag = 'registrationOverdue' | 'paymentWithheld' | 'acceptanceOverdue';

const FLAGS: Array<{ key: Flag; label: string }> = [
  { key: 'acceptanceOverdue', label: '验收逾期' },
  { key: 'registrationOverdue', label: '成果登记逾期' },
  { key: 'paymentWithheld', label: '暂缓支付验收款' },
];

/** 项目管理: the projects the caller may see, by stage with counts, and those needing attention. */
export default function ProjectsPage() {
  const { hasRole } = useSession();
  const bureau = hasRole('bureau');
  const loaded = useLoad(loadAllProjects, []);
  const [stage, setStage] = useState<ProjectStage | 'all'>('all');
  const [flags, setFlags] = useState<Flag[]>([]);
  const [department, setDepartment] = useState<string>();
  const all = useMemo(() => loaded.data?.items ?? [], [loaded.data]);

  const departments = useMemo(() => {
    const names = new Map<string, string>();
    for (const p of all) names.set(p.ownerDepartmentId, p.ownerDepartmentName);
    return [...names].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
  }, [all]);
  const inDepartment = useMemo(() => all.filter((p) => !department || p.ownerDepartmentId === department), [all, department]);
  const flagged = useMemo(() => inDepartment.filter((p) => flags.every((f) => p[f])), [inDepartment, flags]);
  const shownProjects = useMemo(() => flagged.filter((p) => stage === 'all' || p.stage === stage), [flagged, stage]);
  const count = (s: ProjectStage | 'all') => flagged.filter((p) => s === 'all' || p.stage === s).length;
  const flagCount = (f: Flag) => inDepartment.filter((p) => p[f]).length;

  const columns: ColumnsType<Project> = [
    { title: '项目编码', dataIndex: 'code', width: 150 },
    { title: '项目名称', dataIndex: 'name', render: (name: string, p) => <Link to={links.project(p.id)}>{name}</Link> },
    ...(bureau ? [{ title: '建设单位', dataIndex: 'ownerDepartmentName' }] : []),
    {
      title: '批复金额',
      dataIndex: 'approvedBudgetYuan',
      align: 'right',
      render: (yuan: number) => formatWanYuan(yuan / 10000),
    },
    {
      title: '阶段',
      dataIndex: 'stage',
      render: (s: ProjectStage) => <StatusTag status={s} vocabulary={PROJECT_STAGES} />,
    },
    {
      title: '验收期限',
      key: 'acceptanceDue',
      render: (_: unknown, p) =>
        p.acceptanceDelay ? `${formatDate(p.acceptanceDelay.newDate)}（已报延期）` : formatDate(p.acceptanceDueDate),
    },
    {
      title: '成果登记',
      key: 'registration',
      render: (_: unknown, p) =>
        p.registrationReceived
          ? '已接收'
          : p.registrationFiled
            ? '已填报，待接收'
            : p.stage === 'accepted'
              ? `待填报（期限 ${formatDate(p.registrationDueDate)}）`
              : '—',
    },
    {
      title: '提示',
      key: 'flags',
      render: (_: unknown, p) => (
        <Flex gap={4} wrap>
          {p.acceptanceOverdue ? <StatusTag tone="red">验收逾期</StatusTag> : null}
          {p.registrationOverdue ? <StatusTag tone="red">登记逾期</StatusTag> : null}
          {p.paymentWithheld ? <StatusTag tone="orange">暂缓支付</StatusTag> : null}
        </Flex>
      ),
    },
  ];

  return (
    <Page title="项目管理" extra={hasRole('producer', 'bureau') ? <CreateProjectButton onCreated={loaded.reload} /> : null}>
      <div className="projects-area">
        <ErrorAlert error={loaded.error} />
        {loaded.data?.truncated ? (
          <Alert type="warning" showIcon title="项目较多，仅统计前 2000 个。" style={{ marginBottom: 12 }} />
        ) : null}
        <Typography.Paragraph type="secondary">
          {bureau ? '全市信息化项目，按阶段统计。' : '本部门的信息化项目。'}
          项目须完成资源编目和平台接入并经大数据管理局核验后，方可竣工验收；验收后 15 个工作日内填报成果登记表，未填报的暂缓支付验收款。
        </Typography.Paragraph>
        <Flex gap={16} wrap align="center" className="no-print" style={{ marginBottom: 8 }}>
          {bureau ? (
            <Select
              aria-label="建设单位"
              placeholder="全部建设单位"
              allowClear
              style={{ width: 240 }}
              options={departments}
              value={department}
              onChange={setDepartment}
            />
          ) : null}
          <Checkbox.Group
            aria-label="需要关注"
            value={flags}
            onChange={(v) => setFlags(v as Flag[])}
            options={FLAGS.map((f) => ({ value: f.key, label: `${f.label}（${flagCount(f.key)}）` }))}
          />
        </Flex>
        <Tabs
          activeKey={stage}
          onChange={(k) => setStage(k as ProjectStage | 'all')}
          items={[
            { key: 'all', label: `全部（${count('all')}）` },
            ...STAGE_ORDER.map((s) => ({ key: s, label: `${STAGE_LABELS[s]}（${count(s)}）` })),
          ]}
        />
        <Table<Project>
          rowKey="id"
          loading={loaded.loading}
          columns={columns}
          dataSource={shownProjects}
          pagination={{ pageSize: 20, hideOnSinglePage: true, showTotal: (total) => `共 ${total} 个项目` }}
          locale={{ emptyText: <EmptyText>{'没有符合条件的项目'}</EmptyText> }}
        />
        {loaded.data ? (
          <Button className="no-print" onClick={loaded.reload}>
            刷新
          </Button>
        ) : null}
      </div>
    </Page>
  );
}
