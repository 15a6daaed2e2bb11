import { Knex } from 'knex';
import { parseJson, toIso, toIsoOrNull } from '../../db/rows';
import { ChecklistItem, ConnectionMode } from '../../domain/onboarding';
import { Schema } from '../../http/api-types';

export type Connection = Schema<'Connection'>;
export type Verification = Schema<'OnboardingVerification'>;
type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

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
  async connectionsOf(db: Db, resourceIds: string[]): Promise<Connection[]> {
    if (resourceIds.length === 0) return [];
    const rows: Row[] = await db('onboarding_connections').whereIn('resource_id', resourceIds).orderBy([{ column: 'declared_at', order: 'desc' }, { column: 'id', order: 'desc' }]);
    return rows.map(toConnection);
  }

  async findConnection(db: Db, id: string): Promise<Connection | null> {
    const row = await db('onboarding_connections').where({ id }).first();
    return row ? toConnection(row) : null;
  }

  async insertConnection(trx: Knex.Transaction, c: Connection): Promise<void> {
    await trx('onboarding_connections').insert({
      id: c.id, resource_id: c.resourceId, mode: c.mode, reference: c.reference, evidence: c.evidence, occurred_at: c.occurredAt,
      declared_by: c.declaredBy, declared_at: c.declaredAt, confirmed_by: c.confirmedBy, confirmed_at: c.confirmedAt,
    });
  }

  async confirmConnection(trx: Knex.Transaction, id: string, by: string, at: string): Promise<void> {
    await trx('onboarding_connections').where({ id }).update({ confirmed_by: by, confirmed_at: at });
  }

  /** Whether a request (submitted, not cancelled) or a grant exists for any of these entries. */
  async sharingOnFile(db: Db, resourceIds: string[]): Promise<boolean> {
    if (resourceIds.length === 0) return false;
    const request = await db('sharing_requests').whereIn('resource_id', resourceIds).whereNotIn('status', ['draft', 'cancelled']).first('id');
    if (request) return true;
    return Boolean(await db('grants').whereIn('resource_id', resourceIds).first('id'));
  }

  async latestVerification(db: Db, projectId: string): Promise<Verification | null> {
    const row = await db('onboarding_verifications as v').leftJoin('users as u', 'u.id', 'v.verified_by').where('v.project_id', projectId)
      .orderBy([{ column: 'v.verified_at', order: 'desc' }, { column: 'v.id', order: 'desc' }]).select('v.*', 'u.name as verified_by_name').first();
    return row ? this.toVerification(row) : null;
  }

  async insertVerification(trx: Knex.Transaction, v: Verification): Promise<void> {
    // Verifications are only ever inserted: a snapshot is immutable, a new verification is a new row.
    await trx('onboarding_verifications').insert({ id: v.id, project_id: v.projectId, snapshot_json: JSON.stringify(v.checklist), verified_by: v.verifiedBy, verified_at: v.verifiedAt });
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
