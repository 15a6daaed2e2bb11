import { Alert, Descriptions, Space, Spin, Steps, Tabs, Timeline, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { formatDate, formatTime, formatWanYuan } from '../../format';
import { links } from '../../links';
import { AcceptancePanel } from './AcceptancePanel';
import { AttachmentsPanel } from './AttachmentsPanel';
import { EditProjectButton } from './EditProjectButton';
import { LifecycleActions, useOwnerRights } from './LifecycleActions';
import { OnboardingPanel } from './OnboardingPanel';
import { RegistrationPanel } from './RegistrationPanel';
import { StatusTag } from '../../components/StatusTag';
import './projects.css';
import {
  actionLabel,
  currentStep,
  LIFECYCLE_STEPS,
  PROJECT_ATTACHMENT_KINDS,
  PROJECT_STAGES,
  STAGE_LABELS,
  type HistoryEntry,
  type Project,
} from './projectTerms';

const TABS = ['onboarding', 'acceptance', 'materials', 'registration', 'history'] as const;
type TabKey = (typeof TABS)[number];

function LifecycleSteps({ project }: { project: Project }) {
  const current = currentStep(project);
  return (
    <Steps
      current={current}
      status={project.stage === 'rectification' ? 'error' : project.stage === 'accepted' ? 'finish' : 'process'}
      size="small"
      aria-label="项目生命周期"
      items={LIFECYCLE_STEPS.map((s, i) => {
        const at = s.at(project);
        return {
          title: s.title,
          content: i === current && project.stage === 'rectification' ? '未通过，整改中' : at && i <= current ? formatDate(at) : undefined,
        };
      })}
    />
  );
}

function ProjectFacts({ project }: { project: Project }) {
  return (
    <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
      <Descriptions.Item label="项目编码">{project.code}</Descriptions.Item>
      <Descriptions.Item label="建设单位">{project.ownerDepartmentName}</Descriptions.Item>
      <Descriptions.Item label="批复金额">{formatWanYuan(project.approvedBudgetYuan / 10000)}</Descriptions.Item>
      <Descriptions.Item label="阶段">
        <StatusTag status={project.stage} vocabulary={PROJECT_STAGES} />
      </Descriptions.Item>
      <Descriptions.Item label="建设内容" span={2}>
        {project.content}
      </Descriptions.Item>
      {project.completedAt && !project.acceptedAt ? (
        <Descriptions.Item label="验收期限">
          {formatDate(project.acceptanceDueDate)}
          {project.acceptanceDelay
            ? `（第 ${project.acceptanceDelay.timesReported} 次报告延期至 ${formatDate(project.acceptanceDelay.newDate)}：${project.acceptanceDelay.reason}）`
            : ''}
        </Descriptions.Item>
      ) : null}
      {project.trialStartedAt && !project.acceptedAt ? (
        <Descriptions.Item label="竣工验收时间窗">
          最早 {formatDate(project.earliestFinalAcceptance)}
          {project.latestFinalAcceptance ? `，最晚 ${formatDate(project.latestFinalAcceptance)}` : ''}
        </Descriptions.Item>
      ) : null}
      {project.acceptedAt ? (
        <Descriptions.Item label="成果登记期限">
          {formatDate(project.registrationDueDate)}
          {project.registrationDueDateProvisional ? '（暂定）' : ''}
          {project.registrationReceived ? '，已接收' : project.registrationFiled ? '，已填报' : '，未填报'}
        </Descriptions.Item>
      ) : null}
      <Descriptions.Item label="共享申请声明">{project.noRequestDeclaration ?? '—'}</Descriptions.Item>
    </Descriptions>
  );
}

function Warnings({ project }: { project: Project }) {
  return (
    <>
      {project.acceptanceOverdue ? (
        <Alert type="error" showIcon title="项目验收已逾期" description="完工后 6 个月内未竣工验收，须报告延期原因和新的验收日期。" />
      ) : null}
      {project.registrationOverdue ? <Alert type="error" showIcon title="成果登记表已逾期未填报" /> : null}
      {project.paymentWithheld ? (
        <Alert type="warning" showIcon title="暂缓支付验收款" description="成果登记表填报后方可支付项目验收款。" />
      ) : null}
      {project.stage === 'rectification' ? (
        <Alert
          type="warning"
          showIcon
          title={`${project.rectificationOf === 'final' ? '竣工验收' : '初验'}未通过，整改中`}
          description={`验收意见：${project.rectificationFindings ?? '—'}`}
        />
      ) : null}
    </>
  );
}

function History({ items }: { items: HistoryEntry[] }) {
  if (items.length === 0) return <Typography.Paragraph>暂无记录。</Typography.Paragraph>;
  return (
    <Timeline
      items={items.map((h) => ({
        title: formatTime(h.at),
        content: (
          <>
            <Typography.Text strong>{actionLabel(h.action)}</Typography.Text>（{STAGE_LABELS[h.fromStage]} → {STAGE_LABELS[h.toStage]}），
            {h.actorName}
            {h.note ? <div>{h.note}</div> : null}
          </>
        ),
      }))}
    />
  );
}

/** 项目详情: the lifecycle, amounts, onboarding, acceptance, materials, registration and history of one project. */
export default function ProjectDetailPage() {
  const { projectId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab: TabKey = (TABS as readonly string[]).includes(search.get('tab') ?? '') ? (search.get('tab') as TabKey) : 'onboarding';
  const params = { params: { path: { projectId } } };
  const project = useLoad(() => withEtag(api.GET('/api/v1/projects/{projectId}', params)), [projectId]);
  const onboarding = useLoad(() => must(api.GET('/api/v1/projects/{projectId}/onboarding', params)), [projectId]);
  const history = useLoad(() => must(api.GET('/api/v1/projects/{projectId}/history', params)), [projectId]);
  const p = project.data?.body;
  const { ownerOrBureau } = useOwnerRights(p);

  function reloadAll() {
    project.reload();
    onboarding.reload();
    history.reload();
  }

  if (!p) {
    return (
      <Page title="项目详情">
        {project.loading ? <Spin aria-label="加载中" /> : null}
        <ErrorAlert error={project.error} />
        <Link to={links.projects()}>返回项目列表</Link>
      </Page>
    );
  }

  return (
    <Page
      title={p.name}
      extra={
        <>
          <LifecycleActions project={p} onDone={reloadAll} />
          {ownerOrBureau ? <EditProjectButton project={p} etag={project.data!.etag} onDone={reloadAll} /> : null}
        </>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="projects-area">
        <Link to={links.projects()} className="no-print">
          ← 返回项目列表
        </Link>
        <ErrorAlert error={project.error} />
        <Warnings project={p} />
        <LifecycleSteps project={p} />
        <ProjectFacts project={p} />
        <Tabs
          activeKey={tab}
          onChange={(k) => setSearch({ tab: k }, { replace: true })}
          items={[
            {
              key: 'onboarding',
              label: onboarding.data && !onboarding.data.ready ? '平台接入（未满足）' : '平台接入',
              children: (
                <OnboardingPanel
                  project={p}
                  onboarding={onboarding.data}
                  error={onboarding.error}
                  loading={onboarding.loading}
                  onChanged={() => onboarding.reload()}
                />
              ),
            },
            { key: 'acceptance', label: '验收', children: <AcceptancePanel project={p} onboarding={onboarding.data} onDone={reloadAll} /> },
            {
              key: 'materials',
              label: '验收材料',
              children: (
                <AttachmentsPanel
                  scope="project"
                  objectId={p.id}
                  kinds={PROJECT_ATTACHMENT_KINDS}
                  canAttach={ownerOrBureau && p.stage !== 'accepted'}
                />
              ),
            },
            { key: 'registration', label: '成果登记', children: <RegistrationPanel project={p} onChanged={reloadAll} /> },
            {
              key: 'history',
              label: '项目记录',
              children: (
                <>
                  <ErrorAlert error={history.error} />
                  <History items={history.data?.items ?? []} />
                </>
              ),
            },
          ]}
        />
      </Space>
    </Page>
  );
}
