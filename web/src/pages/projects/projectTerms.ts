// The projects area's words: the Chinese labels of the codes the vocabularies do not carry
// (project stages, history actions, connection modes, attachment kinds), and the lifecycle as steps.
import type { components } from '@contract';
import type { StatusVocabulary } from '../../components/StatusTag';

export type Project = components['schemas']['Project'];
export type ProjectStage = components['schemas']['ProjectStage'];
export type Onboarding = components['schemas']['Onboarding'];
export type ChecklistItem = components['schemas']['ChecklistItem'];
export type Registration = components['schemas']['Registration'];
export type Attachment = components['schemas']['Attachment'];
export type Connection = components['schemas']['Connection'];
export type ConnectionMode = components['schemas']['ConnectionMode'];
export type HistoryEntry = components['schemas']['ProjectHistory']['items'][number];

/** ProjectStage's x-enum-descriptions in openapi.yaml. */
export const STAGE_LABELS: Record<ProjectStage, string> = {
  approved: '已立项',
  under_construction: '建设中',
  completed: '已完工',
  preliminary_accepted: '已初验',
  trial_run: '试运行',
  accepted: '已竣工验收',
  rectification: '整改中',
};

export const STAGE_ORDER: ProjectStage[] = [
  'approved',
  'under_construction',
  'completed',
  'preliminary_accepted',
  'trial_run',
  'accepted',
  'rectification',
];

/** A project's stage as a status tag shows it. */
export const PROJECT_STAGES: StatusVocabulary<ProjectStage> = {
  labels: STAGE_LABELS,
  tones: {
    approved: 'grey',
    under_construction: 'blue',
    completed: 'cyan',
    preliminary_accepted: 'blue',
    trial_run: 'purple',
    accepted: 'green',
    rectification: 'orange',
  },
};

/** The history's actions (src/domain/project-lifecycle.ts and the delay steps). */
export const ACTION_LABELS: Record<string, string> = {
  start_construction: '开工建设',
  complete: '报告建设完成',
  pass_preliminary: '初验通过',
  start_trial_run: '开始试运行',
  accept: '竣工验收通过',
  fail_acceptance: '验收未通过',
  resume: '整改后重新申请验收',
  report_acceptance_delay: '报告验收延期',
  refuse_acceptance_delay: '驳回验收延期',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? '项目变更';
}

/** ConnectionMode's x-enum-descriptions in openapi.yaml. */
export const CONNECTION_MODE_LABELS: Record<ConnectionMode, string> = {
  certificate: '电子证照/可信文件',
  query_api: '信息查询接口',
  verification_api: '信息核验接口',
  batch_exchange: '数据批量交换',
  other: '其他（前置机等）',
  video_centre: '视频监控联网',
};

/** The project's acceptance materials (docs/attachments.md). */
export const PROJECT_ATTACHMENT_KINDS: Array<{ value: string; label: string }> = [
  { value: 'design', label: '详细设计方案' },
  { value: 'contract', label: '合同' },
  { value: 'work_report', label: '项目工作报告' },
  { value: 'technical_report', label: '项目技术报告' },
  { value: 'sharing_report', label: '项目数据汇聚共享情况报告' },
  { value: 'supervision_report', label: '项目监理情况报告' },
  { value: 'test_report', label: '项目系统测试情况报告' },
  { value: 'security_assessment', label: '安全保密测评、等级保护测评或商用密码应用安全性评估报告' },
  { value: 'user_report', label: '用户使用情况报告' },
  { value: 'other', label: '其他验收材料' },
];

/** The registration's project materials (附件1 项目材料). */
export const REGISTRATION_ATTACHMENT_KINDS: Array<{ value: string; label: string }> = [
  { value: 'outcomes', label: '项目成果' },
  { value: 'acceptance_materials', label: '项目验收材料' },
  { value: 'sharing_request_forms', label: '数据共享应用（需求）表' },
  { value: 'scope_and_desensitization', label: '成果应用范围及脱敏脱密规则说明' },
];

/** The lifecycle as the Steps show it: approval to final acceptance. */
export const LIFECYCLE_STEPS: Array<{ stage: ProjectStage; title: string; at: (p: Project) => string | null }> = [
  { stage: 'approved', title: '立项', at: () => null },
  { stage: 'under_construction', title: '建设', at: (p) => p.constructionStartedAt },
  { stage: 'completed', title: '建设完成', at: (p) => p.completedAt },
  { stage: 'preliminary_accepted', title: '初验', at: (p) => p.preliminaryAcceptedAt },
  { stage: 'trial_run', title: '试运行', at: (p) => p.trialStartedAt },
  { stage: 'accepted', title: '竣工验收', at: (p) => p.acceptedAt },
];

/** Where the project stands on the Steps: the index of its stage (rectification: the acceptance that failed). */
export function currentStep(project: Project): number {
  if (project.stage === 'rectification') return project.rectificationOf === 'final' ? 5 : 3;
  return LIFECYCLE_STEPS.findIndex((s) => s.stage === project.stage);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
