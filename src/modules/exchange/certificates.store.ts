import { Knex } from 'knex';
import { Conn, Tx } from '../../db/database';
import { dialectOf } from '../../db/knex';
import { keysetPage, Page, PageRequest, sortBy } from '../../db/pagination';
import { parseJson, Row, toIso, toIsoOrNull } from '../../db/rows';
import { CertificateStatus, HolderIdType } from '../../domain/certificates';

// The certificates' tables (docs/certificates.md): the certificates issued, each with the compact
// JWS the platform signed, and the public keys that verify them (the private keys are not here:
// ADR 0032). Reads the entry's and the issuing department's names for the rows it shows.

/** A certificate as stored, with its entry's and issuing department's names. */
export interface StoredCertificate {
  id: string;
  resourceId: string;
  resourceCode: string | null;
  resourceName: string;
  certificateType: string;
  number: string;
  holderName: string;
  holderIdType: HolderIdType;
  holderId: string;
  /** Item name → value, in the entry's order. */
  items: Record<string, string | null>;
  issuingDepartmentId: string;
  issuingDepartmentName: string;
  issuingAuthority: string | null;
  validFrom: string;
  validUntil: string | null;
  kid: string;
  jws: string;
  issuedBy: string;
  issuedAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  revokeReason: string | null;
}

export interface StoredKey {
  kid: string;
  /** The public JWK (kty, crv, x). */
  jwk: Record<string, string>;
  createdAt: string;
  retiredAt: string | null;
  removedAt: string | null;
}

export interface CertificateFilter {
  /** null: every department's (the bureau); else only this issuing department's. */
  onlyDepartmentId: string | null;
  resourceId?: string;
  holderId?: string;
  status?: CertificateStatus;
  /** Today's Beijing date, for the status filter. */
  today: string;
}

const newestFirst = sortBy('-issuedAt', 'c.issued_at', 'desc', 'c.id', 'timestamp');

function toCertificate(r: Row): StoredCertificate {
  return {
    id: r.id as string,
    resourceId: r.resource_id as string,
    resourceCode: (r.resource_code as string | null) ?? null,
    resourceName: r.resource_name as string,
    certificateType: r.certificate_type as string,
    number: r.number as string,
    holderName: r.holder_name as string,
    holderIdType: r.holder_id_type as HolderIdType,
    holderId: r.holder_id as string,
    items: parseJson<Record<string, string | null>>(r.items_json, {}),
    issuingDepartmentId: r.issuing_department_id as string,
    issuingDepartmentName: r.issuing_department_name as string,
    issuingAuthority: (r.issuing_authority as string | null) ?? null,
    validFrom: r.valid_from as string,
    validUntil: (r.valid_until as string | null) ?? null,
    kid: r.kid as string,
    jws: r.jws as string,
    issuedBy: r.issued_by as string,
    issuedAt: toIso(r.issued_at),
    revokedAt: toIsoOrNull(r.revoked_at),
    revokedBy: (r.revoked_by as string | null) ?? null,
    revokeReason: (r.revoke_reason as string | null) ?? null,
  };
}

function toKey(r: Row): StoredKey {
  return {
    kid: r.kid as string,
    jwk: parseJson<Record<string, string>>(r.public_jwk, {}),
    createdAt: toIso(r.created_at),
    retiredAt: toIsoOrNull(r.retired_at),
    removedAt: toIsoOrNull(r.removed_at),
  };
}

export class CertificateStore {
  private query(db: Conn): Knex.QueryBuilder {
    return db('certificates as c')
      .join('resources as r', 'r.id', 'c.resource_id')
      .join('departments as d', 'd.id', 'c.issuing_department_id')
      .select('c.*', 'r.code as resource_code', 'r.name as resource_name', 'd.name as issuing_department_name');
  }

  // ---- certificates -------------------------------------------------------------------------

  async insert(tx: Tx, c: Omit<StoredCertificate, 'resourceCode' | 'resourceName' | 'issuingDepartmentName'>): Promise<void> {
    await tx('certificates').insert({
      id: c.id,
      resource_id: c.resourceId,
      certificate_type: c.certificateType,
      number: c.number,
      holder_name: c.holderName,
      holder_id_type: c.holderIdType,
      holder_id: c.holderId,
      items_json: JSON.stringify(c.items),
      issuing_department_id: c.issuingDepartmentId,
      issuing_authority: c.issuingAuthority,
      valid_from: c.validFrom,
      valid_until: c.validUntil,
      kid: c.kid,
      jws: c.jws,
      issued_by: c.issuedBy,
      issued_at: c.issuedAt,
      revoked_at: null,
      revoked_by: null,
      revoke_reason: null,
    });
  }

  /** Whether the entry already has a certificate of this number (the caller holds the entry locked). */
  async numberTaken(db: Conn, resourceId: string, number: string): Promise<boolean> {
    return (await db('certificates').where({ resource_id: resourceId, number }).first('id')) !== undefined;
  }

  async find(db: Conn, id: string, lock = false): Promise<StoredCertificate | null> {
    const qb = this.query(db).where('c.id', id);
    // The row alone is locked (PostgreSQL refuses FOR UPDATE across the joined tables' nullable sides; these are inner joins, but only the certificate is changed).
    if (lock && dialectOf(db) === 'postgres') qb.forUpdate('c');
    const row: Row | undefined = await qb.first();
    return row ? toCertificate(row) : null;
  }

  /** Newest first, a page at a time, within the caller's department unless it is the bureau's. */
  async list(db: Conn, f: CertificateFilter, page: PageRequest): Promise<Page<StoredCertificate>> {
    const qb = this.query(db);
    if (f.onlyDepartmentId !== null) qb.where('c.issuing_department_id', f.onlyDepartmentId);
    if (f.resourceId) qb.where('c.resource_id', f.resourceId);
    if (f.holderId) qb.where('c.holder_id', f.holderId);
    switch (f.status) {
      case 'revoked':
        qb.whereNotNull('c.revoked_at');
        break;
      case 'expired':
        qb.whereNull('c.revoked_at').where('c.valid_until', '<', f.today);
        break;
      case 'not_yet_valid':
        qb.whereNull('c.revoked_at').where('c.valid_from', '>', f.today);
        break;
      case 'valid':
        qb.whereNull('c.revoked_at')
          .where('c.valid_from', '<=', f.today)
          .where((w) => w.whereNull('c.valid_until').orWhere('c.valid_until', '>=', f.today));
        break;
      default:
        break;
    }
    return keysetPage(qb, dialectOf(db), newestFirst, page, (r: Row) => [toIso(r.issued_at), r.id as string], toCertificate);
  }

  /** One holder's certificates of an entry, newest first (a grant holder's fetch; at most `limit`). */
  async ofHolder(db: Conn, resourceId: string, holderId: string, limit: number): Promise<StoredCertificate[]> {
    const rows: Row[] = await this.query(db)
      .where({ 'c.resource_id': resourceId, 'c.holder_id': holderId })
      .orderBy([
        { column: 'c.issued_at', order: 'desc' },
        { column: 'c.id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(toCertificate);
  }

  /** Marks the certificate revoked, unless it already is; whether it changed (a guarded write). */
  async revoke(tx: Tx, id: string, at: string, by: string, reason: string): Promise<boolean> {
    const changed = await tx('certificates')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: at, revoked_by: by, revoke_reason: reason });
    return changed === 1;
  }

  /** The issuing department's name and unified social credit code, as the signed payload states them. */
  async department(db: Conn, id: string): Promise<{ name: string; creditCode: string | null } | null> {
    const row: Row | undefined = await db('departments').where({ id }).first('name', 'credit_code');
    return row ? { name: row.name as string, creditCode: (row.credit_code as string | null) ?? null } : null;
  }

  // ---- keys -----------------------------------------------------------------------------------

  async insertKey(tx: Tx, k: StoredKey): Promise<void> {
    await tx('certificate_keys').insert({
      kid: k.kid,
      public_jwk: JSON.stringify(k.jwk),
      created_at: k.createdAt,
      retired_at: k.retiredAt,
      removed_at: k.removedAt,
    });
  }

  /** Every key, newest first. */
  async keys(db: Conn): Promise<StoredKey[]> {
    const rows: Row[] = await db('certificate_keys').orderBy([
      { column: 'created_at', order: 'desc' },
      { column: 'kid', order: 'desc' },
    ]);
    return rows.map(toKey);
  }

  /** The key that signs now: the newest neither retired nor removed. */
  async signingKey(db: Conn): Promise<StoredKey | null> {
    const row: Row | undefined = await db('certificate_keys')
      .whereNull('retired_at')
      .whereNull('removed_at')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'kid', order: 'desc' },
      ])
      .first();
    return row ? toKey(row) : null;
  }

  async findKey(db: Conn, kid: string): Promise<StoredKey | null> {
    const row: Row | undefined = await db('certificate_keys').where({ kid }).first();
    return row ? toKey(row) : null;
  }

  /** Retires every signing key but `kid` (rotation): they verify on, and sign no more. */
  async retireAllBut(tx: Tx, kid: string, at: string): Promise<void> {
    await tx('certificate_keys').whereNot({ kid }).whereNull('retired_at').update({ retired_at: at });
  }

  /** Removes a key: it leaves the JWKS and verifies nothing more. Whether it changed. */
  async removeKey(tx: Tx, kid: string, at: string): Promise<boolean> {
    const changed = await tx('certificate_keys')
      .where({ kid })
      .whereNull('removed_at')
      .update({ removed_at: at, retired_at: tx.raw('COALESCE(retired_at, ?)', [at]) });
    return changed === 1;
  }

  /** Takes the lock that orders key rotations (the one signing key is decided under it). */
  async lockKeys(tx: Tx): Promise<void> {
    if (dialectOf(tx) === 'postgres') await tx.raw('LOCK TABLE certificate_keys IN SHARE ROW EXCLUSIVE MODE');
  }
}
