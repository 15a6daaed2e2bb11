import { api, must } from '../../api/client';
import { formatDate } from '../../format';
import { useSession } from '../../session/session';
import { ActionButton } from './ActionButton';
import type { Project } from './projectTerms';

/** Whether the signed-in user takes the project's owner steps: a producer of its department, or the bureau. */
export function useOwnerRights(project: Project | undefined) {
  const { me, hasRole } = useSession();
  const ownDepartment = !!project && !!me && me.department.id === project.ownerDepartmentId;
  const producerOfOwner = ownDepartment && hasRole('producer');
  return { producerOfOwner, ownerOrBureau: producerOfOwner || hasRole('bureau'), bureau: hasRole('bureau') };
}

/**
 * The department's steps (start construction, complete, start the trial run, apply again after
 * rectification, report a delay, declare that no one asked for the data) and the bureau's refusal
 * of a delay, each confirmed first. The acceptance decisions are in AcceptancePanel.
 */
export function LifecycleActions({ project, onDone }: { project: Project; onDone: () => void }) {
  const { producerOfOwner, ownerOrBureau, bureau } = useOwnerRights(project);
  const path = { params: { path: { projectId: project.id } } };
  const stage = project.stage;
  return (
    <>
      {ownerOrBureau && stage === 'approved' ? (
        <ActionButton
          primary
          label="开工建设"
          title="确认项目开工建设？"
          description={`“${project.name}”将进入建设阶段。`}
          okText="确认开工"
          success="已记录开工建设"
          run={() => must(api.POST('/api/v1/projects/{projectId}/start-construction', path))}
          onDone={onDone}
        />
      ) : null}
      {ownerOrBureau && stage === 'under_construction' ? (
        <ActionButton
          primary
          label="报告建设完成"
          title="确认项目已建设完成？"
          description="报告完成后，项目须在 6 个月内完成竣工验收，逾期须报告延期原因和新的验收日期。"
          okText="确认完成"
          success="已报告建设完成"
          run={() => must(api.POST('/api/v1/projects/{projectId}/complete', path))}
          onDone={onDone}
        />
      ) : null}
      {ownerOrBureau && stage === 'preliminary_accepted' ? (
        <ActionButton
          primary
          label="开始试运行"
          title="确认开始试运行？"
          description="试运行满 3 个月后方可申请竣工验收。"
          okText="开始试运行"
          success="已开始试运行"
          run={() => must(api.POST('/api/v1/projects/{projectId}/start-trial-run', path))}
          onDone={onDone}
        />
      ) : null}
      {ownerOrBureau && stage === 'rectification' ? (
        <ActionButton
          primary
          label="整改后重新申请验收"
          title="整改完成，重新申请验收"
          description={`验收意见：${project.rectificationFindings ?? '—'}`}
          fields={[{ name: 'note', label: '整改情况' }]}
          okText="提交申请"
          success="已重新申请验收"
          run={(v) => must(api.POST('/api/v1/projects/{projectId}/resume', { ...path, body: { note: v.note } }))}
          onDone={onDone}
        />
      ) : null}
      {ownerOrBureau && project.completedAt && stage !== 'accepted' ? (
        <ActionButton
          label="报告验收延期"
          title="报告验收延期"
          description="说明不能按期验收的原因，并给出新的验收日期（自今日起 6 个月内）。每次报告都记入项目记录，大数据管理局可以驳回。"
          fields={[
            { name: 'reason', label: '延期原因' },
            { name: 'newDate', label: '新的验收日期', kind: 'date' },
          ]}
          okText="报告延期"
          success="已报告验收延期"
          run={(v) =>
            must(api.POST('/api/v1/projects/{projectId}/acceptance-delay', { ...path, body: { reason: v.reason, newDate: v.newDate } }))
          }
          onDone={onDone}
        />
      ) : null}
      {producerOfOwner && stage !== 'accepted' && !project.noRequestDeclaration ? (
        <ActionButton
          label="声明无共享申请"
          title="声明无部门申请本项目数据"
          description="平台接入清单要求项目资源有共享申请在案；确无部门申请时，由本部门作出声明，声明将列入成果登记表。"
          fields={[{ name: 'statement', label: '声明内容', placeholder: '本项目资源发布至今，未收到其他部门的共享申请' }]}
          okText="提交声明"
          success="已提交声明"
          run={(v) => must(api.POST('/api/v1/projects/{projectId}/sharing-declaration', { ...path, body: { statement: v.statement } }))}
          onDone={onDone}
        />
      ) : null}
      {bureau && project.acceptanceDelay ? (
        <ActionButton
          danger
          label="驳回验收延期"
          title="驳回项目报告的验收延期"
          description={`第 ${project.acceptanceDelay.timesReported} 次延期，新日期 ${formatDate(project.acceptanceDelay.newDate)}：${project.acceptanceDelay.reason}。驳回后项目按原定期限判断是否逾期。`}
          fields={[{ name: 'reason', label: '驳回理由' }]}
          okText="驳回"
          success="已驳回验收延期"
          run={(v) => must(api.POST('/api/v1/projects/{projectId}/acceptance-delay/refusal', { ...path, body: { reason: v.reason } }))}
          onDone={onDone}
        />
      ) : null}
    </>
  );
}
