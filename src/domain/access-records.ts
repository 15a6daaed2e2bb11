import { createHash } from 'node:crypto';
import { canonicalJson, GENESIS_HASH } from './audit-chain';

// The exchange's access records (调用记录) are chained as the audit trail is (ADR 0012): each
// record's hash covers its fields and its predecessor's hash, so editing, removing, inserting or
// reordering a record breaks every link after it (docs/exchange.md, ADR 0031).

export { GENESIS_HASH };

/** The fields of an access record that the chain protects. */
export interface AccessRecordFields {
  seq: number;
  id: string;
  occurredAt: string;
  userId: string | null;
  callerDepartmentId: string | null;
  grantId: string | null;
  resourceId: string | null;
  producerDepartmentId: string | null;
  consumerDepartmentId: string | null;
  mode: string;
  operation: string;
  items: string[];
  rows: number;
  result: string;
  status: number;
  latencyMs: number;
  requestId: string | null;
}

export function accessRecordHash(prevHash: string, r: AccessRecordFields): string {
  const canonical = canonicalJson([
    r.seq,
    r.id,
    new Date(r.occurredAt).toISOString(),
    r.userId,
    r.callerDepartmentId,
    r.grantId,
    r.resourceId,
    r.producerDepartmentId,
    r.consumerDepartmentId,
    r.mode,
    r.operation,
    r.items,
    r.rows,
    r.result,
    r.status,
    r.latencyMs,
    r.requestId,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The first break in a run of records read in sequence order, or null when every link holds. */
export function firstBrokenLink(
  records: Iterable<AccessRecordFields & { prevHash: string; hash: string }>,
  start: { seq: number; hash: string },
): { seq: number; reason: 'gap' | 'prev_hash' | 'hash' } | null {
  let expectedSeq = start.seq + 1;
  let prev = start.hash;
  for (const r of records) {
    if (r.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap' };
    if (r.prevHash !== prev) return { seq: r.seq, reason: 'prev_hash' };
    if (accessRecordHash(prev, r) !== r.hash) return { seq: r.seq, reason: 'hash' };
    prev = r.hash;
    expectedSeq++;
  }
  return null;
}
