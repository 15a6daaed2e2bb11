import type request from 'supertest';
import type { World } from './world';

// Evidence the exchange observes, made the way a producer makes it: a delivery of one row of the
// entry's data (the onboarding checklist's evidence for batch exchange, and for a query or
// verification API served from delivered data).

/** A value of each national type code that every item of that type accepts. */
const SAMPLE: Record<string, string> = {
  C: 'A',
  M: 'A',
  N: '1.5',
  B: '1',
  F: '1.5',
  Y: '1.00',
  I: '1',
  D: '2026-01-01',
  T: '2026-01-01 09:00:00',
  L: '是',
};

/** Delivers one row of the entry's data as `actor` (its producer); the delivery's body. */
export async function deliverSample(
  w: { as: (actor: 'police' | 'civil') => ReturnType<World['as']> },
  entryId: string,
  actor: 'police' | 'civil' = 'police',
): Promise<{ seq: number; deliveredAt: string }> {
  const entry = (await w.as(actor).get(`/api/v1/resources/${entryId}`).expect(200)).body as {
    items: Array<{ name: string; dataType: string }>;
  };
  const csv = `${entry.items.map((i) => i.name).join(',')}\n${entry.items.map((i) => SAMPLE[i.dataType] ?? 'A').join(',')}\n`;
  const res = await w
    .as(actor)
    .post(`/api/v1/resources/${entryId}/deliveries`)
    .set('Content-Type', 'text/csv')
    .send(Buffer.from(csv, 'utf8'));
  if (res.status !== 201) throw new Error(`sample delivery refused: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

type Parsed = (res: request.Response, done: (err: Error | null, body: unknown) => void) => void;

/**
 * A streamed answer read whole, as bytes (`bytesOf`) or text (`textOf`); a problem+json refusal is
 * parsed as JSON, as the other tests read problems. Supertest would otherwise leave a body of
 * another type empty.
 */
function reader(as: (bytes: Buffer) => unknown): Parsed {
  return (res, done) => {
    // The parser is handed the raw message (an IncomingMessage), whatever supertest's type says.
    const message = res as unknown as import('node:http').IncomingMessage;
    const chunks: Buffer[] = [];
    message.on('data', (c: Buffer) => chunks.push(c));
    message.on('end', () => {
      const bytes = Buffer.concat(chunks);
      done(null, /json/.test(String(message.headers['content-type'])) ? JSON.parse(bytes.toString('utf8')) : as(bytes));
    });
  };
}

export const bytesOf = reader((bytes) => bytes);
export const textOf = reader((bytes) => bytes.toString('utf8'));
