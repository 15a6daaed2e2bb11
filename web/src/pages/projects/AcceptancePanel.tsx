import { useState } from 'react';
import { Alert, Flex, Space, Typography } from 'antd';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { useSession } from '../../session/session';
import { ActionButton } from './ActionButton';
import { acceptanceConditions } from './acceptanceConditions';
import type { Onboarding, Project } from './projectTerms';

function ProblemList({ items, label }: { items: string[]; label: string }) {
  return (
    <ul className="field-errors" aria-label={label}>
      {items.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

/**
 * 验收: the conditions of final acceptance as they stand now, every unmet one listed before anyone
 * decides; the bureau's decisions (preliminary acceptance passed or failed, final acceptance,
 * failed acceptance with findings); a refusal by the gate shown with each unmet item it named.
 */
export function AcceptancePanel({
  project,
  onboarding,
  onDone,
}: {
  project: Project;
  onboarding: Onboarding | undefined;
  onDone: () => void;
}) {
  const { hasRole } = useSession();
  const bureau = hasRole('bureau');
  const [refusal, setRefusal] = useState<ApiProblem>();
  const path = { params: { path: { projectId: project.id } } };
  const conditions = onboarding ? acceptanceConditions(project, onboarding) : [];
  const finalStage = project.stage === 'trial_run';

  function done() {
    setRefusal(undefined);
    onDone();
  }
  function showRefusal(e: unknown): boolean {
    if (e instanceof ApiProblem && e.code === 'acceptance_refused') {
      setRefusal(e);
      onDone();
      return true;
    }
    return false;
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {project.stage === 'accepted' ? (
        <Alert type="success" showIcon title="项目已通过竣工验收" />
      ) : finalStage ? (
        onboarding ? (
          conditions.length === 0 ? (
            <Alert type="success" showIcon title="竣工验收条件均已满足" description="平台接入已核验且仍然有效，试运行期限符合规定。" />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={`竣工验收条件有 ${conditions.length} 项未满足`}
              description={<ProblemList items={conditions} label="竣工验收未满足的条件" />}
            />
          )
        ) : null
      ) : (
        <Typography.Paragraph>
          {project.stage === 'completed'
            ? '项目已完工，待大数据管理局组织初验。'
            : '项目进入试运行后，大数据管理局按平台接入核验情况和试运行期限作出竣工验收决定。'}
        </Typography.Paragraph>
      )}
      {refusal ? (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={refusal.message}
          description={<ProblemList items={(refusal.problem.errors ?? []).map((e) => e.message)} label="平台拒绝竣工验收的原因" />}
        />
      ) : null}
      {bureau ? (
        <Flex gap={8} wrap className="no-print">
          {project.stage === 'completed' ? (
            <>
              <ActionButton
                primary
                label="初验通过"
                title="记录初验通过？"
                description="初验通过后，项目单位可开始试运行。"
                okText="初验通过"
                success="已记录初验通过"
                run={() => must(api.POST('/api/v1/projects/{projectId}/preliminary-acceptance', path))}
                onDone={done}
              />
              <ActionButton
                danger
                label="初验未通过"
                title="记录初验未通过"
                description="项目转入整改，整改后由项目单位重新申请验收。"
                fields={[{ name: 'findings', label: '验收意见' }]}
                okText="记录未通过"
                success="已记录初验未通过"
                run={(v) => must(api.POST('/api/v1/projects/{projectId}/acceptance-failure', { ...path, body: { findings: v.findings } }))}
                onDone={done}
              />
            </>
          ) : null}
          {finalStage ? (
            <>
              <ActionButton
                primary
                label="竣工验收通过"
                title="作出竣工验收通过决定？"
                description={
                  conditions.length > 0
                    ? `按当前数据，尚有 ${conditions.length} 项条件未满足，平台将不予验收并逐项说明。`
                    : '验收通过后，项目单位须在 15 个工作日内填报成果登记表，未填报前暂缓支付验收款。'
                }
                okText="验收通过"
                success="项目已通过竣工验收"
                run={() => must(api.POST('/api/v1/projects/{projectId}/acceptance', path))}
                onDone={done}
                renderError={showRefusal}
              />
              <ActionButton
                danger
                label="竣工验收未通过"
                title="记录竣工验收未通过"
                description="项目转入整改，整改后由项目单位重新申请验收。"
                fields={[{ name: 'findings', label: '验收意见' }]}
                okText="记录未通过"
                success="已记录竣工验收未通过"
                run={(v) => must(api.POST('/api/v1/projects/{projectId}/acceptance-failure', { ...path, body: { findings: v.findings } }))}
                onDone={done}
              />
            </>
          ) : null}
        </Flex>
      ) : project.stage !== 'accepted' ? (
        <Typography.Paragraph type="secondary">初验和竣工验收由大数据管理局作出决定。</Typography.Paragraph>
      ) : null}
    </Space>
  );
}
