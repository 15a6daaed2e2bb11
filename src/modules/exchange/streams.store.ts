import { Conn } from '../../db/database';
import { inChunks } from '../../db/in-chunks';
import { Row, toIso } from '../../db/rows';

// Delivery streams: each published entry's latest batch delivery, for the lists of streams that
// stopped past their update cycle (docs/exchange.md "Overdue deliveries").

export interface DeliveryStream {
  resourceId: string;
  resourceName: string;
  departmentId: string;
  departmentName: string;
  updateCycle: string | null;
  lastSeq: number;
  lastDeliveredAt: string;
}

export class StreamsStore {
  /** Published entries with at least one delivery, and their latest; one department's or all. */
  async latestDeliveries(db: Conn, departmentId: string | null): Promise<DeliveryStream[]> {
    const latest = db('exchange_deliveries').groupBy('resource_id').select('resource_id').max('seq as last_seq').as('l');
    const qb = db('resources as r')
      .join(latest, 'l.resource_id', 'r.id')
      .join('exchange_deliveries as d', (j) => j.on('d.resource_id', 'r.id').andOn('d.seq', 'l.last_seq'))
      .join('departments as dep', 'dep.id', 'r.department_id')
      .where('r.status', 'published')
      .select('r.id', 'r.name', 'r.department_id', 'dep.name as department_name', 'r.update_cycle', 'd.seq', 'd.delivered_at')
      .orderBy('d.delivered_at');
    if (departmentId) qb.where('r.department_id', departmentId);
    const rows: Row[] = await qb;
    return rows.map((r) => ({
      resourceId: r.id as string,
      resourceName: r.name as string,
      departmentId: r.department_id as string,
      departmentName: r.department_name as string,
      updateCycle: (r.update_cycle as string | null) ?? null,
      lastSeq: Number(r.seq),
      lastDeliveredAt: toIso(r.delivered_at),
    }));
  }

  /** The latest delivery of each of these entries (the onboarding checklist's evidence). */
  async lastDeliveryOf(db: Conn, resourceIds: string[]): Promise<Map<string, string>> {
    if (resourceIds.length === 0) return new Map();
    const rows: Row[] = await inChunks(resourceIds, (ids) =>
      db('exchange_deliveries').whereIn('resource_id', ids).groupBy('resource_id').select('resource_id').max('delivered_at as at'),
    );
    return new Map(rows.map((r) => [r.resource_id as string, toIso(r.at)]));
  }

  /**
   * The latest successful verification of a certificate of each entry — online, by the QR code's
   * link, or a grant holder's fetch (the checklist's evidence for the certificate mode).
   */
  async lastCertificateUse(db: Conn, resourceIds: string[]): Promise<Array<{ resourceId: string; at: string }>> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await inChunks(resourceIds, (ids) =>
      db('exchange_access_records')
        .whereIn('resource_id', ids)
        .where({ mode: 'certificate', result: 'ok' })
        .whereIn('operation', ['verify_certificate', 'certificates', 'certificate_pdf'])
        .groupBy('resource_id')
        .select('resource_id')
        .max('occurred_at as at'),
    );
    return rows.map((r) => ({ resourceId: r.resource_id as string, at: toIso(r.at) }));
  }

  /** The latest successful probe of each entry's endpoints, per mode (the checklist's evidence). */
  async lastProbeOf(db: Conn, resourceIds: string[]): Promise<Array<{ resourceId: string; mode: string; at: string }>> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await inChunks(resourceIds, (ids) =>
      db('exchange_access_records')
        .whereIn('resource_id', ids)
        .where({ operation: 'probe', result: 'ok' })
        .groupBy('resource_id', 'mode')
        .select('resource_id', 'mode')
        .max('occurred_at as at'),
    );
    return rows.map((r) => ({ resourceId: r.resource_id as string, mode: r.mode as string, at: toIso(r.at) }));
  }
}
