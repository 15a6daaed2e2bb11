import { Alert, Button, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { App } from 'antd';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime } from '../../format';
import { useSession } from '../../session/session';
import { ChecklistView } from './ChecklistView';
import { ConnectionsPanel } from './ConnectionsPanel';
import type { Onboarding, Project } from './projectTerms';

/**
 * 平台接入: the checklist as the data stands now, every unmet line explained; the bureau's latest
 * verification and whether it still holds; the bureau verifies (refused, with each unmet line,
 * while any fails); the connections declared for what the exchange does not carry.
 */
export function OnboardingPanel({
  project,
  onboarding,
  error,
  loading,
  onChanged,
}: {
  project: Project;
  onboarding: Onboarding | undefined;
  error: unknown;
  loading: boolean;
  onChanged: () => void;
}) {
  const { hasRole } = useSession();
  const { message, modal } = App.useApp();
  const [verifyError, setVerifyError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const unmet = onboarding?.checklist.filter((i) => i.applicable && !i.met) ?? [];

  function verify() {
    modal.confirm({
      title: '核验项目的平台接入？',
      content: '核验将保存清单当前的快照（覆盖项目的每个资源及其提供方式和数据项）；清单有未满足项时平台不予核验。',
      okText: '核验',
      cancelText: '取消',
      onOk: async () => {
        setBusy(true);
        setVerifyError(undefined);
        try {
          await must(
            api.POST('/api/v1/projects/{projectId}/onboarding/verification', {
              params: { path: { projectId: project.id }, header: { 'Idempotency-Key': idempotencyKey() } },
            }),
          );
          message.success('已核验平台接入');
          onChanged();
        } catch (e) {
          setVerifyError(e);
        } finally {
          setBusy(false);
        }
      },
    });
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert error={error} />
      {onboarding ? (
        <>
          {onboarding.ready ? (
            <Alert type="success" showIcon title="平台接入清单各项均已满足" />
          ) : (
            <Alert
              type="warning"
              showIcon
              title={`平台接入清单有 ${unmet.length} 项未满足`}
              description="以下逐项列出缺少的内容；全部满足并经大数据管理局核验后，项目方可竣工验收。"
            />
          )}
          <ChecklistView checklist={onboarding.checklist} />
          <Typography.Title level={3}>大数据管理局核验</Typography.Title>
          {onboarding.verification ? (
            <Descriptions bordered size="small" column={1}>
              <Descriptions.Item label="最近一次核验">
                {formatTime(onboarding.verification.verifiedAt)}，{onboarding.verification.verifiedByName}
              </Descriptions.Item>
              <Descriptions.Item label="核验是否有效">
                {onboarding.verificationCurrent ? '有效' : '已失效：项目数据此后发生变化，须重新核验'}
              </Descriptions.Item>
              {onboarding.staleReasons.length > 0 ? (
                <Descriptions.Item label="失效原因">
                  <ul className="field-errors">
                    {onboarding.staleReasons.map((r, i) => (
                      <li key={i}>{r}</li>
                    ))}
                  </ul>
                </Descriptions.Item>
              ) : null}
            </Descriptions>
          ) : (
            <Typography.Paragraph>尚未核验。</Typography.Paragraph>
          )}
          {hasRole('bureau') && project.stage !== 'accepted' ? (
            <div className="no-print">
              {!onboarding.ready ? (
                <Typography.Paragraph type="secondary">清单尚有未满足项，核验将不予通过，平台会逐项说明原因。</Typography.Paragraph>
              ) : null}
              <Button type="primary" loading={busy} onClick={verify}>
                核验平台接入
              </Button>
            </div>
          ) : null}
          <ErrorAlert error={verifyError} />
        </>
      ) : loading ? (
        <Typography.Paragraph>正在加载平台接入清单…</Typography.Paragraph>
      ) : null}
      <Typography.Title level={3}>接入申报</Typography.Title>
      <ConnectionsPanel project={project} onChanged={onChanged} />
    </Space>
  );
}
