import { FieldError } from '../errors';
import { creditCodeProblem } from './credit-code';
import { DeliveryItem, normalizeValue } from './delivery-rows';
import { normalizeItemName } from './text';

// Electronic certificates and trusted files (电子证照/可信文件, docs/certificates.md): the rules a
// certificate is checked against before the platform signs it, and the rules a signed one is read
// by. Pure: the service reads the entry and the clock, these decide.
//
// What a certificate states: who holds it (a person by their 18-character citizen ID number, or an
// organisation by its unified social credit code), what it is (the certificate type the entry's
// `certificate` provision mode names), its number (unique within the entry), the values of some
// of the entry's items, the issuing department, and the days it is valid (Beijing dates; the
// signature's nbf and exp are the start of the first day and the end of the last).

export type HolderIdType = 'resident_id' | 'credit_code';

export const HOLDER_ID_TYPES: readonly HolderIdType[] = ['resident_id', 'credit_code'];

/** Why a verification answers "invalid", or null for a valid certificate. */
export type VerificationReason =
  'malformed' | 'unsupported_algorithm' | 'unknown_kid' | 'bad_signature' | 'unknown_certificate' | 'revoked' | 'expired' | 'not_yet_valid';

export const VERIFICATION_MESSAGES: Record<VerificationReason, string> = {
  malformed: '不是有效的电子证照签名数据（紧凑 JWS 格式错误或内容不完整）(not a well-formed compact JWS of a certificate)',
  unsupported_algorithm: '签名算法不是 EdDSA (Ed25519)，平台不接受 (the signature algorithm is not EdDSA)',
  unknown_kid: '签名所用的密钥不是本平台的公钥，无法确认来源 (the signing key is not one of the platform’s keys)',
  bad_signature: '签名验证失败：证照内容被改动，或签名是伪造的 (the signature does not match: altered or forged)',
  unknown_certificate: '签名有效，但平台没有这份证照的记录 (the signature is good but the platform has no record of it)',
  revoked: '证照已被撤销 (the certificate was revoked)',
  expired: '证照已过有效期 (the certificate has expired)',
  not_yet_valid: '证照尚未生效 (the certificate is not yet valid)',
};

// ---- holder IDs ---------------------------------------------------------------------------------

// GB 11643-1999 citizen ID number (公民身份号码): six digits of the address code, the birth date
// YYYYMMDD, three digits of the order code, and a check character computed by ISO 7064 MOD 11-2.
const RESIDENT_ID = /^\d{17}[\dX]$/;
const RESIDENT_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_CHECK = '10X98765432';

/** The check character of the first 17 digits of a citizen ID number. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_WEIGHTS[i];
  return RESIDENT_CHECK[sum % 11];
}

/** Completes 17 digits into a valid citizen ID number (tests and the demo city). */
export function withResidentIdCheckChar(first17: string): string {
  const check = residentIdCheckChar(first17);
  if (check === null) throw new Error(`not a citizen ID prefix: ${first17}`);
  return first17 + check;
}

export type ResidentIdProblem = 'format' | 'birth_date' | 'check_character';

/** Why a citizen ID number is invalid, or null when it is valid. */
export function residentIdProblem(id: string): ResidentIdProblem | null {
  if (!RESIDENT_ID.test(id)) return 'format';
  if (!realDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`)) return 'birth_date';
  return residentIdCheckChar(id.slice(0, 17)) === id[17] ? null : 'check_character';
}

/** The holder ID as stored: trimmed, letters upper-case (a citizen ID's x is X). */
export function normalizeHolderId(id: string): string {
  return id.trim().toUpperCase();
}

/** What is wrong with a holder ID of its type (at /holderId), or nothing. */
export function holderIdProblems(type: HolderIdType, id: string): FieldError[] {
  if (type === 'resident_id') {
    const problem = residentIdProblem(id);
    if (!problem) return [];
    const message = {
      format: '公民身份号码须为 17 位数字加 1 位校验码（数字或 X）(a citizen ID number is 17 digits and a check character)',
      birth_date: '公民身份号码中的出生日期不存在 (the birth date in the citizen ID number is not a real date)',
      check_character: '公民身份号码的校验码不正确 (the check character of the citizen ID number is wrong)',
    }[problem];
    return [{ path: '/holderId', code: `invalid_resident_id`, message }];
  }
  const problem = creditCodeProblem(id);
  if (!problem) return [];
  const message = {
    length: '统一社会信用代码须为 18 位 (a unified social credit code has 18 characters)',
    alphabet: '统一社会信用代码含有不允许的字符（不用 I、O、Z、S、V）(the code uses a character outside its alphabet)',
    check_character: '统一社会信用代码的校验码不正确 (the check character of the unified social credit code is wrong)',
  }[problem];
  return [{ path: '/holderId', code: 'invalid_credit_code', message }];
}

// ---- items --------------------------------------------------------------------------------------

export interface CertificateItem {
  name: string;
  value: string | null;
}

/**
 * The items a certificate states, checked against the entry's items: each name is one of the
 * entry's (compared as the catalog compares item names), named once, and its value fits the
 * item's type code and length (the rules a delivered row meets). Returned under the entry's own
 * spelling of each name, in the entry's order.
 */
export function checkCertificateItems(
  given: Record<string, string | null>,
  entryItems: DeliveryItem[],
): { items: CertificateItem[]; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const byName = new Map(entryItems.map((item, index) => [normalizeItemName(item.name), { item, index }]));
  const values = new Map<number, string | null>();
  const seen = new Set<number>();
  for (const [name, raw] of Object.entries(given)) {
    const path = `/items/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const found = byName.get(normalizeItemName(name));
    if (!found) {
      problems.push({
        path,
        code: 'unknown_item',
        message: `“${name}”不是该目录的信息项 (not an item of the entry)`,
      });
      continue;
    }
    if (seen.has(found.index)) {
      problems.push({ path, code: 'duplicate_item', message: `信息项“${found.item.name}”重复 (the item is named twice)` });
      continue;
    }
    seen.add(found.index);
    if (raw === null) {
      values.set(found.index, null);
      continue;
    }
    const checked = normalizeValue(raw, found.item);
    if ('reason' in checked) {
      problems.push({ path, code: 'invalid_value', message: `“${found.item.name}”：${checked.reason}` });
      continue;
    }
    values.set(found.index, checked.value);
  }
  const items = [...values.entries()].sort(([a], [b]) => a - b).map(([index, value]) => ({ name: entryItems[index].name, value }));
  return { items, problems };
}

// ---- validity -----------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function realDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const [y, m, d] = value.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** What is wrong with a validity period: the last day before the first. */
export function validityProblems(validFrom: string, validUntil: string | null): FieldError[] {
  if (validUntil !== null && validUntil < validFrom) {
    return [
      {
        path: '/validUntil',
        code: 'invalid_validity',
        message: '有效期截止日期不能早于起始日期 (validUntil is before validFrom)',
      },
    ];
  }
  return [];
}

const SHANGHAI_OFFSET_S = 8 * 3600;

/** Seconds since the epoch at 00:00 Beijing time of a date: a certificate's nbf. */
export function startOfShanghaiDaySeconds(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000 - SHANGHAI_OFFSET_S;
}

/** Seconds since the epoch at 24:00 Beijing time of a date (the next day's start): a certificate's exp. */
export function endOfShanghaiDaySeconds(date: string): number {
  return startOfShanghaiDaySeconds(date) + 86_400;
}

/** Whether `now` lies within nbf (inclusive) and exp (exclusive), as RFC 7519 reads them. */
export function timeVerdict(claims: { nbf?: number; exp?: number }, now: Date): 'expired' | 'not_yet_valid' | null {
  const seconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp === 'number' && seconds >= claims.exp) return 'expired';
  if (typeof claims.nbf === 'number' && seconds < claims.nbf) return 'not_yet_valid';
  return null;
}

export type CertificateStatus = 'valid' | 'revoked' | 'expired' | 'not_yet_valid';

/** A stored certificate's status now: revoked above all, then its days. */
export function certificateStatus(
  c: { revokedAt: string | null; validFrom: string; validUntil: string | null },
  now: Date,
): CertificateStatus {
  if (c.revokedAt !== null) return 'revoked';
  return (
    timeVerdict(
      {
        nbf: startOfShanghaiDaySeconds(c.validFrom),
        exp: c.validUntil === null ? undefined : endOfShanghaiDaySeconds(c.validUntil),
      },
      now,
    ) ?? 'valid'
  );
}

// ---- the signed payload -------------------------------------------------------------------------

/** The issuer every certificate names (iss): the platform, whichever instance or address signed it. */
export const CERTIFICATE_ISSUER = 'urn:gov-data-catalog:certificates';

/** The JWS header's typ: a JWT whose claims are a certificate's. */
export const CERTIFICATE_JWT_TYPE = 'JWT';

export interface CertificateFacts {
  id: string;
  certificateType: string;
  number: string;
  holderName: string;
  holderIdType: HolderIdType;
  holderId: string;
  items: CertificateItem[];
  issuingDepartmentName: string;
  issuingDepartmentCreditCode: string | null;
  issuingAuthority: string | null;
  resourceId: string;
  resourceCode: string | null;
  validFrom: string;
  validUntil: string | null;
}

/** The claims the platform signs: the certificate's fields, plus iss, sub, iat, nbf, exp and jti. */
export interface CertificateClaims {
  iss: string;
  sub: string;
  jti: string;
  iat: number;
  nbf: number;
  exp?: number;
  certificateType: string;
  number: string;
  holder: { name: string; idType: HolderIdType; id: string };
  items: Record<string, string | null>;
  issuer: { department: string; creditCode: string | null; authority: string | null };
  resource: { id: string; code: string | null };
  validFrom: string;
  validUntil: string | null;
}

export function certificateClaims(c: CertificateFacts, issuedAt: Date): CertificateClaims {
  return {
    iss: CERTIFICATE_ISSUER,
    sub: c.holderId,
    jti: c.id,
    iat: Math.floor(issuedAt.getTime() / 1000),
    nbf: startOfShanghaiDaySeconds(c.validFrom),
    ...(c.validUntil === null ? {} : { exp: endOfShanghaiDaySeconds(c.validUntil) }),
    certificateType: c.certificateType,
    number: c.number,
    holder: { name: c.holderName, idType: c.holderIdType, id: c.holderId },
    items: Object.fromEntries(c.items.map((i) => [i.name, i.value])),
    issuer: { department: c.issuingDepartmentName, creditCode: c.issuingDepartmentCreditCode, authority: c.issuingAuthority },
    resource: { id: c.resourceId, code: c.resourceCode },
    validFrom: c.validFrom,
    validUntil: c.validUntil,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a verified payload has the shape of the platform's certificate claims (a jti to look up, times that are numbers). */
export function looksLikeCertificateClaims(payload: unknown): payload is CertificateClaims {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return false;
  const p = payload as Record<string, unknown>;
  const optionalNumber = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isFinite(v));
  return (
    typeof p.jti === 'string' &&
    UUID.test(p.jti) &&
    typeof p.number === 'string' &&
    typeof p.certificateType === 'string' &&
    optionalNumber(p.nbf) &&
    optionalNumber(p.exp) &&
    optionalNumber(p.iat)
  );
}
