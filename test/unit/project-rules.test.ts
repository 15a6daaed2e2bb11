import {
  ACCEPTANCE_DUE_MONTHS,
  MIN_TRIAL_MONTHS,
  ProjectAction,
  ProjectStage,
  acceptanceDue,
  acceptanceTimeProblems,
  actedBy,
  actionAllowed,
  addMonths,
  stageAfter,
  stagesAllowing,
} from '../../src/domain/project-lifecycle';
import {
  BATCH_FRESHNESS_DAYS,
  Checklist,
  ChecklistConnection,
  ChecklistEntry,
  ChecklistInput,
  ChecklistItem,
  ChecklistKey,
  deliveryDueBy,
  ObservedExchange,
  onboardingChecklist,
  PROBE_FRESHNESS_DAYS,
  staleReasons,
} from '../../src/domain/onboarding';

// The pure rules behind a funded project's life (docs/domain.md rules 12–13: preliminary acceptance,
// trial run of three to (Wendeng) six months, acceptance within six months of completion) and
// its onboarding readiness (rules 10–11: resources declared, metadata complete, every provision
// mode connected, video connected, sharing forms on file).

// ───────────────────────────── project lifecycle ─────────────────────────────

const stages: ProjectStage[] = [
  'approved',
  'under_construction',
  'completed',
  'preliminary_accepted',
  'trial_run',
  'accepted',
  'rectification',
];
const actions: ProjectAction[] = [
  'start_construction',
  'complete',
  'pass_preliminary',
  'start_trial_run',
  'accept',
  'fail_acceptance',
  'resume',
];

/** The one legal graph, written out independently of the code under test: action → from-stage → next stage. */
const graph: Record<ProjectAction, Partial<Record<ProjectStage, ProjectStage>>> = {
  start_construction: { approved: 'under_construction' },
  complete: { under_construction: 'completed' },
  pass_preliminary: { completed: 'preliminary_accepted' },
  start_trial_run: { preliminary_accepted: 'trial_run' },
  accept: { trial_run: 'accepted' },
  fail_acceptance: { completed: 'rectification', trial_run: 'rectification' },
  resume: { rectification: 'completed' }, // after a failed preliminary; see the resume tests for final
};

const allPairs = stages.flatMap((stage) => actions.map((action) => [stage, action] as const));

describe('project lifecycle: actionAllowed and stageAfter', () => {
  it.each(allPairs.filter(([s, a]) => graph[a][s] !== undefined))('%s ─%s→ allowed', (stage, action) => {
    expect(actionAllowed(stage, action)).toBe(true);
    expect(stageAfter(stage, action, action === 'resume' ? 'preliminary' : null)).toBe(graph[action][stage]);
  });

  it.each(allPairs.filter(([s, a]) => graph[a][s] === undefined))('%s ─%s→ not allowed', (stage, action) => {
    expect(actionAllowed(stage, action)).toBe(false);
  });

  it('covers all 49 stage × action pairs, 8 of them allowed', () => {
    expect(allPairs).toHaveLength(49);
    expect(allPairs.filter(([s, a]) => actionAllowed(s, a))).toHaveLength(8);
  });

  it('accepted is terminal: nothing is allowed from it', () => {
    for (const action of actions) expect(actionAllowed('accepted', action)).toBe(false);
  });

  it.each(actions)('stagesAllowing(%s) lists exactly the stages it may be taken from', (action) => {
    expect([...stagesAllowing(action)].sort()).toEqual(Object.keys(graph[action]).sort());
  });

  it('stagesAllowing returns a copy the caller cannot use to widen the rules', () => {
    const list = stagesAllowing('accept');
    list.push('approved');
    expect(actionAllowed('approved', 'accept')).toBe(false);
    expect(stagesAllowing('accept')).toEqual(['trial_run']);
  });

  it('fail_acceptance is possible from completed (preliminary) and trial_run (final), and only there', () => {
    expect(stages.filter((s) => actionAllowed(s, 'fail_acceptance')).sort()).toEqual(['completed', 'trial_run']);
  });
});

describe('project lifecycle: resume after rectification', () => {
  it('after a failed preliminary acceptance returns to completed', () => {
    expect(stageAfter('rectification', 'resume', 'preliminary')).toBe('completed');
  });

  it('after a failed final acceptance returns to trial_run', () => {
    expect(stageAfter('rectification', 'resume', 'final')).toBe('trial_run');
  });

  it('without a record of which acceptance failed, falls back to completed', () => {
    expect(stageAfter('rectification', 'resume', null)).toBe('completed');
  });

  it('a full round trip: fail the final acceptance, rectify, resume into the trial run, accept', () => {
    let stage: ProjectStage = 'trial_run';
    expect(actionAllowed(stage, 'fail_acceptance')).toBe(true);
    stage = stageAfter(stage, 'fail_acceptance', null);
    expect(stage).toBe('rectification');
    expect(actionAllowed(stage, 'resume')).toBe(true);
    stage = stageAfter(stage, 'resume', 'final');
    expect(stage).toBe('trial_run');
    expect(actionAllowed(stage, 'accept')).toBe(true);
    expect(stageAfter(stage, 'accept', null)).toBe('accepted');
  });

  it('the rectificationOf argument affects only resume', () => {
    for (const action of actions.filter((a) => a !== 'resume')) {
      for (const stage of Object.keys(graph[action]) as ProjectStage[]) {
        expect(stageAfter(stage, action, 'final')).toBe(graph[action][stage]);
        expect(stageAfter(stage, action, 'preliminary')).toBe(graph[action][stage]);
      }
    }
  });
});

describe('project lifecycle: actedBy', () => {
  it.each([
    ['start_construction', 'owner'],
    ['complete', 'owner'],
    ['pass_preliminary', 'bureau'],
    ['start_trial_run', 'owner'],
    ['accept', 'bureau'],
    ['fail_acceptance', 'bureau'],
    ['resume', 'owner'],
  ] as [ProjectAction, 'owner' | 'bureau'][])('%s is taken by the %s', (action, by) => {
    expect(actedBy(action)).toBe(by);
  });

  it('every acceptance decision (pass, accept, fail) is the bureau’s', () => {
    expect(actions.filter((a) => actedBy(a) === 'bureau').sort()).toEqual(['accept', 'fail_acceptance', 'pass_preliminary']);
  });
});

describe('addMonths', () => {
  it.each([
    ['2026-03-02', 3, '2026-06-02'],
    ['2026-03-02', 6, '2026-09-02'],
    ['2026-01-15', 1, '2026-02-15'],
    // month-end clamping
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-11-30', 3, '2028-02-29'], // leap year
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-05-31', 1, '2026-06-30'],
    // year rollover
    ['2026-11-15', 2, '2027-01-15'],
    ['2026-12-01', 1, '2027-01-01'],
    ['2026-10-31', 3, '2027-01-31'],
    ['2026-06-10', 12, '2027-06-10'],
    ['2026-06-10', 30, '2028-12-10'],
    ['2024-02-29', 12, '2025-02-28'],
    // zero months
    ['2026-03-02', 0, '2026-03-02'],
    ['2026-01-31', 0, '2026-01-31'],
    ['2028-02-29', 0, '2028-02-29'],
  ])('%s + %i months = %s', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('always returns a zero-padded YYYY-MM-DD', () => {
    expect(addMonths('2026-01-05', 2)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(addMonths('2026-01-05', 2)).toBe('2026-03-05');
  });

  it('clamping does not carry over: 31 Aug + 6 then + 6 ≠ 31 Aug + 12', () => {
    expect(addMonths(addMonths('2026-08-31', 6), 6)).toBe('2027-08-28');
    expect(addMonths('2026-08-31', 12)).toBe('2027-08-31');
  });
});

describe('acceptanceTimeProblems (rule 12)', () => {
  const trialStart = '2026-03-02';

  it('uses a three-month minimum trial run', () => {
    expect(MIN_TRIAL_MONTHS).toBe(3);
  });

  it('refuses final acceptance the day before three months have passed, naming the earliest date', () => {
    const problems = acceptanceTimeProblems(trialStart, '2026-06-01', null, null);
    expect(problems).toHaveLength(1);
    expect(problems[0].code).toBe('trial_run_too_short');
    expect(problems[0].message).toContain('2026-06-02');
  });

  it('refuses on the trial start day itself', () => {
    expect(acceptanceTimeProblems(trialStart, trialStart, null, null).map((p) => p.code)).toEqual(['trial_run_too_short']);
  });

  it('allows final acceptance on the day three months are up', () => {
    expect(acceptanceTimeProblems(trialStart, '2026-06-02', null, null)).toEqual([]);
  });

  it('a delay does not excuse acceptance that is too early', () => {
    const problems = acceptanceTimeProblems(trialStart, '2026-06-01', 6, { reason: 'x', newDate: '2026-12-31' });
    expect(problems.map((p) => p.code)).toEqual(['trial_run_too_short']);
  });

  describe('with a six-month maximum (Wendeng art. 36)', () => {
    it('allows acceptance on the last day, six months in', () => {
      expect(acceptanceTimeProblems(trialStart, '2026-09-02', 6, null)).toEqual([]);
    });

    it('refuses acceptance the day after, asking for a delay report', () => {
      const problems = acceptanceTimeProblems(trialStart, '2026-09-03', 6, null);
      expect(problems).toHaveLength(1);
      expect(problems[0].code).toBe('trial_run_too_long');
      expect(problems[0].message).toContain('2026-09-02');
    });

    it('allows late acceptance again while a reported delay’s new date has not passed', () => {
      const delay = { reason: '数据接口联调延误', newDate: '2026-10-15' };
      expect(acceptanceTimeProblems(trialStart, '2026-09-03', 6, delay)).toEqual([]);
      expect(acceptanceTimeProblems(trialStart, '2026-10-01', 6, delay)).toEqual([]);
      expect(acceptanceTimeProblems(trialStart, '2026-10-15', 6, delay)).toEqual([]); // newDate == today
    });

    it('refuses once the delay’s new date has passed', () => {
      const delay = { reason: '数据接口联调延误', newDate: '2026-10-15' };
      expect(acceptanceTimeProblems(trialStart, '2026-10-16', 6, delay).map((p) => p.code)).toEqual(['trial_run_too_long']);
    });

    it('a delay whose new date was already past when reported does not excuse', () => {
      const delay = { reason: 'late', newDate: '2026-09-01' };
      expect(acceptanceTimeProblems(trialStart, '2026-09-03', 6, delay).map((p) => p.code)).toEqual(['trial_run_too_long']);
    });

    it('clamps the latest date at month end (trial from 31 Aug → latest 28 Feb)', () => {
      expect(acceptanceTimeProblems('2026-08-31', '2027-02-28', 6, null)).toEqual([]);
      expect(acceptanceTimeProblems('2026-08-31', '2027-03-01', 6, null).map((p) => p.code)).toEqual(['trial_run_too_long']);
    });
  });

  it('with maxTrialMonths null, never refuses for lateness', () => {
    expect(acceptanceTimeProblems(trialStart, '2026-09-03', null, null)).toEqual([]);
    expect(acceptanceTimeProblems(trialStart, '2030-01-01', null, null)).toEqual([]);
    expect(acceptanceTimeProblems(trialStart, '2030-01-01', null, { reason: 'x', newDate: '2027-01-01' })).toEqual([]);
  });
});

describe('acceptanceDue (rule 13)', () => {
  const completed = '2026-03-02';

  it('uses six months', () => {
    expect(ACCEPTANCE_DUE_MONTHS).toBe(6);
  });

  it('is due six months after completion', () => {
    expect(acceptanceDue(completed, false, '2026-04-01', null)).toEqual({ dueDate: '2026-09-02', overdue: false });
  });

  it('is not overdue on the due day', () => {
    expect(acceptanceDue(completed, false, '2026-09-02', null)).toEqual({ dueDate: '2026-09-02', overdue: false });
  });

  it('is overdue the day after', () => {
    expect(acceptanceDue(completed, false, '2026-09-03', null)).toEqual({ dueDate: '2026-09-02', overdue: true });
  });

  it('is not overdue once accepted, however late', () => {
    expect(acceptanceDue(completed, true, '2026-09-03', null)).toEqual({ dueDate: '2026-09-02', overdue: false });
    expect(acceptanceDue(completed, true, '2029-01-01', null).overdue).toBe(false);
  });

  it('is not overdue while a reported delay’s new date is still ahead (or today)', () => {
    const delay = { reason: '硬件到货延迟', newDate: '2026-11-30' };
    expect(acceptanceDue(completed, false, '2026-09-03', delay)).toEqual({ dueDate: '2026-09-02', overdue: false });
    expect(acceptanceDue(completed, false, '2026-11-30', delay).overdue).toBe(false);
  });

  it('is overdue again once the delay’s new date has passed', () => {
    const delay = { reason: '硬件到货延迟', newDate: '2026-11-30' };
    expect(acceptanceDue(completed, false, '2026-12-01', delay)).toEqual({ dueDate: '2026-09-02', overdue: true });
  });

  it('clamps the due date at month end', () => {
    expect(acceptanceDue('2026-08-31', false, '2026-09-01', null).dueDate).toBe('2027-02-28');
  });

  it('has no due date and is never overdue without a completion date', () => {
    expect(acceptanceDue(null, false, '2030-01-01', null)).toEqual({ dueDate: null, overdue: false });
    expect(acceptanceDue(null, true, '2030-01-01', null)).toEqual({ dueDate: null, overdue: false });
  });
});

// ───────────────────────────── onboarding checklist ─────────────────────────────

const NOW = new Date('2026-06-15T12:00:00+08:00');
const DAY_MS = 86_400_000;
const daysAgo = (n: number): string => new Date(NOW.getTime() - n * DAY_MS).toISOString();

function entry(over: Partial<ChecklistEntry> = {}): ChecklistEntry {
  return {
    id: 'r1',
    name: '企业登记信息',
    status: 'published',
    updateCycle: 'daily',
    provisionModes: [],
    isVideo: false,
    endpointModes: [],
    metadataGaps: [],
    ...over,
  };
}

function conn(over: Partial<ChecklistConnection> = {}): ChecklistConnection {
  return { resourceId: 'r1', mode: 'query_api', confirmed: true, occurredAt: daysAgo(0), ...over };
}

function seen(over: Partial<ObservedExchange> = {}): ObservedExchange {
  return { resourceId: 'r1', kind: 'delivery', mode: 'batch_exchange', at: daysAgo(0), ...over };
}

function input(over: Partial<ChecklistInput> = {}): ChecklistInput {
  return { entries: [entry()], connections: [], observed: [], sharingOnFile: true, noRequestDeclaration: null, now: NOW, ...over };
}

function item(list: Checklist, key: ChecklistKey): ChecklistItem {
  const found = list.items.find((i) => i.key === key);
  if (!found) throw new Error(`no item ${key}`);
  return found;
}

const check = (over: Partial<ChecklistInput> = {}): Checklist => onboardingChecklist(input(over));

describe('onboardingChecklist: shape', () => {
  it('lists the five items in order, each with a label', () => {
    const list = check();
    expect(list.items.map((i) => i.key)).toEqual([
      'resources_declared',
      'metadata_complete',
      'modes_connected',
      'video_connected',
      'sharing_forms',
    ]);
    for (const i of list.items) expect(i.label.length).toBeGreaterThan(0);
  });

  it('a published, complete entry with no modes, sharing on file, no video: ready', () => {
    const list = check();
    expect(list.items.every((i) => i.met && i.missing.length === 0)).toBe(true);
    expect(list.ready).toBe(true);
    expect(staleReasons(list)).toEqual([]);
  });
});

describe('onboardingChecklist: resources_declared', () => {
  it('no entries: unmet with a message, and metadata / modes unmet for want of a published resource', () => {
    const list = check({ entries: [] });
    const declared = item(list, 'resources_declared');
    expect(declared.met).toBe(false);
    expect(declared.missing).toHaveLength(1);
    expect(declared.missing[0].message).toContain('declared no data resources');
    for (const key of ['metadata_complete', 'modes_connected'] as ChecklistKey[]) {
      expect(item(list, key).met).toBe(false);
      expect(item(list, key).missing).toEqual([{ message: expect.stringContaining('no published data resource') }]);
    }
    expect(list.ready).toBe(false);
  });

  it.each(['draft', 'returned', 'submitted'])('a %s entry is listed by id and name as not published', (status) => {
    const list = check({ entries: [entry(), entry({ id: 'r2', name: '社保缴纳记录', status })] });
    const declared = item(list, 'resources_declared');
    expect(declared.met).toBe(false);
    expect(declared.missing).toEqual([{ resourceId: 'r2', resourceName: '社保缴纳记录', message: expect.stringContaining(status) }]);
    expect(list.ready).toBe(false);
  });

  it('a lone draft entry: declared lists it, and metadata / modes say no published resource', () => {
    const list = check({ entries: [entry({ status: 'draft', provisionModes: ['query_api'] })] });
    expect(item(list, 'resources_declared').missing.map((m) => m.resourceName)).toEqual(['企业登记信息']);
    expect(item(list, 'metadata_complete').missing[0].message).toContain('no published data resource');
    expect(item(list, 'modes_connected').missing[0].message).toContain('no published data resource');
  });

  it('withdrawn entries are ignored entirely', () => {
    const withdrawn = entry({
      id: 'w',
      name: '已撤回资源',
      status: 'withdrawn',
      provisionModes: ['batch_exchange'],
      isVideo: true,
      metadataGaps: [{ message: 'gap' }],
    });
    const list = check({ entries: [entry(), withdrawn] });
    expect(list.ready).toBe(true);
    expect(list.items.flatMap((i) => i.missing)).toEqual([]);
    expect(item(list, 'video_connected').applicable).toBe(false);
  });

  it('only withdrawn entries count as none declared', () => {
    const list = check({ entries: [entry({ status: 'withdrawn' })] });
    expect(item(list, 'resources_declared').missing[0].message).toContain('declared no data resources');
    expect(item(list, 'resources_declared').missing[0].resourceId).toBeUndefined();
  });
});

describe('onboardingChecklist: metadata_complete', () => {
  it('reports each gap of each published entry, named', () => {
    const list = check({
      entries: [
        entry({
          metadataGaps: [
            { path: 'items', code: 'missing_desensitization', message: '敏感信息项缺少脱敏规则' },
            { message: '缺少共享条件' },
          ],
        }),
        entry({ id: 'r2', name: '社保缴纳记录', metadataGaps: [{ message: '缺少更新周期' }] }),
        entry({ id: 'r3', name: '完整资源' }),
      ],
    });
    const metadata = item(list, 'metadata_complete');
    expect(metadata.met).toBe(false);
    expect(metadata.missing).toEqual([
      { resourceId: 'r1', resourceName: '企业登记信息', message: '敏感信息项缺少脱敏规则' },
      { resourceId: 'r1', resourceName: '企业登记信息', message: '缺少共享条件' },
      { resourceId: 'r2', resourceName: '社保缴纳记录', message: '缺少更新周期' },
    ]);
    expect(list.ready).toBe(false);
  });

  it('gaps of an unpublished entry are not reported under metadata (it is already unmet as undeclared)', () => {
    const list = check({ entries: [entry(), entry({ id: 'r2', status: 'draft', metadataGaps: [{ message: 'gap' }] })] });
    expect(item(list, 'metadata_complete').met).toBe(true);
  });
});

describe('onboardingChecklist: modes_connected', () => {
  const observedModes = ['certificate', 'query_api', 'verification_api', 'batch_exchange'] as const;

  it.each(observedModes)('%s with nothing observed: unmet, named with mode', (mode) => {
    const list = check({ entries: [entry({ provisionModes: [mode] })] });
    const m = item(list, 'modes_connected');
    expect(m.met).toBe(false);
    expect(m.missing).toEqual([{ resourceId: 'r1', resourceName: '企业登记信息', mode, message: expect.any(String) }]);
    expect(list.ready).toBe(false);
  });

  it.each(observedModes)('%s: a declaration confirmed by the bureau does not count — only what the exchange observed', (mode) => {
    const list = check({ entries: [entry({ provisionModes: [mode] })], connections: [conn({ mode, confirmed: true })] });
    expect(item(list, 'modes_connected').met).toBe(false);
  });

  it('batch exchange: a delivery observed within the cycle', () => {
    const list = check({ entries: [entry({ provisionModes: ['batch_exchange'] })], observed: [seen({ kind: 'delivery' })] });
    expect(item(list, 'modes_connected')).toMatchObject({ met: true, missing: [] });
  });

  it('query and verification served from delivered data: a delivery within the cycle; from an endpoint: a recent probe', () => {
    const served = entry({ provisionModes: ['query_api', 'verification_api'] });
    expect(item(check({ entries: [served] }), 'modes_connected').missing[0].message).toContain('no delivery received');
    expect(item(check({ entries: [served], observed: [seen({ kind: 'delivery' })] }), 'modes_connected').met).toBe(true);
    const forwarded = entry({ provisionModes: ['query_api', 'verification_api'], endpointModes: ['query_api', 'verification_api'] });
    // A delivery is no evidence for an endpoint; a probe of one mode is none for the other.
    const onlyQuery = check({ entries: [forwarded], observed: [seen({ kind: 'delivery' }), seen({ kind: 'probe', mode: 'query_api' })] });
    expect(item(onlyQuery, 'modes_connected').missing).toEqual([
      expect.objectContaining({ mode: 'verification_api', message: expect.stringContaining('has not answered a probe') }),
    ]);
    const both = check({
      entries: [forwarded],
      observed: [
        seen({ kind: 'probe', mode: 'query_api' }),
        seen({ kind: 'probe', mode: 'verification_api', at: daysAgo(PROBE_FRESHNESS_DAYS) }),
      ],
    });
    expect(item(both, 'modes_connected').met).toBe(true);
    const old = check({ entries: [forwarded], observed: [seen({ kind: 'probe', mode: 'query_api', at: daysAgo(8) })] });
    expect(item(old, 'modes_connected').missing[0].message).toContain('no successful probe in 7 days');
  });

  it('certificate: a certificate issued and verified', () => {
    const list = check({
      entries: [entry({ provisionModes: ['certificate'] })],
      observed: [seen({ kind: 'certificate', mode: 'certificate' })],
    });
    expect(item(list, 'modes_connected').met).toBe(true);
  });

  it('other: declared with evidence, then confirmed by the bureau', () => {
    const other = entry({ provisionModes: ['other'] });
    expect(item(check({ entries: [other] }), 'modes_connected').missing[0].message).toContain('no connection recorded');
    const awaiting = item(check({ entries: [other], connections: [conn({ mode: 'other', confirmed: false })] }), 'modes_connected');
    expect(awaiting.missing[0].message).toContain('awaiting');
    expect(item(check({ entries: [other], connections: [conn({ mode: 'other' })] }), 'modes_connected').met).toBe(true);
  });

  it('evidence of another entry does not count', () => {
    const list = check({
      entries: [entry({ provisionModes: ['batch_exchange'] })],
      observed: [seen({ resourceId: 'r2', kind: 'delivery' })],
    });
    expect(item(list, 'modes_connected').missing.map((m) => m.mode)).toEqual(['batch_exchange']);
  });

  it('each mode of each entry is checked separately', () => {
    const list = check({
      entries: [
        entry({ provisionModes: ['batch_exchange', 'verification_api', 'certificate'] }),
        entry({ id: 'r2', name: '社保缴纳记录', provisionModes: ['batch_exchange'] }),
      ],
      observed: [seen({ kind: 'delivery' })],
    });
    const missing = item(list, 'modes_connected').missing;
    expect(missing.map((m) => [m.resourceId, m.resourceName, m.mode])).toEqual([
      ['r1', '企业登记信息', 'certificate'],
      ['r2', '社保缴纳记录', 'batch_exchange'],
    ]);
  });

  it('modes of unpublished entries are not checked here', () => {
    const list = check({ entries: [entry(), entry({ id: 'r2', status: 'draft', provisionModes: ['query_api'] })] });
    expect(item(list, 'modes_connected').met).toBe(true);
  });
});

describe('onboardingChecklist: batch freshness', () => {
  const batch = (cycle: string | null, ...deliveries: string[]): ChecklistItem =>
    item(
      check({
        entries: [entry({ updateCycle: cycle, provisionModes: ['batch_exchange'] })],
        observed: deliveries.map((at) => seen({ kind: 'delivery', at })),
      }),
      'modes_connected',
    );

  it('uses the documented windows (a day of grace over each cycle)', () => {
    expect(BATCH_FRESHNESS_DAYS).toMatchObject({ daily: 2, weekly: 8, monthly: 32, irregular: null });
  });

  it('daily: a delivery 1 day ago is fresh, at the window edge still fresh, 3 days ago stale', () => {
    expect(batch('daily', daysAgo(1)).met).toBe(true);
    expect(batch('daily', daysAgo(BATCH_FRESHNESS_DAYS.daily!)).met).toBe(true);
    const m = batch('daily', daysAgo(3));
    expect(m.met).toBe(false);
    expect(m.missing).toEqual([
      {
        resourceId: 'r1',
        resourceName: '企业登记信息',
        mode: 'batch_exchange',
        message: expect.stringContaining('no delivery within the update cycle'),
      },
    ]);
  });

  it('monthly: 31 days ago is fresh, 33 days ago stale; weekly: 7 fresh, 9 stale', () => {
    expect(batch('monthly', daysAgo(31)).met).toBe(true);
    expect(batch('monthly', daysAgo(33)).met).toBe(false);
    expect(batch('weekly', daysAgo(7)).met).toBe(true);
    expect(batch('weekly', daysAgo(9)).met).toBe(false);
  });

  it('irregular, or no update cycle: a year-old delivery is fine', () => {
    expect(batch('irregular', daysAgo(365)).met).toBe(true);
    expect(batch(null, daysAgo(400)).met).toBe(true);
  });

  it('the latest delivery decides, whatever the order', () => {
    expect(batch('daily', daysAgo(1), daysAgo(30)).met).toBe(true);
    expect(batch('daily', daysAgo(30), daysAgo(1)).met).toBe(true);
  });

  it('no delivery at all is reported as such', () => {
    expect(batch('daily').missing[0].message).toContain('no delivery received');
  });

  it('a stream stops being overdue-free when its cycle passes: deliveryDueBy', () => {
    expect(deliveryDueBy('daily', daysAgo(0))!.toISOString()).toBe(new Date(NOW.getTime() + 2 * DAY_MS).toISOString());
    expect(deliveryDueBy('irregular', daysAgo(0))).toBeNull();
    expect(deliveryDueBy(null, daysAgo(0))).toBeNull();
  });
});

describe('onboardingChecklist: video_connected', () => {
  it('no video entry: not applicable and met', () => {
    const v = item(check(), 'video_connected');
    expect(v).toMatchObject({ applicable: false, met: true, missing: [] });
  });

  it('a video entry with no video_centre connection: applicable and unmet, named', () => {
    const list = check({ entries: [entry({ id: 'v1', name: '路口监控视频', isVideo: true })] });
    const v = item(list, 'video_connected');
    expect(v.applicable).toBe(true);
    expect(v.met).toBe(false);
    expect(v.missing).toEqual([
      { resourceId: 'v1', resourceName: '路口监控视频', mode: 'video_centre', message: expect.stringContaining('video centre') },
    ]);
    expect(list.ready).toBe(false);
  });

  it('declared but unconfirmed: awaiting confirmation', () => {
    const list = check({
      entries: [entry({ id: 'v1', isVideo: true })],
      connections: [conn({ resourceId: 'v1', mode: 'video_centre', confirmed: false })],
    });
    expect(item(list, 'video_connected').missing[0].message).toContain('awaiting');
  });

  it('confirmed video_centre connection: met', () => {
    const list = check({ entries: [entry({ id: 'v1', isVideo: true })], connections: [conn({ resourceId: 'v1', mode: 'video_centre' })] });
    expect(item(list, 'video_connected')).toMatchObject({ applicable: true, met: true, missing: [] });
    expect(list.ready).toBe(true);
  });

  it('a video entry needs its own connection: another entry’s does not count', () => {
    const list = check({
      entries: [entry({ id: 'v1', name: '甲', isVideo: true }), entry({ id: 'v2', name: '乙', isVideo: true })],
      connections: [conn({ resourceId: 'v1', mode: 'video_centre' })],
    });
    expect(item(list, 'video_connected').missing.map((m) => m.resourceName)).toEqual(['乙']);
  });

  it('an unpublished video entry does not make the item applicable', () => {
    const list = check({ entries: [entry(), entry({ id: 'v1', status: 'draft', isVideo: true })] });
    expect(item(list, 'video_connected')).toMatchObject({ applicable: false, met: true });
  });
});

describe('onboardingChecklist: sharing_forms', () => {
  it('met when a request or grant is on file', () => {
    expect(item(check({ sharingOnFile: true, noRequestDeclaration: null }), 'sharing_forms').met).toBe(true);
  });

  it('met by a declaration that nothing was requested', () => {
    const list = check({ sharingOnFile: false, noRequestDeclaration: '本项目数据暂无部门申请共享' });
    expect(item(list, 'sharing_forms').met).toBe(true);
    expect(list.ready).toBe(true);
  });

  it('unmet with neither', () => {
    const list = check({ sharingOnFile: false, noRequestDeclaration: null });
    const f = item(list, 'sharing_forms');
    expect(f.met).toBe(false);
    expect(f.missing).toEqual([{ message: expect.stringContaining('no request or grant on file') }]);
    expect(list.ready).toBe(false);
  });

  it('an empty declaration does not count', () => {
    expect(item(check({ sharingOnFile: false, noRequestDeclaration: '' }), 'sharing_forms').met).toBe(false);
  });
});

describe('onboardingChecklist: ready', () => {
  const complete: ChecklistInput = input({
    entries: [
      entry({ provisionModes: ['query_api', 'batch_exchange'] }),
      entry({ id: 'v1', name: '路口监控视频', isVideo: true, updateCycle: 'realtime', provisionModes: [] }),
    ],
    connections: [conn({ resourceId: 'v1', mode: 'video_centre' })],
    // The query API is served from the delivered data: one delivery a day ago is its evidence and the batch's.
    observed: [seen({ kind: 'delivery', at: daysAgo(1) })],
    sharingOnFile: false,
    noRequestDeclaration: '无共享需求',
  });

  it('is ready when every item is met', () => {
    const list = onboardingChecklist(complete);
    expect(list.items.map((i) => [i.key, i.met])).toEqual([
      ['resources_declared', true],
      ['metadata_complete', true],
      ['modes_connected', true],
      ['video_connected', true],
      ['sharing_forms', true],
    ]);
    expect(list.ready).toBe(true);
  });

  it.each<[string, Partial<ChecklistInput>, ChecklistKey]>([
    ['an entry back in draft', { entries: [...complete.entries, entry({ id: 'd', status: 'draft' })] }, 'resources_declared'],
    [
      'a metadata gap',
      { entries: [entry({ provisionModes: ['query_api', 'batch_exchange'], metadataGaps: [{ message: 'gap' }] }), complete.entries[1]] },
      'metadata_complete',
    ],
    ['a stale batch delivery', { observed: [seen({ kind: 'delivery', at: daysAgo(3) })] }, 'modes_connected'],
    ['a missing video connection', { connections: [] }, 'video_connected'],
    ['no sharing forms', { noRequestDeclaration: null }, 'sharing_forms'],
  ])('is not ready with %s — only that item is unmet', (_what, change, key) => {
    const list = onboardingChecklist({ ...complete, ...change });
    expect(list.ready).toBe(false);
    expect(list.items.filter((i) => !i.met).map((i) => i.key)).toEqual([key]);
  });
});

describe('staleReasons', () => {
  it('is empty for a ready checklist', () => {
    expect(staleReasons(check())).toEqual([]);
  });

  it('gives one line per missing thing, with the item label and the resource name', () => {
    const list = check({
      entries: [
        entry({ provisionModes: ['other', 'certificate'], metadataGaps: [{ message: '缺少共享条件' }] }),
        entry({ id: 'r2', name: '社保缴纳记录', status: 'draft' }),
        entry({ id: 'v1', name: '路口监控视频', isVideo: true }),
      ],
      connections: [conn({ mode: 'other', confirmed: false })],
      sharingOnFile: false,
    });
    const lines = staleReasons(list);
    const missingCount = list.items.reduce((n, i) => n + (i.met ? 0 : i.missing.length), 0);
    expect(missingCount).toBe(6);
    expect(lines).toHaveLength(6);

    const label = (key: ChecklistKey): string => item(list, key).label;
    expect(lines[0]).toContain(label('resources_declared'));
    expect(lines[0]).toContain('社保缴纳记录');
    expect(lines[1]).toContain(label('metadata_complete'));
    expect(lines[1]).toContain('企业登记信息');
    expect(lines[1]).toContain('缺少共享条件');
    expect(lines[2]).toContain(label('modes_connected'));
    expect(lines[2]).toContain('企业登记信息');
    expect(lines[2]).toContain('awaiting');
    expect(lines[3]).toContain(label('modes_connected'));
    expect(lines[3]).toContain('企业登记信息');
    expect(lines[4]).toContain(label('video_connected'));
    expect(lines[4]).toContain('路口监控视频');
    expect(lines[5]).toContain(label('sharing_forms'));
    expect(lines[5]).toContain('no request or grant on file');
  });

  it('a line with no resource carries just the label and message', () => {
    const list = check({ entries: [], sharingOnFile: false });
    const lines = staleReasons(list);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`${item(list, 'resources_declared').label}：${item(list, 'resources_declared').missing[0].message}`);
  });

  it('lists nothing from met or not-applicable items', () => {
    const list = check({ entries: [entry({ metadataGaps: [{ message: 'gap' }] })] });
    const lines = staleReasons(list);
    expect(lines).toHaveLength(1);
    expect(lines[0].startsWith(item(list, 'metadata_complete').label)).toBe(true);
  });
});
