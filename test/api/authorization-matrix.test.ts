import request from 'supertest';
import { Contract } from '../../src/http/contract';
import { withResidentIdCheckChar } from '../../src/domain/certificates';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { declaresParameter, undeclaredHeaders, undeclaredIfMatch } from '../support/declared-headers';
import { completeEntry, createWorld, World } from '../support/world';

// Every operation of the contract × every kind of caller. Each operation must have a row here:
// a new operation fails this test until its rights are written down. Denied calls (401, 403,
// 404) must change no row; allowed ones must get past authorization (the object exists, so no
// 401, 403 or 404 — the call may still be refused for its state or content).

type Expect = 'ok' | 401 | 403 | 404;
const ACTORS = ['anonymous', 'producer', 'consumer', 'bureau', 'auditor', 'otherDepartment'] as const;
type Actor = (typeof ACTORS)[number];
// producer: police (producer+consumer), owner of the fixtures; consumer: edu (consumer only), the
// requester of the fixture request and holder of the fixture grant; otherDepartment: civil.
const TOKEN_KEY: Record<Exclude<Actor, 'anonymous'>, 'police' | 'edu' | 'bureau' | 'auditor' | 'civil'> = {
  producer: 'police',
  consumer: 'edu',
  bureau: 'bureau',
  auditor: 'auditor',
  otherDepartment: 'civil',
};

const PUBLIC: Expect[] = ['ok', 'ok', 'ok', 'ok', 'ok', 'ok'];
const ANY_USER: Expect[] = [401, 'ok', 'ok', 'ok', 'ok', 'ok'];
const BUREAU_ONLY: Expect[] = [401, 403, 403, 'ok', 403, 403];
const BUREAU_OR_AUDITOR: Expect[] = [401, 403, 403, 'ok', 'ok', 403];
const OWNER_OR_BUREAU: Expect[] = [401, 'ok', 404, 'ok', 404, 404];
const OWNER_STEP: Expect[] = [401, 'ok', 403, 'ok', 403, 404];
const PRODUCER_OF_ENTRY: Expect[] = [401, 'ok', 403, 403, 403, 404];
const REQUESTER: Expect[] = [401, 403, 'ok', 403, 403, 404];
const REQUEST_PARTIES: Expect[] = [401, 'ok', 'ok', 'ok', 404, 404];
const ANSWERER: Expect[] = [401, 'ok', 403, 403, 403, 404];

//                                anonymous producer consumer bureau auditor other
const MATRIX: Record<string, Expect[]> = {
  getHealth: PUBLIC,
  getMetrics: PUBLIC,
  getOpenApiDocument: PUBLIC,
  redirectToApiDocs: PUBLIC,
  getApiDocs: PUBLIC,
  getConsolePage: PUBLIC,
  listProblemTypes: PUBLIC,
  getProblemType: PUBLIC,
  getMe: ANY_USER,
  getVocabularies: ANY_USER,
  // The category tree: read by everyone, maintained by the bureau (docs/categories.md).
  listCategories: ANY_USER,
  getCategory: ANY_USER,
  createCategory: BUREAU_ONLY,
  updateCategory: BUREAU_ONLY,
  deleteCategory: BUREAU_ONLY,
  listDepartments: ANY_USER,
  getDepartment: ANY_USER,
  createDepartment: BUREAU_ONLY,
  updateDepartment: BUREAU_ONLY,
  listUsers: ANY_USER,
  createUser: BUREAU_ONLY,
  updateUser: BUREAU_ONLY,
  getUser: OWNER_OR_BUREAU,
  listTokens: OWNER_OR_BUREAU,
  createToken: OWNER_OR_BUREAU,
  revokeToken: OWNER_OR_BUREAU,
  // Sign-in (ADR 0043): public; a bearer token has no session to end; the bureau sets passwords.
  createSession: PUBLIC,
  deleteCurrentSession: [401, 403, 403, 403, 403, 403],
  changeMyPassword: ANY_USER,
  setUserPassword: BUREAU_ONLY,
  listProjects: ANY_USER,
  createProject: [401, 'ok', 403, 'ok', 403, 'ok'],
  getProject: OWNER_OR_BUREAU,
  updateProject: OWNER_STEP,
  getProjectHistory: OWNER_OR_BUREAU,
  getOnboarding: OWNER_OR_BUREAU,
  startProjectConstruction: OWNER_STEP,
  completeProject: OWNER_STEP,
  startTrialRun: OWNER_STEP,
  resumeAfterRectification: OWNER_STEP,
  reportAcceptanceDelay: OWNER_STEP,
  refuseAcceptanceDelay: BUREAU_ONLY,
  passPreliminaryAcceptance: BUREAU_ONLY,
  acceptProject: BUREAU_ONLY,
  failAcceptance: BUREAU_ONLY,
  declareNoSharingRequests: PRODUCER_OF_ENTRY,
  verifyOnboarding: BUREAU_ONLY,
  getRegistration: OWNER_OR_BUREAU,
  getRegistrationWorkbook: OWNER_OR_BUREAU,
  getRegistrationPdf: OWNER_OR_BUREAU,
  getProjectSharingForm: OWNER_OR_BUREAU,
  getProjectSharingFormPdf: OWNER_OR_BUREAU,
  fileRegistration: PRODUCER_OF_ENTRY,
  receiveRegistration: BUREAU_ONLY,
  searchResources: ANY_USER,
  getResourceFacets: ANY_USER,
  getResource: ANY_USER,
  listResourceVersions: ANY_USER,
  createResource: [401, 'ok', 403, 403, 403, 'ok'],
  // The catalog in and out of Excel: the template and the exports for anyone signed in (an export holds
  // what the caller's search shows); an import creates drafts, so producers only.
  getResourceImportTemplate: ANY_USER,
  importResources: [401, 'ok', 403, 403, 403, 'ok'],
  exportResourcesXlsx: ANY_USER,
  exportResourcesCsv: ANY_USER,
  updateResource: PRODUCER_OF_ENTRY,
  submitResource: PRODUCER_OF_ENTRY,
  // A draft never published: its own department's producers; the bureau reviews but owns no draft.
  deleteResource: PRODUCER_OF_ENTRY,
  publishResource: BUREAU_ONLY,
  returnResource: BUREAU_ONLY,
  withdrawResource: [401, 'ok', 403, 403, 403, 403],
  listConnections: ANY_USER,
  declareConnection: [401, 'ok', 403, 403, 403, 403],
  confirmConnection: BUREAU_ONLY,
  listSharingRequests: ANY_USER,
  exportSharingRequests: ANY_USER,
  getSharingRequestStats: BUREAU_ONLY,
  createSharingRequest: [401, 'ok', 'ok', 403, 403, 'ok'],
  getSharingRequest: REQUEST_PARTIES,
  getSharingRequestForm: REQUEST_PARTIES,
  getSharingRequestFormPdf: REQUEST_PARTIES,
  updateSharingRequest: REQUESTER,
  submitSharingRequest: REQUESTER,
  cancelSharingRequest: REQUESTER,
  escalateSharingRequest: REQUESTER,
  approveSharingRequest: ANSWERER,
  rejectSharingRequest: ANSWERER,
  decideSharingDispute: BUREAU_ONLY,
  listGrants: ANY_USER,
  getGrant: REQUEST_PARTIES,
  revokeGrant: [401, 'ok', 403, 'ok', 403, 404],
  listCalendarYears: ANY_USER,
  getCalendarYear: ANY_USER,
  putCalendarYear: BUREAU_ONLY,
  listAuditEvents: ANY_USER,
  verifyAuditChain: BUREAU_OR_AUDITOR,
  listAuditCheckpoints: BUREAU_OR_AUDITOR,
  signAuditCheckpoint: BUREAU_OR_AUDITOR,
  getBoard: BUREAU_OR_AUDITOR,
  uploadDelivery: [401, 'ok', 403, 403, 403, 403],
  listDeliveries: [401, 'ok', 403, 'ok', 403, 403],
  getDelivery: [401, 'ok', 403, 'ok', 403, 403],
  // Only the consuming department holding the grant: the producer and the bureau see the grant, but receive no data.
  downloadGrantData: [401, 403, 'ok', 403, 404, 404],
  queryGrantData: [401, 403, 'ok', 403, 404, 404],
  verifyGrantData: [401, 403, 'ok', 403, 404, 404],
  getGrantTerms: REQUEST_PARTIES,
  // The producing department alone decides what its data releases (the bureau revokes instead).
  setGrantTerms: [401, 'ok', 403, 403, 403, 404],
  // Each sees its own side's records (docs/exchange.md); an empty list is an answer, not a denial.
  listAccessRecords: ANY_USER,
  exportAccessRecords: ANY_USER,
  verifyAccessChain: BUREAU_OR_AUDITOR,
  probeEndpoint: [401, 'ok', 403, 'ok', 403, 403],
  // A producer's own department's streams (an empty list for another producer), all for the bureau and auditors.
  listOverdueDeliveries: [401, 'ok', 403, 'ok', 'ok', 'ok'],
  // Certificates: issued by a producer of the entry's department; read and revoked by it and the bureau;
  // verified by anyone (public, limited per address); fetched under a grant by its holder alone.
  issueCertificate: [401, 'ok', 403, 403, 403, 403],
  listCertificates: ANY_USER,
  getCertificate: OWNER_OR_BUREAU,
  getCertificatePdf: OWNER_OR_BUREAU,
  revokeCertificate: [401, 'ok', 403, 'ok', 403, 404],
  verifyCertificate: PUBLIC,
  getCertificateVerification: PUBLIC,
  getCertificateJwks: PUBLIC,
  listCertificateKeys: BUREAU_OR_AUDITOR,
  listGrantCertificates: [401, 403, 'ok', 403, 404, 404],
  // Attachments: visible to whoever sees their object; added by those who may change it while it is
  // open; removed by the uploading department alone (the fixture's connection is confirmed: 409 for it).
  uploadProjectAttachment: OWNER_STEP,
  listProjectAttachments: OWNER_OR_BUREAU,
  uploadRegistrationAttachment: PRODUCER_OF_ENTRY,
  listRegistrationAttachments: OWNER_OR_BUREAU,
  uploadConnectionAttachment: [401, 'ok', 403, 403, 403, 403],
  listConnectionAttachments: ANY_USER,
  getAttachment: OWNER_OR_BUREAU,
  downloadAttachment: OWNER_OR_BUREAU,
  deleteAttachment: [401, 'ok', 403, 403, 403, 403],
  // To-do lists: everyone has one (an auditor's is empty). A department's webhook: its own producers
  // and consumers, or the bureau (the fixture webhook is the police's).
  getMyTodos: ANY_USER,
  getDepartmentWebhook: [401, 'ok', 403, 'ok', 403, 403],
  putDepartmentWebhook: [401, 'ok', 403, 'ok', 403, 403],
  deleteDepartmentWebhook: [401, 'ok', 403, 'ok', 403, 403],
  listWebhookDeliveries: [401, 'ok', 403, 'ok', 403, 403],
};

let w: World;
const ids: Record<string, string> = {};
let serial = 0;

async function publish(body: Record<string, unknown>) {
  const d = await w.as('police').post('/api/v1/resources').send(completeEntry(body)).expect(201);
  await w.as('police').post(`/api/v1/resources/${d.body.id}/submit`).expect(200);
  return (await w.as('bureau').post(`/api/v1/resources/${d.body.id}/publish`).expect(200)).body.id as string;
}

beforeAll(async () => {
  w = await createWorld();
  ids.resPub = await publish({ name: '矩阵已发布目录' });
  ids.resUncond = await publish({ name: '矩阵无条件目录', categoryCode: '309', sharingType: 'unconditional', sharingConditions: null });
  ids.resWithdraw = await publish({ name: '矩阵待撤销目录', categoryCode: '301' });
  ids.resDraft = (
    await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '矩阵草稿' }))
      .expect(201)
  ).body.id;
  // A draft of its own for deleteResource: the matrix sends If-Match: *, so an allowed call deletes it.
  ids.resDraftToDelete = (
    await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '矩阵待删草稿' }))
      .expect(201)
  ).body.id;
  ids.resSubmitted = (
    await w
      .as('police')
      .post('/api/v1/resources')
      .send(completeEntry({ name: '矩阵待审' }))
      .expect(201)
  ).body.id;
  await w.as('police').post(`/api/v1/resources/${ids.resSubmitted}/submit`).expect(200);
  ids.project = (
    await w
      .as('police')
      .post('/api/v1/projects')
      .send({ code: 'MX-1', name: '矩阵项目', content: '内容', approvedBudgetYuan: 1 })
      .expect(201)
  ).body.id;
  const req = {
    provisionMode: 'query_api',
    items: ['公民身份号码', '姓名'],
    purpose: '核验',
    basis: '依据',
    scopeOfUse: '范围',
    periodStart: '2026-03-02',
    periodEnd: '2026-12-31',
  };
  const filed = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...req, resourceId: ids.resPub })
    .expect(201);
  await w.as('edu').post(`/api/v1/sharing-requests/${filed.body.id}/submit`).expect(200);
  ids.request = filed.body.id;
  const granted = await w
    .as('edu')
    .post('/api/v1/sharing-requests')
    .send({ ...req, resourceId: ids.resUncond, provisionMode: 'batch_exchange' })
    .expect(201);
  ids.grant = (await w.as('edu').post(`/api/v1/sharing-requests/${granted.body.id}/submit`).expect(200)).body.grantId;
  // A connection of the one mode the bureau still confirms by hand ('other').
  ids.resOther = await publish({ name: '矩阵前置机目录', categoryCode: '302', provisionModes: [{ mode: 'other', description: '前置机' }] });
  ids.connection = (
    await w
      .as('police')
      .post(`/api/v1/resources/${ids.resOther}/connections`)
      .send({ mode: 'other', reference: '前置机', evidence: '部署记录' })
      .expect(201)
  ).body.id;
  await w
    .as('police')
    .post(`/api/v1/resources/${ids.resPub}/deliveries`)
    .set('Content-Type', 'text/csv')
    .send(Buffer.from('公民身份号码,姓名\n110105199001011234,张三\n'))
    .expect(201);
  ids.resCert = await publish({
    name: '矩阵证照目录',
    categoryCode: '302',
    provisionModes: [{ mode: 'certificate', certificateName: '矩阵证照' }],
  });
  ids.certificate = (
    await w
      .as('police')
      .post(`/api/v1/resources/${ids.resCert}/certificates`)
      .send({ ...certificateBody(), number: 'MX-CERT-0' })
      .expect(201)
  ).body.id;
  // A category of the bureau's own, for the tree's operations to change.
  await w.as('bureau').post('/api/v1/categories').send({ code: '310001', name: '矩阵分类' }).expect(201);
  // A login name and password to sign in with (createSession).
  const police = await w.as('bureau').get(`/api/v1/users/${w.userId.police}`).expect(200);
  await w
    .as('bureau')
    .patch(`/api/v1/users/${w.userId.police}`)
    .set('If-Match', police.headers.etag)
    .send({ loginName: 'matrix' })
    .expect(200);
  await w.as('bureau').post(`/api/v1/users/${w.userId.police}/password`).send({ password: 'Matrix2026pw' }).expect(204);
  ids.token = (await w.as('police').post(`/api/v1/users/${w.userId.police}/tokens`).send({ name: '矩阵令牌' }).expect(201)).body.id;
  const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
  ids.attachment = (
    await w
      .as('police')
      .post(`/api/v1/projects/${ids.project}/attachments?kind=design&fileName=${encodeURIComponent('矩阵设计方案.pdf')}`)
      .set('Content-Type', 'application/pdf')
      .send(pdf)
      .expect(201)
  ).body.id;
  // Evidence of a connection the bureau has confirmed: closed, so its removal is refused (409) after the rights check.
  const confirmed = (
    await w
      .as('police')
      .post(`/api/v1/resources/${ids.resOther}/connections`)
      .send({ mode: 'other', reference: '前置机二', evidence: '部署记录' })
      .expect(201)
  ).body.id;
  ids.closedAttachment = (
    await w
      .as('police')
      .post(`/api/v1/connections/${confirmed}/attachments?kind=evidence&fileName=${encodeURIComponent('部署记录.pdf')}`)
      .set('Content-Type', 'application/pdf')
      .send(pdf)
      .expect(201)
  ).body.id;
  await w.as('bureau').post(`/api/v1/connections/${confirmed}/confirm`).expect(200);
  await w
    .as('police')
    .put(`/api/v1/departments/${w.departmentId.police}/webhook`)
    .send({ url: 'https://hooks.example.gov.cn/catalog' })
    .expect(200);
  await w.db('project_registrations').insert({
    project_id: ids.project,
    number: 'RJ-DJ-2026-000001',
    outcomes: '成果',
    acceptance_materials: '材料',
    sharing_request_forms: '无',
    scope_and_desensitization: '范围',
    total_data_volume: '1',
    data_format: '数据库',
    shared: true,
    handler: '经办人',
    registered_on: '2026-03-02',
    registered_by: w.userId.police,
    registered_at: w.clock.now().toISOString(),
  });
});
afterAll(async () => {
  await w.destroy();
});

function resourceFor(operationId: string): string {
  if (operationId === 'deleteResource') return ids.resDraftToDelete;
  if (['updateResource', 'submitResource'].includes(operationId)) return ids.resDraft;
  if (['publishResource', 'returnResource'].includes(operationId)) return ids.resSubmitted;
  if (operationId === 'withdrawResource') return ids.resWithdraw;
  if (operationId === 'declareConnection') return ids.resOther;
  if (operationId === 'issueCertificate') return ids.resCert;
  return ids.resPub;
}

function pathFor(operationId: string, path: string): string {
  return path
    .replace('{departmentId}', w.departmentId.police)
    .replace('{userId}', w.userId.police)
    .replace('{tokenId}', ids.token)
    .replace('{projectId}', ids.project)
    .replace('{resourceId}', resourceFor(operationId))
    .replace('{requestId}', ids.request)
    .replace('{grantId}', ids.grant)
    .replace('{connectionId}', ids.connection)
    .replace('{year}', '2026')
    .replace('{categoryCode}', '310001')
    .replace('{seq}', '1')
    .replace('{certificateId}', ids.certificate)
    .replace('{code}', 'not_found')
    .replace('{attachmentId}', operationId === 'deleteAttachment' ? ids.closedAttachment : ids.attachment)
    .concat(operationId === 'listGrantCertificates' ? `?holderId=${CERTIFICATE_HOLDER}` : '')
    .concat(UPLOAD_KINDS[operationId] ? `?kind=${UPLOAD_KINDS[operationId]}&fileName=a.pdf` : '');
}

/** The kind each attachment upload is called with (the body is empty: refused after the rights check). */
const UPLOAD_KINDS: Record<string, string> = {
  uploadProjectAttachment: 'design',
  uploadRegistrationAttachment: 'outcomes',
  uploadConnectionAttachment: 'evidence',
};

const CERTIFICATE_HOLDER = withResidentIdCheckChar('11010519900101123');
function certificateBody() {
  return {
    holderName: '张三',
    holderIdType: 'resident_id',
    holderId: CERTIFICATE_HOLDER,
    items: { 姓名: '张三' },
    validFrom: '2026-03-02',
  };
}

function bodyFor(operationId: string): object | undefined {
  serial += 1;
  const bodies: Record<string, object> = {
    createDepartment: {
      name: `矩阵部门${serial}`,
      creditCode: withCreditCodeCheckChar(`11350100MX${String(serial).padStart(7, '0')}`),
      level: 'municipal',
    },
    updateDepartment: { level: 'municipal' },
    createUser: { name: `矩阵用户${serial}`, departmentId: w.departmentId.police, roles: ['consumer'] },
    updateUser: { name: '矩阵改名' },
    createToken: { name: '矩阵令牌' },
    createSession: { loginName: 'matrix', password: 'Matrix2026pw' },
    changeMyPassword: { currentPassword: 'Wrong2026pw', newPassword: 'Matrix2026new' },
    setUserPassword: { password: 'Matrix2026pw' },
    createProject: { code: `MX-P-${serial}`, name: '矩阵项目', content: '内容', approvedBudgetYuan: 1 },
    updateProject: { name: '矩阵项目改名' },
    createResource: { name: `矩阵目录${serial}`, categoryCode: '301' },
    createCategory: { code: `310${String(100 + serial).padStart(3, '0')}`, name: `矩阵新增分类${serial}` },
    updateCategory: { name: `矩阵分类改名${serial}` },
    updateResource: { summary: '矩阵修改' },
    returnResource: { reason: '退回' },
    withdrawResource: { reason: '撤销' },
    createSharingRequest: {
      resourceId: ids.resPub,
      provisionMode: 'batch_exchange',
      items: ['姓名'],
      purpose: '用途',
      basis: '依据',
      scopeOfUse: '范围',
      periodStart: '2026-03-02',
      periodEnd: '2026-12-31',
    },
    updateSharingRequest: { purpose: '新用途' },
    approveSharingRequest: {},
    rejectSharingRequest: { reason: '拒绝理由' },
    escalateSharingRequest: { reason: '申请裁决' },
    decideSharingDispute: { decision: 'uphold', reason: '维持' },
    revokeGrant: { reason: '撤销授权' },
    putCalendarYear: { source: '矩阵测试', holidays: [{ name: '元旦', start: '2026-01-01', end: '2026-01-03' }], workdays: [] },
    failAcceptance: { findings: '未通过' },
    resumeAfterRectification: { note: '已整改' },
    reportAcceptanceDelay: { reason: '延期', newDate: '2099-01-01' },
    refuseAcceptanceDelay: { reason: '不同意延期' },
    declareNoSharingRequests: { statement: '无申请' },
    fileRegistration: { outcomes: '成果', acceptanceMaterials: '材料', scopeAndDesensitization: '范围', handler: '经办人' },
    receiveRegistration: { receiver: '接收人' },
    setGrantTerms: { clearItems: [], requestsPerMinute: 600, rowsPerDay: 1000 },
    queryGrantData: { input: { 公民身份号码: '110105199001011234' } },
    verifyGrantData: { values: { 公民身份号码: '110105199001011234', 姓名: '张三' } },
    probeEndpoint: { mode: 'query_api' },
    issueCertificate: { ...certificateBody(), number: `MX-CERT-${serial}` },
    revokeCertificate: { reason: '撤销证照' },
    verifyCertificate: { jws: 'eyJhbGciOiJFZERTQSJ9.e30.AA' },
    declareConnection: { mode: 'other', reference: '前置机', evidence: '部署记录' },
    putDepartmentWebhook: { url: 'https://hooks.example.gov.cn/catalog' },
  };
  return bodies[operationId];
}

const ACCESS_LOG = ['exchange_access_records', 'exchange_access_head', 'exchange_usage'];
const withoutAccessLog = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([t]) => !ACCESS_LOG.includes(t)));

describe('the authorization matrix', () => {
  const contract = new Contract();
  const operations = [...contract.operations.values()];

  it('has a row for every operation of the contract, and none for operations that do not exist', () => {
    expect(operations.map((o) => o.operationId).filter((id) => !MATRIX[id])).toEqual([]);
    expect(Object.keys(MATRIX).filter((id) => !contract.operations.has(id))).toEqual([]);
  });

  // Denials first, so allowed calls cannot change what a denial sees.
  const order: Actor[] = ['anonymous', 'consumer', 'otherDepartment', 'auditor', 'producer', 'bureau'];
  it.each(operations.map((o) => [o.operationId, o] as const))('%s: every caller gets what its rights say', async (operationId, op) => {
    const expected = MATRIX[operationId];
    const outcomes: string[] = [];
    for (const actor of order) {
      const want = expected[ACTORS.indexOf(actor)];
      const req = request(w.app)[op.method](pathFor(operationId, op.path));
      if (actor !== 'anonymous') req.set('Authorization', `Bearer ${w.token[TOKEN_KEY[actor]]}`);
      // If-Match where the contract declares it; an operation that asks for it undeclared answers 428 (checked below).
      if (declaresParameter(op, 'If-Match')) req.set('If-Match', '*');
      const body = bodyFor(operationId);
      const before = want === 'ok' ? null : await w.counts();
      const res = await (body ? req.send(body) : req);
      const got = res.status;
      const fine = want === 'ok' ? ![401, 403, 404].includes(got) && got < 500 : got === want;
      if (!fine) outcomes.push(`${actor}: expected ${want}, got ${got} ${res.body?.code ?? ''}`);
      // The headers it reads and returns are declared (test/support/declared-headers.ts).
      outcomes.push(...undeclaredHeaders(contract, op, res), ...undeclaredIfMatch(op, res));
      if (before) {
        // A refused exchange call leaves its access record (and counts against the holder's quota): that is the point of them.
        const after = await w.counts();
        if (JSON.stringify(withoutAccessLog(after)) !== JSON.stringify(withoutAccessLog(before))) {
          outcomes.push(`${actor}: a denied call changed rows`);
        }
      }
    }
    expect(outcomes).toEqual([]);
  });
});
