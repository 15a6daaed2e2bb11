import addFormats from 'ajv-formats';

// An instant the service takes from a client — a date-time field or a list cursor — is read with
// `new Date()` and stored in a PostgreSQL timestamptz or as ISO text in SQLite. ajv-formats' RFC 3339
// check alone lets through what those cannot hold: a leap second (23:59:60, which Date cannot
// parse: a RangeError and a 500) and years PostgreSQL has not (0000) or that ISO text writes with six
// digits. An accepted instant is a valid RFC 3339 date-time that Date parses, from 1970 to 9999 (UTC).

const rfc3339DateTime = (addFormats.get('date-time', 'full') as { validate: (text: string) => boolean }).validate;

export const EARLIEST_INSTANT = '1970-01-01T00:00:00.000Z';
export const LATEST_INSTANT = '9999-12-31T23:59:59.999Z';
const EARLIEST_MS = Date.parse(EARLIEST_INSTANT);
const LATEST_MS = Date.parse(LATEST_INSTANT);

export function isAcceptedInstant(text: unknown): boolean {
  if (typeof text !== 'string' || !rfc3339DateTime(text)) return false;
  const ms = Date.parse(text);
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS;
}

/**
 * A half-open time range [from, to) of two accepted instants, either end optional, as the lists
 * filtered by time take it: `to` earlier than `from` is reversed (the caller swapped them), while
 * `to` equal to `from` is a range that holds nothing — an empty page, not an error. Instants are
 * compared as instants, so `2026-12-07T00:00:00+08:00` and `2026-12-06T16:00:00Z` are the same.
 * Returns the problem to answer 422 with, naming the `to` parameter, or none.
 */
export function reversedRangeProblem(
  from: string | undefined,
  to: string | undefined,
  toPath: string,
): { path: string; code: 'time_range_reversed'; message: string } | null {
  if (!from || !to || Date.parse(to) >= Date.parse(from)) return null;
  return {
    path: toPath,
    code: 'time_range_reversed',
    message: '时间范围的结束时刻早于开始时刻 (the time range ends before it starts)',
  };
}

/** An accepted instant as the ISO text (UTC, milliseconds) the service stores, so SQLite's text compares as time does. */
export function canonicalInstant(text: string): string {
  return new Date(text).toISOString();
}
