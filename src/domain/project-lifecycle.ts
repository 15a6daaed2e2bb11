import { FieldError } from '../errors';
import { shanghaiDate, WorkingDayCalendar } from './working-days';

// A funded IT project's life (docs/domain.md rules 12–13; Sanming art. 17–18; Xiuwu art. 20–21; Wendeng art. 36):
//   approved ─start_construction→ under_construction ─complete→ completed
//   completed ─pass_preliminary (bureau)→ preliminary_accepted ─start_trial_run→ trial_run
//   trial_run ─accept (bureau; the acceptance gate)→ accepted
//   completed | trial_run ─fail_acceptance (bureau, findings)→ rectification ─resume→ completed | trial_run

export type ProjectStage =
  'approved' | 'under_construction' | 'completed' | 'preliminary_accepted' | 'trial_run' | 'accepted' | 'rectification';
export type ProjectAction =
  'start_construction' | 'complete' | 'pass_preliminary' | 'start_trial_run' | 'accept' | 'fail_acceptance' | 'resume';

const transitions: Record<ProjectAction, { from: ProjectStage[]; by: 'owner' | 'bureau' }> = {
  start_construction: { from: ['approved'], by: 'owner' },
  complete: { from: ['under_construction'], by: 'owner' },
  pass_preliminary: { from: ['completed'], by: 'bureau' },
  start_trial_run: { from: ['preliminary_accepted'], by: 'owner' },
  accept: { from: ['trial_run'], by: 'bureau' },
  fail_acceptance: { from: ['completed', 'trial_run'], by: 'bureau' },
  resume: { from: ['rectification'], by: 'owner' },
};

export function actionAllowed(stage: ProjectStage, action: ProjectAction): boolean {
  return transitions[action].from.includes(stage);
}

export function stagesAllowing(action: ProjectAction): ProjectStage[] {
  return [...transitions[action].from];
}

export function actedBy(action: ProjectAction): 'owner' | 'bureau' {
  return transitions[action].by;
}

/** The stage an action leads to; a failed acceptance remembers which acceptance failed. */
export function stageAfter(stage: ProjectStage, action: ProjectAction, rectificationOf: 'preliminary' | 'final' | null): ProjectStage {
  switch (action) {
    case 'start_construction':
      return 'under_construction';
    case 'complete':
      return 'completed';
    case 'pass_preliminary':
      return 'preliminary_accepted';
    case 'start_trial_run':
      return 'trial_run';
    case 'accept':
      return 'accepted';
    case 'fail_acceptance':
      return 'rectification';
    case 'resume':
      return rectificationOf === 'final' ? 'trial_run' : 'completed';
  }
  return stage;
}

/** Calendar months later, clamped to the month's last day (2026-08-31 + 6 months = 2027-02-28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export const MIN_TRIAL_MONTHS = 3;
export const ACCEPTANCE_DUE_MONTHS = 6;

export interface AcceptanceDelay {
  reason: string;
  newDate: string;
}

/** A reported delay excuses lateness until its new date has passed. */
function excused(delay: AcceptanceDelay | null, today: string): boolean {
  return delay !== null && today <= delay.newDate;
}

/**
 * The time rules of final acceptance: no earlier than three months into the trial run (Sanming
 * art. 17); where the city says so, no later than `maxTrialMonths` (Wendeng art. 36: six) unless a
 * delay with a new date was reported.
 */
export function acceptanceTimeProblems(
  trialStartedOn: string,
  today: string,
  maxTrialMonths: number | null,
  delay: AcceptanceDelay | null,
): FieldError[] {
  const problems: FieldError[] = [];
  const earliest = addMonths(trialStartedOn, MIN_TRIAL_MONTHS);
  if (today < earliest) {
    problems.push({
      code: 'trial_run_too_short',
      message: `试运行满3个月后方可竣工验收，最早 ${earliest} (final acceptance no earlier than three months into the trial run)`,
    });
  }
  if (maxTrialMonths !== null) {
    const latest = addMonths(trialStartedOn, maxTrialMonths);
    if (today > latest && !excused(delay, today)) {
      problems.push({
        code: 'trial_run_too_long',
        message: `试运行已超过${maxTrialMonths}个月（期限 ${latest}），须报告延期原因和新的验收日期 (past the latest acceptance date; report a delay)`,
      });
    }
  }
  return problems;
}

/** Acceptance is due within six months of completion (Xiuwu art. 20–21), or the delay is reported with a new date. */
export function acceptanceDue(
  completedOn: string | null,
  accepted: boolean,
  today: string,
  delay: AcceptanceDelay | null,
): { dueDate: string | null; overdue: boolean } {
  if (!completedOn) return { dueDate: null, overdue: false };
  const dueDate = addMonths(completedOn, ACCEPTANCE_DUE_MONTHS);
  return { dueDate, overdue: !accepted && today > dueDate && !excused(delay, today) };
}

/** Achievement registration is due within 15 working days of acceptance (docs/domain.md rule 14; Fuzhou art. 21). */
export const REGISTRATION_WORKING_DAYS = 15;

/** The day the achievement registration is due, counted on the working-day calendar; null before acceptance. */
export function registrationDueDate(acceptedAt: string | null, calendar: WorkingDayCalendar): string | null {
  return acceptedAt ? calendar.addWorkingDays(shanghaiDate(new Date(acceptedAt)), REGISTRATION_WORKING_DAYS) : null;
}
