import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { compactVerify, createLocalJWKSet, errors as joseErrors, JSONWebKeySet, jwtVerify, SignJWT } from 'jose';
import request from 'supertest';
import { createApp, createServices } from '../../src/app';
import { withResidentIdCheckChar } from '../../src/domain/certificates';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { expectProblem, NO_SUCH_ID, UUID } from '../support/assertions';
import { ActorKey, completeEntry, createWorld, publishEntry, sharingRequestBody, World } from '../support/world';

// Electronic certificates and trusted files (电子证照/可信文件, docs/certificates.md): a producer issues a
// certificate of its published entry offering the certificate mode; the platform signs it as a
// compact JWS (EdDSA, Ed25519, kid) that verifies offline against /.well-known/jwks.json with any
// JOSE library, and online (public, with revocation); keys rotate and old certificates keep
// verifying; a printable PDF carries a QR code of the verification link; a grant holder fetches a
// holder's certificates with the granted items only, masked; bad input changes nothing.

let w: World;
let app: express.Express;
let keysDir: string;
let entry: { id: string };
let grantId: string;

const HOLDER = withResidentIdCheckChar('35010219850612003');
const OTHER_HOLDER = withResidentIdCheckChar('11010519491231002');
const CREDIT_CODE = withCreditCodeCheckChar('91350102MA2Y00001');

const ITEMS = [
  {
    name: '公民身份号码',
    dataType: 'C',
    length: 18,
    sensitive: true,
    masking: { rule: 'keep_ends', first: 6, last: 4 },
    queryRole: 'input',
  },
  { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' }, queryRole: 'output' },
  { name: '出生日期', dataType: 'D', queryRole: 'output' },
  { name: '住址', dataType: 'C', length: 100, sensitive: true, desensitizationRule: '不予提供', queryRole: 'output' },
  { name: '登记机关', dataType: 'C', length: 50, queryRole: 'output' },
];

const as = (actor: ActorKey) => ({
  get: (url: string) => request(app).get(url).set('Authorization', `Bearer ${w.token[actor]}`),
  post: (url: string) => request(app).post(url).set('Authorization', `Bearer ${w.token[actor]}`),
});

function certificateBody(overrides: Record<string, unknown> = {}) {
  return {
    holderName: '王丽华',
    holderIdType: 'resident_id',
    holderId: HOLDER,
    number: `JH-${Math.random().toString(36).slice(2, 10)}`,
    items: { 公民身份号码: HOLDER, 姓名: '王丽华', 出生日期: '1985-06-12', 住址: '榕城市鼓楼区东大路20号', 登记机关: '鼓楼区婚姻登记处' },
    validFrom: '2026-03-02',
    validUntil: '2099-12-31',
    ...overrides,
  };
}

const issue = (overrides: Record<string, unknown> = {}, actor: ActorKey = 'police', entryId = entry.id) =>
  as(actor).post(`/api/v1/resources/${entryId}/certificates`).send(certificateBody(overrides));

const verifyOnline = (jws: string) => request(app).post('/api/v1/certificates/verify').send({ jws });
const jwks = async () =>
  (await request(app).get('/.well-known/jwks.json').expect(200)).body as JSONWebKeySet & { keys: Array<{ kid: string }> };

/** The JWS with its payload changed (the signature left as it was). */
function tamper(jws: string, change: (claims: Record<string, unknown>) => void): string {
  const [header, payload, signature] = jws.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  change(claims);
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}

/** The PDF as bytes (supertest would otherwise leave a binary body empty). */
function binary(req: request.Test) {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => {
      const body = Buffer.concat(chunks);
      done(null, /json/.test(String(res.headers['content-type'])) ? JSON.parse(body.toString('utf8')) : body);
    });
  });
}

beforeAll(async () => {
  w = await createWorld();
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'certificate-keys-test-'));
  // The world's tokens and database, served by an app whose keys folder the test knows (to rotate).
  app = createApp({ db: w.db, clock: w.clock, validateResponses: true, certificateKeysDir: keysDir });
  entry = await publishEntry(w, {
    name: '婚姻登记电子证照目录',
    items: ITEMS,
    sharingType: 'unconditional',
    sharingConditions: null,
    provisionModes: [
      { mode: 'certificate', certificateName: '结婚证（电子证照）', issuingAuthority: '测试市民政局婚姻登记处' },
      { mode: 'batch_exchange', fileFormat: 'csv' },
    ],
  });
  // Unconditional: the education bureau's certificate request is granted on submission.
  const filed = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({
      ...sharingRequestBody(entry.id, { provisionMode: 'certificate', items: ['公民身份号码', '姓名', '住址', '登记机关'] }),
      submit: true,
    })
    .expect(201);
  grantId = filed.body.grantId;
  expect(grantId).toMatch(UUID);
});
afterAll(async () => {
  await w.destroy();
  fs.rmSync(keysDir, { recursive: true, force: true });
});

describe('issuing (the producer)', () => {
  it('signs a compact JWS (EdDSA, kid) with the certificate’s fields and iss/iat/nbf/exp/jti, and audits it', async () => {
    const res = await issue({ number: 'JH-2026-000001' }).expect(201);
    const c = res.body;
    expect(c).toMatchObject({
      certificateType: '结婚证（电子证照）',
      number: 'JH-2026-000001',
      holderIdType: 'resident_id',
      holderId: HOLDER,
      issuingDepartmentId: w.departmentId.police,
      issuingDepartmentName: '测试市公安局',
      issuingAuthority: '测试市民政局婚姻登记处',
      status: 'valid',
      resourceId: entry.id,
    });
    expect(c.items).toEqual({
      公民身份号码: HOLDER,
      姓名: '王丽华',
      出生日期: '1985-06-12',
      住址: '榕城市鼓楼区东大路20号',
      登记机关: '鼓楼区婚姻登记处',
    });
    // The QR code's link opens the console's public verification page (which asks the JSON operation).
    expect(c.verificationUrl).toMatch(new RegExp(`^http://[^/]+/verify/certificates/${c.id}$`));
    const [header, payload] = c.jws
      .split('.')
      .slice(0, 2)
      .map((p: string) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')));
    expect(header).toEqual({ alg: 'EdDSA', kid: c.kid, typ: 'JWT' });
    expect(payload).toMatchObject({
      jti: c.id,
      sub: HOLDER,
      number: 'JH-2026-000001',
      holder: { name: '王丽华', idType: 'resident_id', id: HOLDER },
      issuer: { department: '测试市公安局', authority: '测试市民政局婚姻登记处' },
      validFrom: '2026-03-02',
      validUntil: '2099-12-31',
      iat: Math.floor(w.clock.now().getTime() / 1000),
    });
    expect(typeof payload.iss).toBe('string');
    expect(payload.nbf).toBe(Date.UTC(2026, 2, 2) / 1000 - 8 * 3600);
    expect(payload.exp).toBe(Date.UTC(2100, 0, 1) / 1000 - 8 * 3600);
    const events = await w.db('audit_events').where({ action: 'certificate.issued', object_id: c.id });
    expect(events).toHaveLength(1);
    // The holder's ID number stays out of the append-only trail.
    expect(JSON.stringify(events[0])).not.toContain(HOLDER);
  });

  it('serves the public keys as a JWKS, without a token', async () => {
    const set = await jwks();
    expect(set.keys.length).toBeGreaterThanOrEqual(1);
    for (const k of set.keys)
      expect(k).toEqual({ kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.any(String), alg: 'EdDSA', use: 'sig' });
    // No private member ever leaves.
    expect(JSON.stringify(set)).not.toMatch(/"d"/);
  });

  it('lists the entry’s certificates for its department and all for the bureau; others see none', async () => {
    const own = await as('police').get(`/api/v1/certificates?resourceId=${entry.id}`).expect(200);
    expect(own.body.items.length).toBeGreaterThanOrEqual(1);
    expect((await as('bureau').get('/api/v1/certificates').expect(200)).body.items.length).toBe(own.body.items.length);
    expect((await as('civil').get('/api/v1/certificates').expect(200)).body.items).toEqual([]);
    expect((await as('edu').get(`/api/v1/certificates?resourceId=${entry.id}`).expect(200)).body.items).toEqual([]);
    const id = own.body.items[0].id;
    await as('police').get(`/api/v1/certificates/${id}`).expect(200);
    await as('bureau').get(`/api/v1/certificates/${id}`).expect(200);
    expectProblem(await as('civil').get(`/api/v1/certificates/${id}`), 404, 'not_found');
    expectProblem(await as('edu').get(`/api/v1/certificates/${id}`), 404, 'not_found');
    const byHolder = await as('police').get(`/api/v1/certificates?holderId=${HOLDER.toLowerCase()}&status=valid`).expect(200);
    expect(byHolder.body.items.every((c: { holderId: string }) => c.holderId === HOLDER)).toBe(true);
  });
});

describe('verification', () => {
  let jws: string;
  let id: string;
  beforeAll(async () => {
    const c = (await issue().expect(201)).body;
    jws = c.jws;
    id = c.id;
  });

  it('offline: any JOSE library verifies it against the JWKS (jose: createLocalJWKSet + jwtVerify)', async () => {
    const { payload, protectedHeader } = await jwtVerify(jws, createLocalJWKSet(await jwks()), { algorithms: ['EdDSA'] });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload.jti).toBe(id);
    expect(payload.sub).toBe(HOLDER);
  });

  it('online: valid, with the signed claims, and no token needed', async () => {
    const res = await verifyOnline(jws).expect(200);
    expect(res.body).toMatchObject({ valid: true, reason: null, kid: expect.any(String), claims: { jti: id, number: expect.any(String) } });
  });

  it('a tampered payload fails offline and online (bad_signature)', async () => {
    const altered = tamper(jws, (claims) => {
      (claims.holder as Record<string, string>).name = '李四';
    });
    await expect(jwtVerify(altered, createLocalJWKSet(await jwks()))).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
    expect((await verifyOnline(altered).expect(200)).body).toMatchObject({ valid: false, reason: 'bad_signature', claims: null });
    const longer = tamper(jws, (claims) => {
      claims.validUntil = '2199-12-31';
      claims.exp = 7258118400;
    });
    expect((await verifyOnline(longer).expect(200)).body).toMatchObject({ valid: false, reason: 'bad_signature' });
  });

  it('a signature forged with another key fails: under the platform’s kid (bad_signature), under its own (unknown_kid)', async () => {
    const claims = JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));
    const kid = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8')).kid;
    const { privateKey } = generateKeyPairSync('ed25519');
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid, typ: 'JWT' }).sign(privateKey);
    await expect(jwtVerify(forged, createLocalJWKSet(await jwks()))).rejects.toBeInstanceOf(joseErrors.JWSSignatureVerificationFailed);
    expect((await verifyOnline(forged).expect(200)).body).toMatchObject({ valid: false, reason: 'bad_signature' });
    const ownKid = await new SignJWT(claims).setProtectedHeader({ alg: 'EdDSA', kid: 'forger-key', typ: 'JWT' }).sign(privateKey);
    await expect(jwtVerify(ownKid, createLocalJWKSet(await jwks()))).rejects.toBeInstanceOf(joseErrors.JWKSNoMatchingKey);
    expect((await verifyOnline(ownKid).expect(200)).body).toMatchObject({ valid: false, reason: 'unknown_kid', kid: 'forger-key' });
  });

  it('refuses another algorithm and what is no JWS at all, with a clear reason', async () => {
    const [, payload] = jws.split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'x' })).toString('base64url')}.${payload}.AA`;
    expect((await verifyOnline(none).expect(200)).body).toMatchObject({ valid: false, reason: 'unsupported_algorithm' });
    const hs = `${Buffer.from(JSON.stringify({ alg: 'HS256', kid: 'x' })).toString('base64url')}.${payload}.AA`;
    expect((await verifyOnline(hs).expect(200)).body).toMatchObject({ valid: false, reason: 'unsupported_algorithm' });
    for (const junk of ['abc', 'a.b', 'a.b.c', `${jws}.x`, '证照']) {
      expect({ junk, body: (await verifyOnline(junk).expect(200)).body }).toMatchObject({
        junk,
        body: { valid: false, reason: 'malformed' },
      });
    }
    expectProblem(await request(app).post('/api/v1/certificates/verify').send({}), 400, 'invalid_body');
  });

  it('an expired certificate and one not yet valid say so', async () => {
    const expired = (await issue({ validFrom: '2025-01-01', validUntil: '2026-03-01' }).expect(201)).body;
    expect(expired.status).toBe('expired');
    expect((await verifyOnline(expired.jws).expect(200)).body).toMatchObject({
      valid: false,
      reason: 'expired',
      claims: { jti: expired.id },
    });
    // Offline, the exp claim says the same to any JOSE library.
    await expect(jwtVerify(expired.jws, createLocalJWKSet(await jwks()))).rejects.toBeInstanceOf(joseErrors.JWTExpired);
    const later = (await issue({ validFrom: '2026-04-01', validUntil: null }).expect(201)).body;
    expect(later.status).toBe('not_yet_valid');
    expect((await verifyOnline(later.jws).expect(200)).body).toMatchObject({ valid: false, reason: 'not_yet_valid' });
    expect((await as('police').get('/api/v1/certificates?status=expired').expect(200)).body.items.map((c: { id: string }) => c.id)).toEqual(
      [expired.id],
    );
  });

  it('a revoked certificate says so online and on its link; revoking twice is 409; audited', async () => {
    const c = (await issue().expect(201)).body;
    const revoked = await as('police').post(`/api/v1/certificates/${c.id}/revoke`).send({ reason: '当事人申请注销' }).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokeReason: '当事人申请注销', revokedBy: w.userId.police });
    expect((await verifyOnline(c.jws).expect(200)).body).toMatchObject({ valid: false, reason: 'revoked' });
    const link = await request(app).get(`/api/v1/certificates/${c.id}/verification`).expect(200);
    expect(link.body).toMatchObject({ valid: false, reason: 'revoked', revokedAt: expect.any(String) });
    expectProblem(await as('bureau').post(`/api/v1/certificates/${c.id}/revoke`).send({ reason: '再次撤销' }), 409, 'already_revoked');
    expect(await w.db('audit_events').where({ action: 'certificate.revoked', object_id: c.id })).toHaveLength(1);
    // The bureau may revoke too.
    const other = (await issue().expect(201)).body;
    await as('bureau').post(`/api/v1/certificates/${other.id}/revoke`).send({ reason: '核查发现证照信息有误' }).expect(200);
  });

  it('the verification link answers without a token: genuine or not, and what to compare with the paper — never the ID number or items', async () => {
    const res = await request(app).get(`/api/v1/certificates/${id}/verification`).expect(200);
    expect(res.body).toMatchObject({
      valid: true,
      reason: null,
      certificateType: '结婚证（电子证照）',
      holderName: '王**',
      issuingDepartmentName: '测试市公安局',
    });
    expect(JSON.stringify(res.body)).not.toContain(HOLDER);
    expect(JSON.stringify(res.body)).not.toContain('东大路');
    expectProblem(await request(app).get(`/api/v1/certificates/${NO_SUCH_ID}/verification`), 404, 'not_found');
    // An organisation's name is public: shown as registered.
    const firm = (await issue({ holderIdType: 'credit_code', holderId: CREDIT_CODE, holderName: '榕城闽江物流有限公司' }).expect(201)).body;
    expect((await request(app).get(`/api/v1/certificates/${firm.id}/verification`).expect(200)).body.holderName).toBe(
      '榕城闽江物流有限公司',
    );
  });

  it('rotation: new certificates carry the new kid, old ones keep verifying offline and online; a removed key verifies nothing', async () => {
    const keys = createServices(w.db, w.clock, { certificateKeysDir: keysDir }).exchange.certificateKeys;
    const before = (await jwks()).keys.map((k) => k.kid);
    const oldKid = JSON.parse(Buffer.from(jws.split('.')[0], 'base64url').toString('utf8')).kid;
    const made = await keys.rotate('定期轮换');
    expect(made.kid).not.toBe(oldKid);
    const after = (await jwks()).keys.map((k) => k.kid);
    expect(after.sort()).toEqual([made.kid, ...before].sort());
    const fresh = (await issue().expect(201)).body;
    expect(fresh.kid).toBe(made.kid);
    const set = createLocalJWKSet(await jwks());
    await jwtVerify(jws, set);
    await jwtVerify(fresh.jws, set);
    expect((await verifyOnline(jws).expect(200)).body).toMatchObject({ valid: true, kid: oldKid });
    expect((await verifyOnline(fresh.jws).expect(200)).body).toMatchObject({ valid: true, kid: made.kid });
    const listed = (await as('bureau').get('/api/v1/certificate-keys').expect(200)).body.items;
    expect(listed.find((k: { kid: string }) => k.kid === made.kid)).toMatchObject({ signing: true, retiredAt: null });
    expect(listed.find((k: { kid: string }) => k.kid === oldKid)).toMatchObject({ signing: false, retiredAt: expect.any(String) });
    expect(await w.db('audit_events').where({ action: 'certificate_key.rotated', object_id: made.kid })).toHaveLength(1);

    await keys.remove(oldKid, '测试：密钥泄露');
    expect((await jwks()).keys.map((k) => k.kid)).not.toContain(oldKid);
    expect((await verifyOnline(jws).expect(200)).body).toMatchObject({ valid: false, reason: 'unknown_kid' });
    expect((await verifyOnline(fresh.jws).expect(200)).body).toMatchObject({ valid: true });
    // Offline, with the JWKS as served now, the same.
    await expect(compactVerify(jws, createLocalJWKSet(await jwks()))).rejects.toBeInstanceOf(joseErrors.JWKSNoMatchingKey);
  });

  it('a signing key whose private file this instance lacks is a 503 that names the folder, and issues nothing', async () => {
    const other = createApp({ db: w.db, clock: w.clock, validateResponses: true, certificateKeysDir: path.join(keysDir, 'elsewhere') });
    const before = await w.counts();
    const res = await request(other)
      .post(`/api/v1/resources/${entry.id}/certificates`)
      .set('Authorization', `Bearer ${w.token.police}`)
      .send(certificateBody());
    expectProblem(res, 503, 'signing_key_unavailable');
    expect(await w.counts()).toEqual(before);
  });

  it('is limited per client address when a limit is set (429 with Retry-After)', async () => {
    const limited = createApp({
      db: w.db,
      clock: w.clock,
      validateResponses: true,
      certificateKeysDir: keysDir,
      publicRateLimitPerMinute: 2,
    });
    await request(limited).post('/api/v1/certificates/verify').send({ jws }).expect(200);
    await request(limited).get(`/api/v1/certificates/${id}/verification`).expect(200);
    const third = await request(limited).post('/api/v1/certificates/verify').send({ jws });
    expectProblem(third, 429, 'rate_limited');
    expect(Number(third.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // The JWKS is not limited (verifiers and caches fetch it).
    await request(limited).get('/.well-known/jwks.json').expect(200);
  });
});

describe('the printable PDF', () => {
  it('starts with %PDF and carries the QR code image of the verification link', async () => {
    const c = (await issue().expect(201)).body;
    const res = await binary(as('police').get(`/api/v1/certificates/${c.id}/pdf`)).expect(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/Subtype \/Image/);
    // The link is in the page (as a link annotation).
    expect(pdf.toString('latin1')).toContain(`/verify/certificates/${c.id})`);
    expect(pdf.toString('latin1')).not.toContain(`/api/v1/certificates/${c.id}/verification`);
    await binary(as('bureau').get(`/api/v1/certificates/${c.id}/pdf`)).expect(200);
    expectProblem(await as('civil').get(`/api/v1/certificates/${c.id}/pdf`), 404, 'not_found');
    expectProblem(await as('edu').get(`/api/v1/certificates/${c.id}/pdf`), 404, 'not_found');
  });
});

describe('the grant holder', () => {
  it('fetches a holder’s certificates: granted items only, masked as the grant says, no JWS; an access record of the call', async () => {
    const other = (await issue({ holderId: OTHER_HOLDER, holderName: '欧阳修远', items: { 公民身份号码: OTHER_HOLDER } }).expect(201)).body;
    const res = await as('edu').get(`/api/v1/grants/${grantId}/certificates?holderId=${HOLDER}`).expect(200);
    expect(res.body.items.length).toBeGreaterThanOrEqual(1);
    for (const c of res.body.items) {
      expect(c.holderId).toBe(HOLDER);
      expect(c.holderName).toBe('王**');
      expect(c).not.toHaveProperty('jws');
      // 出生日期 was not granted; 住址 is sensitive without a masking rule: withheld.
      expect(Object.keys(c.items).sort()).toEqual(['住址', '公民身份号码', '姓名', '登记机关'].sort());
      expect(c.items['公民身份号码']).toBe(`${HOLDER.slice(0, 6)}********${HOLDER.slice(-4)}`);
      expect(c.items['姓名']).toBe('王**');
      expect(c.items['住址']).toBeNull();
      expect(c.items['登记机关']).toBe('鼓楼区婚姻登记处');
      expect(c.masked.sort()).toEqual(['公民身份号码', '姓名'].sort());
      expect(c.withheld).toEqual(['住址']);
    }
    expect(JSON.stringify(res.body)).not.toContain(other.id);
    expect(JSON.stringify(res.body)).not.toContain('1985-06-12');
    const records = await w.db('exchange_access_records').where({ grant_id: grantId }).orderBy('seq', 'desc');
    expect(records[0]).toMatchObject({ mode: 'certificate', rows: res.body.items.length });

    const pdf = await binary(as('edu').get(`/api/v1/certificates/${res.body.items[0].id}/pdf?grantId=${grantId}`)).expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // A certificate of another entry is not within the grant.
    expectProblem(await as('edu').get(`/api/v1/certificates/${NO_SUCH_ID}/pdf?grantId=${grantId}`), 404, 'not_found');
  });

  it('is refused to those not holding the grant and for a grant of another mode', async () => {
    expectProblem(await as('police').get(`/api/v1/grants/${grantId}/certificates?holderId=${HOLDER}`), 403, 'not_grant_holder');
    expectProblem(await as('civil').get(`/api/v1/grants/${grantId}/certificates?holderId=${HOLDER}`), 404, 'not_found');
    const batch = await w
      .as('edu')
      .post('/api/v1/sharing-requests')
      .send({ ...sharingRequestBody(entry.id, { provisionMode: 'batch_exchange', items: ['姓名'] }), submit: true })
      .expect(201);
    expectProblem(await as('edu').get(`/api/v1/grants/${batch.body.grantId}/certificates?holderId=${HOLDER}`), 409, 'wrong_provision_mode');
    expectProblem(await as('edu').get(`/api/v1/grants/${grantId}/certificates`), 400, 'invalid_query');
  });
});

describe('refusals change nothing', () => {
  async function unchanged(res: Promise<request.Response> | request.Test, status: number, code: string) {
    const before = await w.counts();
    expectProblem(await res, status, code);
    expect(await w.counts()).toEqual(before);
  }

  it('denied callers: a consumer cannot issue, another producer cannot issue or revoke, nor the bureau issue', async () => {
    const c = (await issue().expect(201)).body;
    await unchanged(issue({}, 'edu'), 403, 'role_required');
    await unchanged(issue({}, 'bureau'), 403, 'role_required');
    await unchanged(issue({}, 'civil'), 403, 'not_owner');
    await unchanged(as('civil').post(`/api/v1/certificates/${c.id}/revoke`).send({ reason: '越权撤销' }), 404, 'not_found');
    await unchanged(as('edu').post(`/api/v1/certificates/${c.id}/revoke`).send({ reason: '越权撤销' }), 403, 'role_required');
    await unchanged(request(app).post(`/api/v1/resources/${entry.id}/certificates`).send(certificateBody()), 401, 'unauthenticated');
  });

  it('bad input: unknown item, missing holder, bad holder ID, duplicate number, days backwards', async () => {
    await unchanged(issue({ items: { 婚姻状况: '已婚' } }), 422, 'unknown_item');
    const res = await issue({ items: { 婚姻状况: '已婚' } });
    expect(res.body.errors).toEqual([expect.objectContaining({ path: '/items/婚姻状况', code: 'unknown_item' })]);
    await unchanged(issue({ items: { 出生日期: '1985-13-01' } }), 422, 'invalid_value');
    const { holderName: _n, ...noHolder } = certificateBody();
    await unchanged(as('police').post(`/api/v1/resources/${entry.id}/certificates`).send(noHolder), 400, 'invalid_body');
    await unchanged(issue({ holderId: `${HOLDER.slice(0, 17)}${HOLDER[17] === '0' ? '1' : '0'}` }), 422, 'invalid_resident_id');
    await unchanged(issue({ holderIdType: 'credit_code' }), 422, 'invalid_credit_code');
    await unchanged(issue({ validFrom: '2026-03-02', validUntil: '2026-03-01' }), 422, 'invalid_validity');
    await unchanged(issue({ certificateType: '离婚证（电子证照）' }), 422, 'unknown_certificate_type');
    await unchanged(issue({ items: {} }), 400, 'invalid_body');
    await issue({ number: 'JH-DUP-1' }).expect(201);
    await unchanged(issue({ number: 'JH-DUP-1' }), 409, 'duplicate_number');
    await unchanged(issue({}, 'police', NO_SUCH_ID), 404, 'not_found');
  });

  it('an entry without the certificate mode, and one not published, issue nothing', async () => {
    const plain = await publishEntry(w, { name: '无证照方式目录', categoryCode: '301' });
    await unchanged(issue({}, 'police', plain.id), 422, 'mode_not_offered');
    const draft = await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '证照草稿目录', items: ITEMS, provisionModes: [{ mode: 'certificate', certificateName: '结婚证' }] }))
      .expect(201);
    await unchanged(issue({}, 'police', draft.body.id), 409, 'resource_not_published');
  });
});
