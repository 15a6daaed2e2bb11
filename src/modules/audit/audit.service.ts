import { Clock } from '../../clock';
import { Conn, Database, Tx } from '../../db/database';
import { Page } from '../../db/pagination';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { SigningKey } from '../../domain/audit-chain';
import { canonicalInstant, reversedRangeProblem } from '../../domain/instants';
import { RuleViolationError } from '../../errors';
import { IdempotencyStore } from '../../http/idempotency.store';
import { signHead, verifyChain } from './audit.chain';
import { AuditEvent, AuditFilter, AuditInput, AuditStore, Checkpoint, recordAudit, toTrailEvent, TrailEvent } from './audit.store';

export type { TrailEvent } from './audit.store';

// The audit trail (审计日志): every area records its changes here, in the change's own transaction.

export interface AuditDeps {
  db: Database;
  clock: Clock;
  /** The Ed25519 key that signs checkpoints. */
  key: SigningKey;
}

export class AuditService {
  private readonly store = new AuditStore();
  private readonly claims: IdempotencyStore;

  constructor(private readonly deps: AuditDeps) {
    this.claims = new IdempotencyStore(deps.db);
  }

  /**
   * Records an event of a change, in the change's transaction. When the request carried an
   * Idempotency-Key, its claim is marked done in the same transaction, naming the object the
   * request acts on (the first event of the write names it), so a retry after a crash can tell
   * that the write happened (ADR 0013).
   */
  async record(tx: Tx, actor: Actor | null, event: AuditInput): Promise<void> {
    const at = this.deps.clock.now();
    await recordAudit(tx, actor, at, event);
    if (actor?.idempotencyKey)
      await this.claims.markCommitted(tx, actor.userId, actor.idempotencyKey, event.objectType, event.objectId, at.toISOString());
  }

  /** The bureau and auditors read the whole trail; a department the events it caused or that concern what it may see. */
  list(actor: Actor, filter: AuditFilter): Promise<Page<AuditEvent>> {
    const everything = hasRole(actor, 'bureau') || hasRole(actor, 'auditor');
    // The time range is half open, [occurredFrom, occurredTo); its ends are compared in the stored
    // form (UTC ISO text, which SQLite compares as text), whatever offset the caller wrote.
    const reversed = reversedRangeProblem(filter.occurredFrom, filter.occurredTo, 'occurredTo');
    if (reversed) throw new RuleViolationError(reversed.code, reversed.message, [reversed]);
    const range = {
      occurredFrom: filter.occurredFrom ? canonicalInstant(filter.occurredFrom) : undefined,
      occurredTo: filter.occurredTo ? canonicalInstant(filter.occurredTo) : undefined,
    };
    return this.store.list(this.deps.db, { ...filter, ...range }, everything ? null : actor.departmentId);
  }

  async verify(actor: Actor) {
    requireRole(actor, 'bureau', 'auditor');
    return {
      ...(await verifyChain(this.deps.db, this.deps.key)),
      keyId: this.deps.key.keyId,
      verifiedAt: this.deps.clock.now().toISOString(),
    };
  }

  async sign(actor: Actor): Promise<Checkpoint> {
    requireRole(actor, 'bureau', 'auditor');
    return (await signHead(this.deps.db, this.deps.key, this.deps.clock.now(), true))!;
  }

  async checkpoints(actor: Actor): Promise<{ items: Checkpoint[] }> {
    requireRole(actor, 'bureau', 'auditor');
    return { items: await this.store.checkpoints(this.deps.db, 100) };
  }

  // ---- for the notifications area ----------------------------------------------------------

  /**
   * Up to `limit` events after `seq`, in the trail's order, with the departments each concerns
   * (the notifications' dispatcher turns them into notices). `seq` is assigned under the chain
   * head's lock, so an event committed later never has a lower number than one already read.
   */
  async eventsAfter(db: Conn, seq: number, limit: number): Promise<TrailEvent[]> {
    return (await this.store.eventRowsAfter(db, seq, limit)).map(toTrailEvent);
  }

  /** The sequence number of the newest event (0 for an empty trail). */
  async lastSeq(db: Conn = this.deps.db): Promise<number> {
    return (await this.store.head(db))?.lastSeq ?? 0;
  }
}
