import { beijingToday, formatDate } from '../../format';
import type { Onboarding, Project } from './projectTerms';

/**
 * What the acceptance gate would find now (the service's ProjectService.acceptanceProblems, read
 * from the project and its onboarding as shown): onboarding verified and still current, each unmet
 * checklist line, and the trial run's time rules. Shown before the bureau decides; the service
 * decides afresh and its refusal is shown as it says it.
 */
export function acceptanceConditions(project: Project, onboarding: Onboarding): string[] {
  const problems: string[] = [];
  if (!onboarding.verification) problems.push('平台接入尚未经大数据管理局核验');
  else if (!onboarding.verificationCurrent) problems.push('平台接入核验已失效：项目数据此后发生变化，须重新核验');
  for (const item of onboarding.checklist.filter((i) => i.applicable && !i.met)) {
    for (const m of item.missing) problems.push(`${item.label}：${m.resourceName ? `${m.resourceName} — ` : ''}${m.message}`);
  }
  if (project.trialStartedAt) {
    const today = beijingToday();
    if (project.earliestFinalAcceptance && today < project.earliestFinalAcceptance)
      problems.push(`试运行满 3 个月后方可竣工验收，最早 ${formatDate(project.earliestFinalAcceptance)}`);
    const latest = project.acceptanceDelay ? null : project.latestFinalAcceptance;
    if (latest && today > latest) problems.push(`试运行已超过期限（${formatDate(latest)}），须报告延期原因和新的验收日期`);
  }
  return problems;
}
