import {
  certificateClaims,
  certificateStatus,
  checkCertificateItems,
  endOfShanghaiDaySeconds,
  holderIdProblems,
  looksLikeCertificateClaims,
  normalizeHolderId,
  residentIdCheckChar,
  residentIdProblem,
  startOfShanghaiDaySeconds,
  timeVerdict,
  validityProblems,
  withResidentIdCheckChar,
} from '../../src/domain/certificates';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';

// The pure rules of electronic certificates (src/domain/certificates.ts): holder IDs, items,
// validity days and the signed claims.

describe('citizen ID numbers (GB 11643)', () => {
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    // The standard's own example: 11010519491231002X.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(withResidentIdCheckChar('11010519491231002')).toBe('11010519491231002X');
    expect(residentIdCheckChar('1101051949123100')).toBeNull();
    expect(residentIdCheckChar('1101051949123100A')).toBeNull();
  });

  it('refuses a wrong check character, a date that does not exist and the wrong shape', () => {
    expect(residentIdProblem('11010519491231002X')).toBeNull();
    expect(residentIdProblem('110105194912310021')).toBe('check_character');
    expect(residentIdProblem(withResidentIdCheckChar('11010519490231002'))).toBe('birth_date');
    expect(residentIdProblem('11010519491231002x')).toBe('format');
    expect(residentIdProblem('1101051949123100')).toBe('format');
    expect(normalizeHolderId(' 11010519491231002x ')).toBe('11010519491231002X');
  });

  it('reports the holder ID problem at /holderId for either kind of holder', () => {
    expect(holderIdProblems('resident_id', '11010519491231002X')).toEqual([]);
    expect(holderIdProblems('resident_id', '110105194912310021')).toEqual([
      expect.objectContaining({ path: '/holderId', code: 'invalid_resident_id' }),
    ]);
    const code = withCreditCodeCheckChar('91350102MA2Y00001');
    expect(holderIdProblems('credit_code', code)).toEqual([]);
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    expect(holderIdProblems('credit_code', wrong)).toEqual([expect.objectContaining({ path: '/holderId', code: 'invalid_credit_code' })]);
    // A citizen ID number is not a credit code, nor the other way round.
    expect(holderIdProblems('resident_id', code)).not.toEqual([]);
  });
});

describe('a certificate’s items', () => {
  const items = [
    { name: '公民身份号码', dataType: 'C', length: 18 },
    { name: '姓名', dataType: 'C', length: 4 },
    { name: '出生日期', dataType: 'D' },
    { name: '人数', dataType: 'I' },
  ];

  it('keeps the entry’s spelling and order, and normalizes values as a delivered row does', () => {
    const r = checkCertificateItems({ 出生日期: '1990-01-01', ' 姓名 ': '张三', 人数: '3' }, items);
    expect(r.problems).toEqual([]);
    expect(r.items).toEqual([
      { name: '姓名', value: '张三' },
      { name: '出生日期', value: '1990-01-01' },
      { name: '人数', value: '3' },
    ]);
  });

  it('names an unknown item, a repeated one and a value that does not fit', () => {
    const r = checkCertificateItems({ 民族: '汉', 姓名: '欧阳娜娜子', 出生日期: '1990-02-30', 人数: null, '姓 名': '李' }, items);
    expect(r.problems).toEqual([
      expect.objectContaining({ path: '/items/民族', code: 'unknown_item' }),
      expect.objectContaining({ path: '/items/姓名', code: 'invalid_value' }),
      expect.objectContaining({ path: '/items/出生日期', code: 'invalid_value' }),
      expect.objectContaining({ path: '/items/姓 名', code: 'duplicate_item' }),
    ]);
  });

  it('escapes a slash in an item name as a JSON Pointer does', () => {
    expect(checkCertificateItems({ 'a/b': 'x' }, items).problems[0].path).toBe('/items/a~1b');
  });
});

describe('validity days', () => {
  it('reads dates as Beijing days: nbf at 00:00, exp at the next day’s 00:00 (+08:00)', () => {
    expect(new Date(startOfShanghaiDaySeconds('2026-03-02') * 1000).toISOString()).toBe('2026-03-01T16:00:00.000Z');
    expect(new Date(endOfShanghaiDaySeconds('2026-03-02') * 1000).toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('refuses a last day before the first', () => {
    expect(validityProblems('2026-03-02', '2026-03-01')).toEqual([expect.objectContaining({ path: '/validUntil' })]);
    expect(validityProblems('2026-03-02', '2026-03-02')).toEqual([]);
    expect(validityProblems('2026-03-02', null)).toEqual([]);
  });

  it('tells expired and not yet valid apart, exp exclusive and nbf inclusive', () => {
    const nbf = startOfShanghaiDaySeconds('2026-03-02');
    const exp = endOfShanghaiDaySeconds('2026-03-31');
    expect(timeVerdict({ nbf, exp }, new Date(nbf * 1000))).toBeNull();
    expect(timeVerdict({ nbf, exp }, new Date(nbf * 1000 - 1))).toBe('not_yet_valid');
    expect(timeVerdict({ nbf, exp }, new Date(exp * 1000 - 1))).toBeNull();
    expect(timeVerdict({ nbf, exp }, new Date(exp * 1000))).toBe('expired');
    expect(timeVerdict({ nbf }, new Date('2999-01-01T00:00:00Z'))).toBeNull();
  });

  it('puts revocation above the days', () => {
    const c = { revokedAt: null, validFrom: '2026-03-02', validUntil: '2026-03-31' };
    expect(certificateStatus(c, new Date('2026-03-10T00:00:00Z'))).toBe('valid');
    expect(certificateStatus(c, new Date('2026-04-01T00:00:00Z'))).toBe('expired');
    expect(certificateStatus(c, new Date('2026-03-01T00:00:00Z'))).toBe('not_yet_valid');
    expect(certificateStatus({ ...c, revokedAt: '2026-03-05T00:00:00Z' }, new Date('2026-04-01T00:00:00Z'))).toBe('revoked');
    expect(certificateStatus({ ...c, validUntil: null }, new Date('2099-01-01T00:00:00Z'))).toBe('valid');
  });
});

describe('the signed claims', () => {
  const facts = {
    id: '6f1c1e0e-8f5a-4c57-9d1e-0a5c2b7f9e11',
    certificateType: '结婚证（电子证照）',
    number: 'JH-001',
    holderName: '王丽华',
    holderIdType: 'resident_id' as const,
    holderId: withResidentIdCheckChar('35010219850612003'),
    items: [{ name: '登记日期', value: '2026-03-02' }],
    issuingDepartmentName: '榕城市民政局',
    issuingDepartmentCreditCode: withCreditCodeCheckChar('11350100MB0000003'),
    issuingAuthority: null,
    resourceId: '0b8f9a7e-2c1d-4e5f-8a9b-1c2d3e4f5a6b',
    resourceCode: '302/000001',
    validFrom: '2026-03-02',
    validUntil: null,
  };

  it('carries iss, sub, iat, nbf and jti, and exp only with a last day', () => {
    const claims = certificateClaims(facts, new Date('2026-03-02T01:00:00Z'));
    expect(claims).toMatchObject({ sub: facts.holderId, jti: facts.id, iat: 1772413200, nbf: startOfShanghaiDaySeconds('2026-03-02') });
    expect(claims.iss).toMatch(/^urn:/);
    expect('exp' in claims).toBe(false);
    expect(claims.items).toEqual({ 登记日期: '2026-03-02' });
    expect(certificateClaims({ ...facts, validUntil: '2027-03-01' }, new Date()).exp).toBe(endOfShanghaiDaySeconds('2027-03-01'));
    expect(looksLikeCertificateClaims(claims)).toBe(true);
  });

  it('recognizes only payloads of that shape', () => {
    expect(looksLikeCertificateClaims(null)).toBe(false);
    expect(looksLikeCertificateClaims([])).toBe(false);
    expect(looksLikeCertificateClaims({ jti: 'x', number: '1', certificateType: 't' })).toBe(false);
    expect(looksLikeCertificateClaims({ jti: facts.id, number: '1', certificateType: 't', exp: '2030' })).toBe(false);
  });
});
