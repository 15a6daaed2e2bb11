import { Knex } from 'knex';
import { Clock } from '../../clock';
import { Actor, hasRole } from '../../domain/actor';
import { SigningKey } from '../../domain/audit-chain';
import { requireRole } from '../../domain/actor';
import { toIso } from '../../db/rows';
import { AuditFilter, AuditStore } from './audit.store';
import { signHead, verifyChain } from './audit.chain';

export class AuditService {
  private readonly store: AuditStore;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly key: SigningKey,
  ) {
    this.store = new AuditStore(db);
  }

  /** The bureau and auditors read the whole trail; a department the events it caused or that concern its objects. */
  list(actor: Actor, filter: AuditFilter) {
    const everything = hasRole(actor, 'bureau') || hasRole(actor, 'auditor');
    return this.store.list(filter, everything ? null : actor.departmentId);
  }

  async verify(actor: Actor) {
    requireRole(actor, 'bureau', 'auditor');
    return { ...(await verifyChain(this.db, this.key)), keyId: this.key.keyId, verifiedAt: this.clock.now().toISOString() };
  }

  async sign(actor: Actor) {
    requireRole(actor, 'bureau', 'auditor');
    return (await signHead(this.db, this.key, this.clock.now(), true))!;
  }

  async checkpoints(actor: Actor) {
    requireRole(actor, 'bureau', 'auditor');
    const rows: Array<Record<string, unknown>> = await this.db('audit_checkpoints').orderBy('id', 'desc').limit(100);
    return {
      items: rows.map((r) => ({
        id: Number(r.id),
        eventSeq: Number(r.event_seq),
        headHash: r.head_hash as string,
        signedAt: toIso(r.signed_at),
        keyId: r.key_id as string,
        signature: r.signature as string,
      })),
    };
  }
}
