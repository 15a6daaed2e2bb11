import { isOverloaded } from '../../src/http/load-shedding';

// When a new request is refused (src/http/load-shedding.ts): at the limit of requests in flight,
// or with the event loop running later than allowed (unless that check is off).

describe('isOverloaded', () => {
  const limits = { maxInFlight: 3, maxLagMs: 100 };
  it.each([
    [{ inFlight: 2, lagMs: 0 }, limits, false],
    [{ inFlight: 3, lagMs: 0 }, limits, true],
    [{ inFlight: 0, lagMs: 100 }, limits, false],
    [{ inFlight: 0, lagMs: 101 }, limits, true],
    [{ inFlight: 0, lagMs: 5000 }, { maxInFlight: 3, maxLagMs: 0 }, false],
    [{ inFlight: 3, lagMs: 0 }, { maxInFlight: 3, maxLagMs: 0 }, true],
  ])('%o under %o: %s', (now, l, expected) => {
    expect(isOverloaded(now, l)).toBe(expected);
  });
});
