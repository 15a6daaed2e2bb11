import { randomUUID } from 'node:crypto';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { pageRequestOf } from '../../db/pagination';
import { Actor, requireRole } from '../../domain/actor';
import {
  certificateClaims,
  CertificateStatus,
  certificateStatus,
  CERTIFICATE_JWT_TYPE,
  checkCertificateItems,
  holderIdProblems,
  looksLikeCertificateClaims,
  normalizeHolderId,
  timeVerdict,
  VerificationReason,
  VERIFICATION_MESSAGES,
  validityProblems,
} from '../../domain/certificates';
import { DeliveryItem } from '../../domain/delivery-rows';
import { mask } from '../../domain/masking';
import { normalizeItemName } from '../../domain/text';
import { canSeeEntry, ownDepartmentOnly } from '../../domain/visibility';
import { shanghaiDate } from '../../domain/working-days';
import { AppError, ConflictError, FieldError, ForbiddenError, NotFoundError, RuleViolationError } from '../../errors';
import { BodyOf, QueryOf, Schema } from '../../http/api-types';
import { loadJose } from '../../lazy-modules';
import type { AuditService } from '../audit/audit.service';
import type { Resource, ResourceService } from '../resources/resources.service';
import { CertificateKeys, PublicJwk, publicJwkOf } from './certificate-keys';
import { CertificatePdfView, certificatePdf } from './certificate-pdf';
import { CertificateStore, StoredCertificate } from './certificates.store';
import type { Admission, ExchangeGate } from './exchange-gate';

// Electronic certificates and trusted files (电子证照/可信文件, docs/certificates.md; issue 16): a
// producer issues a certificate of its published entry that offers the `certificate` provision
// mode; the platform signs it as a compact JWS (EdDSA over Ed25519, the key's kid in the header)
// that anyone verifies offline against the JWKS, or online here, which also knows revocations. A
// department holding a certificate grant fetches a holder's certificates through the exchange's
// gate: the granted items only, masked as the grant says, and an access record of every call.

export type Certificate = Schema<'Certificate'>;
export type GrantCertificate = Schema<'GrantCertificate'>;
export type CertificateVerdict = Schema<'CertificateVerdict'>;
export type CertificateLinkVerdict = Schema<'CertificateLinkVerdict'>;
type CertificateIssue = BodyOf<'issueCertificate'>;

export interface CertificateDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The catalog: the entry a certificate is of, its items and provision modes. */
  resources: ResourceService;
  /** The keys that sign certificates (their public halves in the database, private ones in files). */
  keys: CertificateKeys;
  /** The exchange's one way in for a grant holder (grant in force, quotas, access records, release of items). */
  gate: ExchangeGate;
  /** The installation's masking key (a holder's name is shown by its family name to grant holders). */
  maskingKey: Buffer;
}

/** A grant holder fetches at most this many of one holder's certificates at once. */
const HOLDER_LIMIT = 100;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

const STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: '有效',
  revoked: '已撤销',
  expired: '已过期',
  not_yet_valid: '尚未生效',
};
const HOLDER_ID_LABELS = { resident_id: '公民身份号码', credit_code: '统一社会信用代码' } as const;

export class CertificateService {
  private readonly store = new CertificateStore();

  constructor(private readonly deps: CertificateDeps) {}

  // ---- issuing (the producer) --------------------------------------------------------------

  /** Issues and signs a certificate of the caller's published entry; audited (`certificate.issued`). */
  async issue(actor: Actor, entryId: string, body: CertificateIssue, origin: string): Promise<Certificate> {
    requireRole(actor, 'producer');
    const entry = this.issuable(actor, await this.deps.resources.entryForRules(this.deps.db, entryId));
    const modes = entry.provisionModes.filter((m) => m.mode === 'certificate');
    let mode = modes[0];
    if (body.certificateType !== undefined) {
      const wanted = normalizeItemName(body.certificateType);
      const named = modes.find((m) => normalizeItemName(m.certificateName) === wanted);
      if (!named) {
        throw new RuleViolationError(
          'unknown_certificate_type',
          `该目录不提供“${body.certificateType}”这种证照，可签发：${modes.map((m) => m.certificateName).join('、')} (not a certificate type of the entry)`,
          [{ path: '/certificateType', code: 'unknown_certificate_type', message: '须为目录“电子证照”提供方式的证照名称' }],
        );
      }
      mode = named;
    } else if (modes.length > 1) {
      throw new RuleViolationError(
        'certificate_type_required',
        `该目录提供多种证照，请用 certificateType 指明：${modes.map((m) => m.certificateName).join('、')} (name the certificate type)`,
        [{ path: '/certificateType', code: 'required', message: '须指明证照类型' }],
      );
    }
    const holderId = normalizeHolderId(body.holderId);
    const validUntil = body.validUntil ?? null;
    const checked = checkCertificateItems(body.items, itemsOf(entry));
    const problems: FieldError[] = [
      ...holderIdProblems(body.holderIdType, holderId),
      ...checked.problems,
      ...validityProblems(body.validFrom, validUntil),
    ];
    if (problems.length > 0) {
      const codes = new Set(problems.map((p) => p.code));
      throw new RuleViolationError(
        codes.size === 1 ? [...codes][0]! : 'invalid_certificate',
        `证照内容有 ${problems.length} 处不符合要求，未签发 (${problems.length} problems; nothing was issued)`,
        problems,
      );
    }
    const issuer = await this.store.department(this.deps.db, entry.departmentId);
    if (!issuer) throw new NotFoundError('签发部门');
    const number = body.number.trim();
    const id = randomUUID();
    const issuedAt = this.deps.clock.now();
    const facts = {
      id,
      certificateType: mode.certificateName,
      number,
      holderName: body.holderName.trim(),
      holderIdType: body.holderIdType,
      holderId,
      items: checked.items,
      issuingDepartmentName: issuer.name,
      issuingDepartmentCreditCode: issuer.creditCode,
      issuingAuthority: mode.issuingAuthority?.trim() || null,
      resourceId: entry.id,
      resourceCode: entry.code,
      validFrom: body.validFrom,
      validUntil,
    };
    const key = await this.deps.keys.signing();
    const jws = await new (loadJose().SignJWT)({ ...certificateClaims(facts, issuedAt) })
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: CERTIFICATE_JWT_TYPE })
      .sign(key.privateKey);
    await transaction(this.deps.db, async (tx) => {
      // Held for share while the certificate is written: a withdrawal waits for it, or is seen by it.
      this.issuable(actor, await this.deps.resources.entryForRules(tx, entry.id, 'share'));
      if (await this.store.numberTaken(tx, entry.id, number)) {
        throw new ConflictError(
          'duplicate_number',
          `该目录已有编号为“${number}”的证照 (the entry already has a certificate of this number)`,
          [{ path: '/number', code: 'duplicate_number', message: '证照编号在目录内须唯一' }],
        );
      }
      await this.store.insert(tx, {
        id,
        resourceId: entry.id,
        certificateType: facts.certificateType,
        number,
        holderName: facts.holderName,
        holderIdType: facts.holderIdType,
        holderId,
        items: Object.fromEntries(checked.items.map((i) => [i.name, i.value])),
        issuingDepartmentId: entry.departmentId,
        issuingAuthority: facts.issuingAuthority,
        validFrom: body.validFrom,
        validUntil,
        kid: key.kid,
        jws,
        issuedBy: actor.userId,
        issuedAt: issuedAt.toISOString(),
        revokedAt: null,
        revokedBy: null,
        revokeReason: null,
      });
      // The holder's ID and the items stay out of the trail (it is append-only; they are personal data).
      await this.deps.audit.record(tx, actor, {
        action: 'certificate.issued',
        objectType: 'certificate',
        objectId: id,
        details: {
          resourceId: entry.id,
          certificateType: facts.certificateType,
          number,
          kid: key.kid,
          validFrom: body.validFrom,
          validUntil,
        },
        departments: [entry.departmentId],
      });
    });
    return this.view((await this.store.find(this.deps.db, id))!, origin);
  }

  /** Revokes a certificate (a producer of its issuing department, or the bureau); audited (`certificate.revoked`). */
  async revoke(actor: Actor, id: string, reason: string, origin: string): Promise<Certificate> {
    requireRole(actor, 'producer', 'bureau');
    await transaction(this.deps.db, async (tx) => {
      const current = this.visible(actor, await this.store.find(tx, id, true));
      if (!(await this.store.revoke(tx, current.id, this.deps.clock.now().toISOString(), actor.userId, reason.trim()))) {
        throw new ConflictError('already_revoked', '该证照已撤销 (the certificate was revoked already)');
      }
      await this.deps.audit.record(tx, actor, {
        action: 'certificate.revoked',
        objectType: 'certificate',
        objectId: current.id,
        details: { resourceId: current.resourceId, number: current.number, reason: reason.trim() },
        departments: [current.issuingDepartmentId],
      });
    });
    return this.view((await this.store.find(this.deps.db, id))!, origin);
  }

  // ---- reading (the issuing department and the bureau) --------------------------------------

  async list(actor: Actor, query: QueryOf<'listCertificates'>, origin: string): Promise<Schema<'CertificateList'>> {
    const page = await this.store.list(
      this.deps.db,
      {
        onlyDepartmentId: ownDepartmentOnly(actor),
        resourceId: query.resourceId,
        holderId: query.holderId === undefined ? undefined : normalizeHolderId(query.holderId),
        status: query.status,
        today: shanghaiDate(this.deps.clock.now()),
      },
      pageRequestOf(query),
    );
    return { items: page.items.map((c) => this.view(c, origin)), nextCursor: page.nextCursor };
  }

  async get(actor: Actor, id: string, origin: string): Promise<Certificate> {
    return this.view(this.visible(actor, await this.store.find(this.deps.db, id)), origin);
  }

  /**
   * The printable PDF: whole for the issuing department and the bureau; with `grantId`, as the
   * department holding that certificate grant receives it (granted items only, masked), recorded
   * as an exchange call.
   */
  async pdf(
    actor: Actor,
    id: string,
    grantId: string | null,
    origin: string,
  ): Promise<{ pdf: Buffer; certificate: { id: string; number: string; certificateType: string } }> {
    if (grantId === null) {
      const c = this.visible(actor, await this.store.find(this.deps.db, id));
      const items = Object.entries(c.items).map(([name, value]) => ({ name, value: value ?? '' }));
      const pdf = await certificatePdf(this.pdfView(c, items, origin, null));
      return { pdf, certificate: c };
    }
    return this.underGrant(actor, grantId, 'certificate_pdf', async (admission) => {
      const c = await this.store.find(this.deps.db, id);
      if (!c || c.resourceId !== admission.grant.resourceId) throw new NotFoundError('电子证照');
      const released = this.released(c, admission);
      const note =
        released.masked.length + released.withheld.length > 0
          ? `部分信息项已按授权脱敏或不提供：${[...released.masked, ...released.withheld].join('、')}。`
          : '只含授权的信息项。';
      const pdf = await certificatePdf(
        this.pdfView({ ...c, holderName: this.shownHolder(c, admission.grant.consumerDepartmentId) }, printable(released), origin, {
          grantId: admission.grant.id,
          consumerDepartmentName: admission.grant.consumerDepartmentName,
          note,
        }),
      );
      return { result: { pdf, certificate: c }, rows: 1 };
    });
  }

  // ---- the grant holder ---------------------------------------------------------------------

  /** One holder's certificates of the grant's entry, as the grant releases them; an access record of the call. */
  async forGrant(actor: Actor, grantId: string, holderId: string, origin: string): Promise<{ items: GrantCertificate[] }> {
    return this.underGrant(actor, grantId, 'certificates', async (admission) => {
      const found = await this.store.ofHolder(this.deps.db, admission.grant.resourceId, normalizeHolderId(holderId), HOLDER_LIMIT);
      const now = this.deps.clock.now();
      const items = found.map((c): GrantCertificate => {
        const released = this.released(c, admission);
        return {
          id: c.id,
          resourceId: c.resourceId,
          certificateType: c.certificateType,
          number: c.number,
          holderName: this.shownHolder(c, admission.grant.consumerDepartmentId),
          holderIdType: c.holderIdType,
          holderId: c.holderId,
          items: released.items,
          masked: released.masked,
          withheld: released.withheld,
          issuingDepartmentName: c.issuingDepartmentName,
          issuingAuthority: c.issuingAuthority,
          validFrom: c.validFrom,
          validUntil: c.validUntil,
          status: certificateStatus(c, now),
          verificationUrl: verificationUrlOf(origin, c.id),
          issuedAt: c.issuedAt,
          revokedAt: c.revokedAt,
        };
      });
      return { result: { items }, rows: items.length };
    });
  }

  // ---- verification (anyone) ----------------------------------------------------------------

  /**
   * Verifies a compact JWS as the platform's certificate: the header's kid names a key of the
   * platform not removed, the EdDSA signature holds over the header and payload as they are, the
   * platform issued it and has not revoked it, and today lies within its days.
   */
  async verify(jws: string): Promise<CertificateVerdict> {
    const started = Date.now();
    const checkedAt = this.deps.clock.now();
    const verdict = (
      reason: VerificationReason | null,
      kid: string | null,
      claims: Record<string, unknown> | null,
    ): CertificateVerdict => ({
      valid: reason === null,
      reason,
      message: reason === null ? '证照有效：由平台签发，内容未被改动，在有效期内且未撤销 (valid)' : VERIFICATION_MESSAGES[reason],
      kid,
      claims,
      checkedAt: checkedAt.toISOString(),
    });
    const compact = jws.trim();
    if (!COMPACT_JWS.test(compact)) return verdict('malformed', null, null);
    const jose = loadJose();
    let header: { alg?: unknown; kid?: unknown };
    try {
      header = jose.decodeProtectedHeader(compact);
    } catch {
      return verdict('malformed', null, null);
    }
    const kid = typeof header.kid === 'string' ? header.kid : null;
    if (header.alg !== 'EdDSA') return verdict('unsupported_algorithm', kid, null);
    const key = kid === null ? null : await this.deps.keys.verifying(kid);
    if (!key) return verdict('unknown_kid', kid, null);
    let payload: Uint8Array;
    try {
      ({ payload } = await jose.compactVerify(compact, key, { algorithms: ['EdDSA'] }));
    } catch (err) {
      return verdict(err instanceof jose.errors.JWSSignatureVerificationFailed ? 'bad_signature' : 'malformed', kid, null);
    }
    let claims: unknown;
    try {
      claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    } catch {
      return verdict('malformed', kid, null);
    }
    if (!looksLikeCertificateClaims(claims)) return verdict('malformed', kid, null);
    const shown = claims as unknown as Record<string, unknown>;
    const stored = await this.store.find(this.deps.db, claims.jti);
    if (!stored) return verdict('unknown_certificate', kid, shown);
    const reason = stored.revokedAt !== null ? 'revoked' : timeVerdict(claims, checkedAt);
    // A verification of a certificate the platform issued is a use of the entry: an access record
    // (anonymous), and — when it holds — the onboarding checklist's evidence for the certificate mode.
    await this.deps.gate.recordCall(null, {
      resourceId: stored.resourceId,
      producerDepartmentId: stored.issuingDepartmentId,
      mode: 'certificate',
      operation: 'verify_certificate',
      started,
      rows: 1,
      result: reason ?? 'ok',
    });
    return verdict(reason, kid, shown);
  }

  /** What the printed QR code's link answers: the stored JWS verified, and what to compare with the paper. */
  async verificationLink(id: string): Promise<CertificateLinkVerdict> {
    const c = await this.store.find(this.deps.db, id);
    if (!c) throw new NotFoundError('电子证照');
    const v = await this.verify(c.jws);
    return {
      valid: v.valid,
      reason: v.reason,
      message: v.message,
      certificateType: c.certificateType,
      number: c.number,
      holderName: this.shownHolder(c, 'verification'),
      issuingDepartmentName: c.issuingDepartmentName,
      issuingAuthority: c.issuingAuthority,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      revokedAt: c.revokedAt,
      checkedAt: v.checkedAt,
    };
  }

  jwks(): Promise<{ keys: PublicJwk[] }> {
    return this.deps.keys.jwks();
  }

  async listKeys(actor: Actor): Promise<{ items: Schema<'CertificateKey'>[] }> {
    requireRole(actor, 'bureau', 'auditor');
    const keys = await this.deps.keys.list();
    const signing = keys.find((k) => k.retiredAt === null && k.removedAt === null)?.kid ?? null;
    return {
      items: keys.map((k) => ({
        kid: k.kid,
        jwk: publicJwkOf(k),
        createdAt: k.createdAt,
        retiredAt: k.retiredAt,
        removedAt: k.removedAt,
        signing: k.kid === signing,
      })),
    };
  }

  // ---- shared steps -------------------------------------------------------------------------

  /** The entry a department may issue certificates of: its own, published, offering the certificate mode. */
  private issuable(actor: Actor, entry: Resource | null): Resource {
    if (!entry || !canSeeEntry(actor, entry)) throw new NotFoundError('信息资源');
    if (entry.departmentId !== actor.departmentId)
      throw new ForbiddenError('not_owner', '只能为本部门的目录签发证照 (a department issues certificates of its own entries only)');
    if (entry.status !== 'published')
      throw new ConflictError('resource_not_published', '只有已发布的目录可以签发证照 (only a published entry issues certificates)');
    if (!entry.provisionModes.some((m) => m.mode === 'certificate')) {
      throw new RuleViolationError('mode_not_offered', '该目录不提供电子证照 (the entry does not offer the certificate mode)', [
        { path: '/provisionModes', code: 'mode_not_offered', message: '目录须提供“电子证照”方式' },
      ]);
    }
    return entry;
  }

  /** A certificate its issuing department or the bureau reads; anyone else learns nothing of it. */
  private visible(actor: Actor, c: StoredCertificate | null): StoredCertificate {
    const only = ownDepartmentOnly(actor);
    if (!c || (only !== null && c.issuingDepartmentId !== only)) throw new NotFoundError('电子证照');
    return c;
  }

  /** Runs a grant holder's call through the gate: admitted (or refused and recorded), then finished with its rows. */
  private async underGrant<T>(
    actor: Actor,
    grantId: string,
    operation: string,
    work: (a: Admission) => Promise<{ result: T; rows: number }>,
  ): Promise<T> {
    const admission = await this.deps.gate.admit(actor, grantId, 'certificate', operation);
    let done: { result: T; rows: number };
    try {
      done = await work(admission);
    } catch (err) {
      await this.deps.gate.finish(admission, {
        rows: 0,
        result: err instanceof AppError ? err.code : 'internal_error',
        status: err instanceof AppError ? err.status : 500,
      });
      throw err;
    }
    await this.deps.gate.finish(admission, { rows: done.rows });
    return done.result;
  }

  /** A certificate's items as the admission releases them: granted items it states, masked or withheld. */
  private released(c: StoredCertificate, a: Admission): { items: Record<string, string | null>; masked: string[]; withheld: string[] } {
    const stated = new Map(Object.entries(c.items).map(([name, value]) => [normalizeItemName(name), value]));
    const values = a.entry.items.map((item) => stated.get(normalizeItemName(item.name)) ?? null);
    const out = a.release(values);
    const items: Record<string, string | null> = {};
    const masked: string[] = [];
    const withheld: string[] = [];
    a.columns.forEach((col, i) => {
      if (!stated.has(normalizeItemName(col.name))) return;
      items[col.name] = out[i];
      if (col.release === 'masked') masked.push(col.name);
      if (col.release === 'withheld') withheld.push(col.name);
    });
    return { items, masked, withheld };
  }

  /**
   * The holder's name as shown to anyone but the issuer: a person (citizen ID) by the family name
   * (王**), an organisation (credit code) as registered — its name is public, not personal data.
   */
  private shownHolder(c: StoredCertificate, consumer: string): string {
    if (c.holderIdType === 'credit_code') return c.holderName;
    return mask(c.holderName, { rule: 'family_name' }, { secret: this.deps.maskingKey, consumer }) ?? '';
  }

  private view(c: StoredCertificate, origin: string): Certificate {
    return {
      id: c.id,
      resourceId: c.resourceId,
      resourceCode: c.resourceCode,
      resourceName: c.resourceName,
      certificateType: c.certificateType,
      number: c.number,
      holderName: c.holderName,
      holderIdType: c.holderIdType,
      holderId: c.holderId,
      items: c.items,
      issuingDepartmentId: c.issuingDepartmentId,
      issuingDepartmentName: c.issuingDepartmentName,
      issuingAuthority: c.issuingAuthority,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      status: certificateStatus(c, this.deps.clock.now()),
      kid: c.kid,
      jws: c.jws,
      verificationUrl: verificationUrlOf(origin, c.id),
      issuedBy: c.issuedBy,
      issuedAt: c.issuedAt,
      revokedAt: c.revokedAt,
      revokedBy: c.revokedBy,
      revokeReason: c.revokeReason,
    };
  }

  private pdfView(
    c: StoredCertificate,
    items: Array<{ name: string; value: string }>,
    origin: string,
    releasedUnder: CertificatePdfView['releasedUnder'],
  ): CertificatePdfView {
    const status = certificateStatus(c, this.deps.clock.now());
    return {
      id: c.id,
      certificateType: c.certificateType,
      number: c.number,
      holderName: c.holderName,
      holderIdLabel: HOLDER_ID_LABELS[c.holderIdType],
      holderId: c.holderId,
      items,
      issuingDepartmentName: c.issuingDepartmentName,
      issuingAuthority: c.issuingAuthority,
      validFrom: c.validFrom,
      validUntil: c.validUntil,
      issuedOn: shanghaiDate(new Date(c.issuedAt)),
      statusLabel: STATUS_LABELS[status],
      revoked: status === 'revoked',
      kid: c.kid,
      verificationUrl: verificationUrlOf(origin, c.id),
      releasedUnder,
    };
  }
}

/** Released items as the PDF prints them: a withheld one says so. */
function printable(r: { items: Record<string, string | null>; withheld: string[] }): Array<{ name: string; value: string }> {
  return Object.entries(r.items).map(([name, value]) => ({ name, value: r.withheld.includes(name) ? '（不提供）' : (value ?? '') }));
}

/** The entry's items as a certificate's values are checked against them (the rules of a delivered row). */
function itemsOf(entry: Resource): DeliveryItem[] {
  return entry.items.map((i) => ({ name: i.name, dataType: i.dataType, length: i.length ?? null }));
}

/**
 * The public link a certificate's QR code carries: the console's verification page, which a phone
 * opens without signing in and which asks GET /api/v1/certificates/{id}/verification (the JSON
 * operation, for programs) for the verdict.
 */
export function verificationUrlOf(origin: string, id: string): string {
  return `${origin}/verify/certificates/${id}`;
}
