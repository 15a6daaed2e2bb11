import { Database, transaction } from '../../db/database';
import { Row } from '../../db/rows';
import { AuditStore, Checkpoint } from './audit.store';
import { chainHash, checkpointSignatureValid, GENESIS_HASH, signCheckpoint, SigningKey } from '../../domain/audit-chain';

export interface BrokenLink {
  seq: number;
  eventId: string | null;
  reason: string;
}

export interface ChainReport {
  valid: boolean;
  eventsChecked: number;
  lastSeq: number;
  headHash: string;
  checkpointsChecked: number;
  firstBrokenLink: BrokenLink | null;
}

/**
 * Walks the whole chain in order and reports the first broken link: a gap or a repeat in the
 * sequence (an event deleted or inserted), a predecessor hash that does not match (reordered or
 * removed), a hash that does not match the event (edited), a head that does not match the last
 * event (truncated), or a checkpoint whose signature or position does not hold.
 */
export async function verifyChain(db: Database, key: SigningKey): Promise<ChainReport> {
  const store = new AuditStore();
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let broken: BrokenLink | null = null;
  const hashes = new Map<number, string>();
  for (let after = 0; !broken;) {
    const rows: Row[] = await store.eventRowsAfter(db, after, 1000);
    if (rows.length === 0) break;
    for (const row of rows) {
      const seq = Number(row.seq);
      const id = row.id as string;
      if (seq !== expectedSeq) {
        broken = {
          seq: expectedSeq,
          eventId: null,
          reason:
            seq > expectedSeq
              ? `事件 ${expectedSeq}–${seq - 1} 缺失 (events missing: deleted)`
              : `序号 ${seq} 重复或乱序 (sequence repeated or out of order)`,
        };
        break;
      }
      if (row.prev_hash !== prev) {
        broken = { seq, eventId: id, reason: '前序哈希不符：事件被删除、插入或重排 (the predecessor hash does not match)' };
        break;
      }
      const hash = chainHash(prev, row);
      if (row.hash !== hash) {
        broken = { seq, eventId: id, reason: '事件内容与哈希不符：事件被修改 (the event does not match its hash: edited)' };
        break;
      }
      hashes.set(seq, hash);
      prev = hash;
      expectedSeq = seq + 1;
      checked += 1;
      after = seq;
    }
  }
  const lastSeq = expectedSeq - 1;
  const head = await store.head(db);
  if (!broken && head && (head.lastSeq !== lastSeq || head.lastHash !== prev)) {
    broken = {
      seq: head.lastSeq,
      eventId: null,
      reason: `链头记录到第 ${head.lastSeq} 个事件，实际只有 ${lastSeq} 个：尾部被截断 (the head does not match the last event: truncated)`,
    };
  }
  const checkpoints = await store.checkpoints(db);
  for (const cp of checkpoints) {
    if (broken) break;
    const seq = cp.eventSeq;
    if (cp.keyId !== key.keyId || !checkpointSignatureValid(key.publicKey, seq, cp.headHash, cp.signedAt, cp.signature)) {
      broken = { seq, eventId: null, reason: `检查点 ${cp.id} 签名无效 (checkpoint signature invalid)` };
    } else if (seq > lastSeq) {
      broken = {
        seq,
        eventId: null,
        reason: `检查点 ${cp.id} 签署时已有 ${seq} 个事件，现在只剩 ${lastSeq} 个：尾部被截断 (truncated after a signed checkpoint)`,
      };
    } else if (seq > 0 && hashes.get(seq) !== cp.headHash) {
      broken = {
        seq,
        eventId: null,
        reason: `检查点 ${cp.id} 与第 ${seq} 个事件的哈希不符 (the chain was rewritten after a signed checkpoint)`,
      };
    }
  }
  return {
    valid: broken === null,
    eventsChecked: checked,
    lastSeq,
    headHash: prev,
    checkpointsChecked: checkpoints.length,
    firstBrokenLink: broken,
  };
}

/** Signs the chain's current head; none when nothing was recorded since the last checkpoint. */
export async function signHead(db: Database, key: SigningKey, at: Date, force = false): Promise<Checkpoint | null> {
  const store = new AuditStore();
  return transaction(db, async (tx) => {
    const head = (await store.head(tx))!;
    const [last] = await store.checkpoints(tx, 1);
    if (!force && last && last.eventSeq === head.lastSeq) return null;
    const signedAt = at.toISOString();
    return store.insertCheckpoint(tx, {
      eventSeq: head.lastSeq,
      headHash: head.lastHash,
      signedAt,
      keyId: key.keyId,
      signature: signCheckpoint(key, head.lastSeq, head.lastHash, signedAt),
    });
  });
}
