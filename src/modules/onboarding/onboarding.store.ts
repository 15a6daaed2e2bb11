import { Knex } from 'knex';
import { inChunks } from '../../db/in-chunks';
import { parseJson, toIso, toIsoOrNull } from '../../db/rows';
import { ChecklistItem, ConnectionMode, CoveredEntry } from '../../domain/onboarding';
import { Schema } from '../../http/api-types';

export type Connection = Schema<'Connection'>;
export type Verification = Schema<'OnboardingVerification'>;
type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/** A stored verification, and what it covered (null for verifications made before that was kept). */
export interface VerificationRecord {
  verification: Verification;
  covered: CoveredEntry[] | null;
}

export function toConnection(row: Row): Connection {
  return {
    id: row.id as string,
    resourceId: row.resource_id as string,
    mode: row.mode as ConnectionMode,
    reference: row.reference as string,
    evidence: row.evidence as string,
    occurredAt: toIsoOrNull(row.occurred_at),
    declaredBy: row.declared_by as string,
    declaredAt: toIso(row.declared_at),
    confirmedBy: (row.confirmed_by as string | null) ?? null,
    confirmedAt: toIsoOrNull(row.confirmed_at),
  };
}

export class OnboardingStore {
  /** The connections declared for the entries, newest first. */
  async connectionsOf(db: Db, resourceIds: string[]): Promise<Connection[]> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await inChunks(resourceIds, (ids) => db('onboarding_connections').whereIn('resource_id', ids));
    return rows.map(toConnection).sort(newestDeclaredFirst);
  }

  async findConnection(db: Db, id: string): Promise<Connection | null> {
    const row = await db('onboarding_connections').where({ id }).first();
    return row ? toConnection(row) : null;
  }

  async insertConnection(trx: Knex.Transaction, c: Connection): Promise<void> {
    await trx('onboarding_connections').insert({
      id: c.id,
      resource_id: c.resourceId,
      mode: c.mode,
      reference: c.reference,
      evidence: c.evidence,
      occurred_at: c.occurredAt,
      declared_by: c.declaredBy,
      declared_at: c.declaredAt,
      confirmed_by: c.confirmedBy,
      confirmed_at: c.confirmedAt,
    });
  }

  /** Confirms a connection not yet confirmed; false when someone confirmed it first. */
  async confirmConnection(trx: Knex.Transaction, id: string, by: string, at: string): Promise<boolean> {
    const updated = await trx('onboarding_connections')
      .where({ id })
      .whereNull('confirmed_at')
      .update({ confirmed_by: by, confirmed_at: at });
    return updated === 1;
  }

  /** Whether a request (submitted, not cancelled) or a grant exists for any of these entries. */
  /** Which of the entries have a sharing request past draft (not cancelled) or a grant on file. */
  async entriesWithSharingOnFile(db: Db, resourceIds: string[]): Promise<Set<string>> {
    if (resourceIds.length === 0) return new Set();
    const requested: Row[] = await inChunks(resourceIds, (ids) =>
      db('sharing_requests').whereIn('resource_id', ids).whereNotIn('status', ['draft', 'cancelled']).distinct('resource_id'),
    );
    const granted: Row[] = await inChunks(resourceIds, (ids) => db('grants').whereIn('resource_id', ids).distinct('resource_id'));
    return new Set([...requested, ...granted].map((r) => r.resource_id as string));
  }

  /** Each project's latest verification, for those that have one. */
  async latestVerifications(db: Db, projectIds: string[]): Promise<Map<string, VerificationRecord>> {
    const rows: Row[] = await inChunks(projectIds, (ids) =>
      db('onboarding_verifications as v')
        .whereIn('v.project_id', ids)
        .orderBy([
          { column: 'v.verified_at', order: 'desc' },
          { column: 'v.id', order: 'desc' },
        ])
        .select('v.*', db.raw('(SELECT name FROM users WHERE id = v.verified_by) AS verified_by_name')),
    );
    const latest = new Map<string, VerificationRecord>();
    for (const row of rows) {
      if (!latest.has(row.project_id as string))
        latest.set(row.project_id as string, {
          verification: this.toVerification(row),
          covered: parseJson<CoveredEntry[] | null>(row.covered_json, null),
        });
    }
    return latest;
  }

  async insertVerification(trx: Knex.Transaction, v: Verification, covered: CoveredEntry[]): Promise<void> {
    // Verifications are only ever inserted: a snapshot is immutable, a new verification is a new row.
    await trx('onboarding_verifications').insert({
      id: v.id,
      project_id: v.projectId,
      snapshot_json: JSON.stringify(v.checklist),
      covered_json: JSON.stringify(covered),
      verified_by: v.verifiedBy,
      verified_at: v.verifiedAt,
    });
  }

  private toVerification(row: Row): Verification {
    return {
      id: row.id as string,
      projectId: row.project_id as string,
      verifiedAt: toIso(row.verified_at),
      verifiedBy: row.verified_by as string,
      verifiedByName: (row.verified_by_name as string | null) ?? '',
      checklist: parseJson<ChecklistItem[]>(row.snapshot_json, []),
    };
  }
}

/** Newest declaration first (the order the checklist reads connections in), then by id. */
function newestDeclaredFirst(a: Connection, b: Connection): number {
  if (a.declaredAt !== b.declaredAt) return a.declaredAt < b.declaredAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
