import { inChunks } from '../../db/in-chunks';
import { Row, parseJson, toIso, toIsoOrNull } from '../../db/rows';
import { ChecklistItem, ConnectionMode, CoveredEntry } from '../../domain/onboarding';
import { Schema } from '../../http/api-types';
import { Conn, Tx } from '../../db/database';
import { lockRow, LockMode } from '../../db/versions';

export type Connection = Schema<'Connection'>;
export type Verification = Schema<'OnboardingVerification'>;

/** A stored verification, and what it covered (null for verifications made before that was kept). */
export interface VerificationRecord {
  verification: Verification;
  covered: CoveredEntry[] | null;
}

/** What the checklist reads of a project. */
export interface ProjectFacts {
  id: string;
  ownerDepartmentId: string;
  noRequestDeclaration: string | null;
}

export function toProjectFacts(row: Row): ProjectFacts {
  return {
    id: row.id as string,
    ownerDepartmentId: row.owner_department_id as string,
    noRequestDeclaration: (row.no_request_declaration as string | null) ?? null,
  };
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
  async connectionsOf(db: Conn, resourceIds: string[]): Promise<Connection[]> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await inChunks(resourceIds, (ids) => db('onboarding_connections').whereIn('resource_id', ids));
    return rows.map(toConnection).sort(newestDeclaredFirst);
  }

  async findConnection(db: Conn, id: string): Promise<Connection | null> {
    const row = await db('onboarding_connections').where({ id }).first();
    return row ? toConnection(row) : null;
  }

  async insertConnection(trx: Tx, c: Connection): Promise<void> {
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
  async confirmConnection(trx: Tx, id: string, by: string, at: string): Promise<boolean> {
    const updated = await trx('onboarding_connections')
      .where({ id })
      .whereNull('confirmed_at')
      .update({ confirmed_by: by, confirmed_at: at });
    return updated === 1;
  }

  /**
   * What the checklist needs of a project: its owner and its declaration that no one requested
   * its data (a read of the projects area's table, as the checklist is the project's); `lock`: its
   * row locked first for the rest of the caller's transaction.
   */
  async findProject(db: Conn, id: string, lock?: LockMode): Promise<ProjectFacts | null> {
    if (lock) await lockRow(db as Tx, 'projects', id, lock);
    const row = await db('projects').where({ id }).first('id', 'owner_department_id', 'no_request_declaration');
    return row ? toProjectFacts(row) : null;
  }

  /** Each project's latest verification, for those that have one. */
  async latestVerifications(db: Conn, projectIds: string[]): Promise<Map<string, VerificationRecord>> {
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

  async insertVerification(trx: Tx, v: Verification, covered: CoveredEntry[]): Promise<void> {
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
