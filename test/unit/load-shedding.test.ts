import { isOverloaded } from '../../src/http/load-shedding';

// When a new request is refused (src/http/load-shedding.ts): at the limit of requests in flight.

describe('isOverloaded', () => {
  it.each([
    [0, 3, false],
    [2, 3, false],
    [3, 3, true],
    [4, 3, true],
  ])('%i in flight, limit %i: %s', (inFlight, max, expected) => {
    expect(isOverloaded(inFlight, max)).toBe(expected);
  });
});
