import {
  canTake,
  decisionsFor,
  escalationGround,
  SharingAction,
  SharingRequestStatus,
  statusAfterDecision,
  statusesAllowing,
} from '../../src/domain/sharing-rules';

// The state machine of a sharing request (src/domain/sharing-rules.ts): who may act from which
// state, on what ground a request is escalated, and which decisions answer which ground.

const STATUSES: SharingRequestStatus[] = ['draft', 'pending', 'approved', 'rejected', 'escalated', 'rejection_upheld', 'cancelled'];
const DUE_AT = '2026-03-16T15:59:59.999Z'; // end of Mon 2026-03-16, Beijing
const at = (iso: string) => new Date(iso);

describe('the state machine', () => {
  it.each<[SharingAction, SharingRequestStatus[]]>([
    ['edit', ['draft']],
    ['submit', ['draft']],
    ['cancel', ['draft', 'pending']],
    ['approve', ['pending']],
    ['reject', ['pending']],
    ['escalate', ['pending', 'rejected']],
    ['decide', ['escalated']],
  ])('%s is open from exactly %j', (action, from) => {
    expect(STATUSES.filter((s) => canTake(s, action))).toEqual(STATUSES.filter((s) => from.includes(s)));
    expect([...statusesAllowing(action)].sort()).toEqual([...from].sort());
  });

  it('keeps the producer out of an escalated request: it can neither approve nor reject it', () => {
    expect(canTake('escalated', 'approve')).toBe(false);
    expect(canTake('escalated', 'reject')).toBe(false);
    expect(canTake('escalated', 'cancel')).toBe(false);
  });
});

describe('escalationGround', () => {
  it('escalates a rejected request for its rejection, whenever', () => {
    expect(escalationGround({ status: 'rejected', dueAt: DUE_AT }, at('2026-03-03T00:00:00Z'))).toBe('rejection');
    expect(escalationGround({ status: 'rejected', dueAt: null }, at('2030-01-01T00:00:00Z'))).toBe('rejection');
  });

  it('escalates a pending request only once the clock is past its due instant', () => {
    expect(escalationGround({ status: 'pending', dueAt: DUE_AT }, at('2026-03-16T15:59:59.999Z'))).toBeNull();
    expect(escalationGround({ status: 'pending', dueAt: DUE_AT }, at('2026-03-16T16:00:00.000Z'))).toBe('overdue');
    expect(escalationGround({ status: 'pending', dueAt: null }, at('2030-01-01T00:00:00Z'))).toBeNull();
  });

  it('gives no ground in any other state', () => {
    for (const status of ['draft', 'approved', 'escalated', 'rejection_upheld', 'cancelled'] as const) {
      expect(escalationGround({ status, dueAt: DUE_AT }, at('2030-01-01T00:00:00Z'))).toBeNull();
    }
  });
});

describe('the decisions on an escalation', () => {
  it('upholds or overrules a rejection; grants or remands an unanswered request', () => {
    expect(decisionsFor('rejection')).toEqual(['uphold', 'grant']);
    expect(decisionsFor('overdue')).toEqual(['grant', 'remand']);
  });

  it('leaves the request upheld, approved, or pending again for the producer to answer', () => {
    expect(statusAfterDecision('uphold')).toBe('rejection_upheld');
    expect(statusAfterDecision('grant')).toBe('approved');
    expect(statusAfterDecision('remand')).toBe('pending');
    // A remanded request can be answered, cancelled, and escalated again once overdue.
    for (const action of ['approve', 'reject', 'cancel', 'escalate'] as const)
      expect(canTake(statusAfterDecision('remand'), action)).toBe(true);
  });
});
