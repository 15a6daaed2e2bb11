import { Clock } from '../../clock';
import { Conn, Database } from '../../db/database';
import { Actor, hasRole, requireRole } from '../../domain/actor';
import { deliveryDueBy, ObservedExchange } from '../../domain/onboarding';
import { DeliveryStream, StreamsStore } from './streams.store';

// What the exchange observed of each entry, as other areas read it (docs/exchange.md): delivery
// streams that stopped past their update cycle (Sanming art. 21: no silent interruption) — on the
// producer's list, the bureau's and the board — and the evidence the onboarding checklist reads
// instead of declarations: deliveries, successful probes, verified certificates.

export interface StreamsDeps {
  db: Database;
  clock: Clock;
}

export type OverdueDelivery = DeliveryStream & { dueBy: string };

export class StreamsService {
  private readonly store = new StreamsStore();

  constructor(private readonly deps: StreamsDeps) {}

  /** The caller's department's overdue streams (a producer), or every department's (bureau, auditors). */
  async overdue(actor: Actor): Promise<{ items: OverdueDelivery[] }> {
    requireRole(actor, 'producer', 'bureau', 'auditor');
    const everyone = hasRole(actor, 'bureau') || hasRole(actor, 'auditor');
    return { items: await this.overdueOf(everyone ? null : actor.departmentId) };
  }

  async overdueOf(departmentId: string | null): Promise<OverdueDelivery[]> {
    const now = this.deps.clock.now().getTime();
    const streams = await this.store.latestDeliveries(this.deps.db, departmentId);
    return streams.flatMap((s) => {
      const due = deliveryDueBy(s.updateCycle, s.lastDeliveredAt);
      return due && due.getTime() < now ? [{ ...s, dueBy: due.toISOString() }] : [];
    });
  }

  /** What the exchange observed of these entries: their latest delivery, probes, certificates. */
  async evidenceOf(db: Conn, entryIds: string[]): Promise<ObservedExchange[]> {
    const deliveries = await this.store.lastDeliveryOf(db, entryIds);
    const probes = await this.store.lastProbeOf(db, entryIds);
    const certificates = await this.store.lastCertificateUse(db, entryIds);
    return [
      ...[...deliveries].map(([resourceId, at]): ObservedExchange => ({ resourceId, kind: 'delivery', mode: 'batch_exchange', at })),
      ...probes.map((p): ObservedExchange => ({ resourceId: p.resourceId, kind: 'probe', mode: p.mode, at: p.at })),
      ...certificates.map((c): ObservedExchange => ({ resourceId: c.resourceId, kind: 'certificate', mode: 'certificate', at: c.at })),
    ];
  }
}
