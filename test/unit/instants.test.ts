import { canonicalInstant, reversedRangeProblem } from '../../src/domain/instants';

// A half-open time range [from, to): reversed only when `to` is earlier than `from`, compared as
// instants whatever offsets they are written with.

describe('reversedRangeProblem', () => {
  it('accepts an open end, an ordered range and an empty one', () => {
    expect(reversedRangeProblem(undefined, undefined, 'to')).toBeNull();
    expect(reversedRangeProblem('2026-03-03T00:00:00+08:00', undefined, 'to')).toBeNull();
    expect(reversedRangeProblem(undefined, '2026-03-03T00:00:00+08:00', 'to')).toBeNull();
    expect(reversedRangeProblem('2026-03-03T00:00:00+08:00', '2026-03-04T00:00:00+08:00', 'to')).toBeNull();
    // The same instant in two offsets: an empty range, not a reversed one.
    expect(reversedRangeProblem('2026-03-03T00:00:00+08:00', '2026-03-02T16:00:00Z', 'to')).toBeNull();
  });

  it('names the end of a reversed range, compared as instants rather than as text', () => {
    expect(reversedRangeProblem('2026-03-03T00:00:00+08:00', '2026-03-02T15:59:59.999Z', 'occurredTo')).toEqual({
      path: 'occurredTo',
      code: 'time_range_reversed',
      message: expect.stringMatching(/^时间范围的结束时刻早于开始时刻 \(the time range ends before it starts\)$/),
    });
    // As text "2026-03-02T20…" sorts after "2026-03-02T16…", yet 20:00+08:00 is 12:00Z: reversed.
    expect(reversedRangeProblem('2026-03-02T16:00:00Z', '2026-03-02T20:00:00+08:00', 'to')?.code).toBe('time_range_reversed');
  });
});

describe('canonicalInstant', () => {
  it('writes an instant as the stored UTC text', () => {
    expect(canonicalInstant('2026-03-03T00:00:00+08:00')).toBe('2026-03-02T16:00:00.000Z');
    expect(canonicalInstant('2026-03-02T16:00:00.5Z')).toBe('2026-03-02T16:00:00.500Z');
  });
});
