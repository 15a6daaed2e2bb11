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
