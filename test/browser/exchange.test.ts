import fs from 'node:fs';
import { withResidentIdCheckChar } from '../../src/domain/certificates';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// The data exchange as its clerks use it: civil affairs (the producer) sees how its grant to the
// education bureau is used and uploads a delivery of its allowance roll — a refused file with a bad
// row shown by line, then the same file with the bad row skipped; the education bureau (the
// consumer) downloads the granted data, verifies and queries a person through the population
// grants, and reads its access records; another department sees no such grant.

let w: ConsoleWorld;
let allowanceGrant: string;
let populationQueryGrant: string;
let populationVerifyGrant: string;

const LIN = { id: withResidentIdCheckChar('35010219850612002'), name: '林晓燕', sex: '2' };
const CHEN = { id: withResidentIdCheckChar('35010319790301003'), name: '陈志远', sex: '1' };

interface GrantRow {
  id: string;
  resourceId: string;
  resourceName: string;
  provisionMode: string;
}

async function grantsOf(token: string, side: 'incoming' | 'outgoing'): Promise<GrantRow[]> {
  const answer = await w.server.call(token, 'GET', `/api/v1/grants?side=${side}&limit=100`);
  expect(answer.status).toBe(200);
  return (answer.body as unknown as { items: GrantRow[] }).items;
}

beforeAll(async () => {
  w = await startConsole();
  // The demo city: the education bureau holds a batch grant on civil affairs' allowance roll (delivered
  // once) and, by rule, a query grant on the police's population register (nothing delivered yet).
  const edu = await grantsOf('demo-edu-consumer-token', 'outgoing');
  allowanceGrant = edu.find((g) => g.resourceName === '最低生活保障对象信息' && g.provisionMode === 'batch_exchange')!.id;
  const query = edu.find((g) => g.resourceName === '户籍人口基本信息' && g.provisionMode === 'query_api')!;
  populationQueryGrant = query.id;
  // Set up what the journey does not cover: the police deliver two people, and the education bureau
  // asks for the verification API too (unconditional sharing: granted by rule on submission).
  const header = '公民身份号码,姓名,曾用名,性别,民族,出生日期,出生地,户籍地址,户号,与户主关系,户籍登记机关,迁入日期';
  const csv = [
    header,
    `${LIN.id},${LIN.name},,${LIN.sex},01,1985-06-12,福建省榕城市,榕城市鼓楼区东街1号,350102001,02,东街派出所,2010-05-01`,
    `${CHEN.id},${CHEN.name},,${CHEN.sex},01,1979-03-01,福建省榕城市,榕城市台江区五一路8号,350103002,01,五一派出所,2001-09-15`,
  ].join('\n');
  const delivered = await fetch(`${w.url}/api/v1/resources/${query.resourceId}/deliveries`, {
    method: 'POST',
    headers: { Authorization: 'Bearer demo-police-token', 'Content-Type': 'text/csv' },
    body: `${csv}\n`,
  });
  expect(delivered.status).toBe(201);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const filed = await w.server.call('demo-edu-consumer-token', 'POST', '/api/v1/sharing-requests', {
    resourceId: query.resourceId,
    provisionMode: 'verification_api',
    items: ['公民身份号码', '姓名', '性别'],
    purpose: '义务教育招生入学报名时核验适龄儿童监护人身份',
    basis: '《中华人民共和国义务教育法》第十二条',
    scopeOfUse: '市教育局招生入学管理',
    periodStart: today,
    periodEnd: `${Number(today.slice(0, 4)) + 1}-06-30`,
    submit: true,
  });
  expect(filed.status).toBe(201);
  populationVerifyGrant = (await grantsOf('demo-edu-consumer-token', 'outgoing')).find(
    (g) => g.resourceName === '户籍人口基本信息' && g.provisionMode === 'verification_api',
  )!.id;
  // One download already made, so the producer sees its grant used.
  const downloaded = await fetch(`${w.url}/api/v1/grants/${allowanceGrant}/data`, {
    headers: { Authorization: 'Bearer demo-edu-consumer-token' },
  });
  expect(downloaded.status).toBe(200);
  await downloaded.arrayBuffer();
}, 90_000);
afterAll(() => w?.close());

const HEADER = '低保证编号,户主公民身份号码,户主姓名,家庭人口数,保障人数,保障类别,月保障金额,所在乡镇（街道）,认定日期';
const ROLL = [
  HEADER,
  `榕民低保TEST0001,${LIN.id},${LIN.name},3,2,城市,2550.00,鼓楼区东街街道,2024-03-15`,
  `榕民低保TEST0002,${CHEN.id},${CHEN.name},2,2,农村,1700.00,仓山区城门镇,2023-11-02`,
  // Line 4: a date that is no date.
  `榕民低保TEST0003,${withResidentIdCheckChar('35010419700101004')},黄德福,1,1,城市,850.00,台江区瀛洲街道,2025-13-45`,
  `榕民低保TEST0004,${withResidentIdCheckChar('35011119880808005')},郑春花,4,3,城市,3400.00,晋安区新店镇,2022-07-20`,
].join('\n');

describe('the data exchange', () => {
  it('shows the producer how its grant is used and takes a delivery with a progress bar, its bad row shown by line', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'civil');
    await page.getByRole('link', { name: '我的授权' }).click();
    await page.getByRole('tab', { name: '本部门数据的授权' }).click();
    const row = page.getByRole('row').filter({ hasText: '最低生活保障对象信息' });
    await shown(row.getByText('榕城市教育局'));
    await shown(row.getByText('数据批量交换'));
    await shown(row.getByText('有效'));
    await shown(row.getByText(/每分钟 60 次，每日 10,000,000 行/));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'grants-list');

    await row.getByRole('link', { name: '最低生活保障对象信息' }).click();
    await page.getByRole('heading', { name: '授权：最低生活保障对象信息' }).waitFor();
    // How it is used: the education bureau's download, today.
    const usage = page.getByRole('table', { name: '按日统计的使用情况' });
    await shown(usage.getByRole('cell', { name: '榕城市教育局' }));
    await shown(page.getByText('交换条件与今日用量'));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'grant-producer');
    // The producer sets the grant's terms (the ETag the page read goes with the change).
    await page.getByRole('button', { name: '设定交换条件' }).click();
    const terms = page.getByRole('dialog', { name: '设定交换条件' });
    await terms.getByLabel('每分钟调用上限（次）').fill('120');
    await terms.getByRole('button', { name: /保\s*存/ }).click();
    await shown(page.getByText('交换条件已更新'));
    await shown(page.getByText('120 次'));
    await shown(page.getByText(/提供部门于 .* 设定/));

    await page.getByRole('tab', { name: '数据交付' }).click();
    // The demo's first delivery is in the history.
    await shown(page.getByRole('table', { name: '交付记录' }).getByText('低保对象名单.csv'));
    const file = { name: '低保对象名单-12月.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${ROLL}\n`, 'utf8') };
    // Refused whole by default: nothing taken, the bad row named by its line and item.
    await page.getByLabel('交付文件').setInputFiles(file);
    await page.getByRole('button', { name: '上传交付' }).click();
    await shown(page.getByRole('alert').filter({ hasText: '整批未接收' }));
    const refused = page.getByRole('table', { name: '被拒绝的数据行' });
    await shown(refused.getByRole('cell', { name: '第 4 行' }));
    await shown(refused.getByRole('cell', { name: '认定日期' }));
    // Then skip the bad row: the rest is taken.
    await page.getByRole('combobox', { name: '有不合格的行时' }).click();
    await page.getByTitle('跳过不合格的行').click();
    await page.getByRole('button', { name: '上传交付' }).click();
    await shown(page.getByRole('status').filter({ hasText: '第 2 次交付已接收：收到 4 行，接收 3 行，拒绝 1 行' }));
    const progress = page.getByRole('progressbar', { name: '上传进度' });
    await shown(progress);
    expect(await progress.getAttribute('aria-valuenow')).toBe('100');
    const rejected = page.getByRole('table', { name: '被拒绝的数据行' });
    await shown(rejected.getByRole('cell', { name: '第 4 行' }));
    await shown(rejected.getByRole('cell', { name: '认定日期' }));
    await shown(rejected.getByText(/第 4 行“认定日期”/));
    const history = page.getByRole('table', { name: '交付记录' });
    await shown(history.getByRole('row').filter({ hasText: '第 2 次' }).filter({ hasText: '低保对象名单-12月.csv' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'delivery-uploaded');
    await context.close();
  }, 90_000);

  it('lets the consumer download the granted data, verify and query a person, and read its access records', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto('/grants');
    const held = page.getByRole('table', { name: '本部门持有的授权' });
    await shown(held.getByRole('row').filter({ hasText: '最低生活保障对象信息' }).getByText('榕城市民政局'));
    await shown(held.getByRole('row').filter({ hasText: '信息核验接口' }).getByText('户籍人口基本信息'));
    // A consumer only: no producer's tab.
    expect(await page.getByRole('tab', { name: '本部门数据的授权' }).count()).toBe(0);

    await page.goto(`/grants/${allowanceGrant}`);
    await page.getByRole('tab', { name: '下载数据' }).click();
    // The consumer cannot deliver: no upload there.
    expect(await page.getByRole('tab', { name: '数据交付' }).count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 CSV' }).click()]);
    expect(await download.failure()).toBeNull();
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    // The latest delivery, the granted items only, the ID numbers masked (first 6 and last 4 kept).
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('低保证编号,户主公民身份号码,户主姓名,保障类别,所在乡镇（街道）');
    expect(csv).toContain('榕民低保TEST0001');
    expect(csv).not.toContain('榕民低保TEST0003');
    expect(csv).not.toContain(LIN.id);
    expect(csv).toContain(`${LIN.id.slice(0, 6)}********${LIN.id.slice(-4)}`);
    expect(csv).not.toContain('月保障金额');

    await page.goto(`/grants/${populationVerifyGrant}`);
    await page.getByRole('tab', { name: '信息核验' }).click();
    const verify = page.getByRole('form', { name: '信息核验' });
    await verify.getByLabel('公民身份号码').fill(LIN.id);
    await verify.getByLabel('姓名').fill(LIN.name);
    await verify.getByLabel('性别').fill(LIN.sex);
    await verify.getByRole('button', { name: /核\s*验/ }).click();
    await shown(page.getByRole('status').filter({ hasText: '核验结果：一致' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'grant-consumer-verify');
    await verify.getByLabel('性别').fill('1');
    await verify.getByRole('button', { name: /核\s*验/ }).click();
    await shown(page.getByRole('status').filter({ hasText: '核验结果：不一致' }));

    await page.goto(`/grants/${populationQueryGrant}`);
    await page.getByRole('tab', { name: '信息查询' }).click();
    const query = page.getByRole('form', { name: '信息查询' });
    await query.getByLabel('公民身份号码').fill(CHEN.id);
    await query.getByLabel('姓名').fill(CHEN.name);
    await query.getByRole('button', { name: /查\s*询/ }).click();
    await shown(page.getByRole('status').filter({ hasText: '查到 1 条记录' }));
    const answer = page.getByRole('table', { name: '查询结果' });
    await shown(answer.getByRole('columnheader', { name: '性别' }));
    await shown(answer.getByRole('cell', { name: CHEN.sex, exact: true }));
    // Every input item is needed: the form says so before asking the service.
    await query.getByLabel('姓名').fill('');
    await query.getByRole('button', { name: /查\s*询/ }).click();
    await shown(page.getByText('请填写“姓名”'));

    await page.getByRole('link', { name: '调用记录', exact: true }).click();
    const records = page.getByRole('table', { name: '调用记录' });
    await shown(records.getByRole('row').filter({ hasText: '下载数据' }).filter({ hasText: '最低生活保障对象信息' }));
    await shown(records.getByRole('row').filter({ hasText: '信息核验' }).filter({ hasText: '户籍人口基本信息' }));
    await shown(records.getByRole('row').filter({ hasText: '信息查询' }).filter({ hasText: '成功' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'access-records');
    // Narrowed to the verification API, then exported as CSV.
    await page.getByRole('combobox', { name: '提供方式' }).click();
    await page.getByTitle('信息核验接口').click();
    await shown(records.getByRole('row').filter({ hasText: '信息核验' }));
    // The unfiltered rows showed 信息核验 too: the filter has applied once the downloads are gone.
    await records.getByRole('row').filter({ hasText: '下载数据' }).first().waitFor({ state: 'detached' });
    expect(await records.getByRole('row').filter({ hasText: '下载数据' }).count()).toBe(0);
    const href = await page.getByRole('link', { name: '导出 CSV' }).getAttribute('href');
    expect(href).toContain('mode=verification_api');
    const exported = await page.request.get(href!);
    expect(exported.status()).toBe(200);
    const text = await exported.text();
    expect(text).toContain('户籍人口基本信息');
    expect(text).not.toContain('最低生活保障对象信息');
    await context.close();
  }, 90_000);

  it('shows another department no such grant, and gives it no data', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'housing');
    await page.goto('/grants');
    const held = page.getByRole('table', { name: '本部门持有的授权' });
    // Its own grant is there (the query grant on the property register), the education bureau's is not.
    await shown(held.getByText('不动产登记信息'));
    expect(await held.getByText('最低生活保障对象信息').count()).toBe(0);
    await page.goto(`/grants/${allowanceGrant}`);
    await shown(page.getByText('授权不存在'));
    expect(await page.getByRole('tab', { name: '下载数据' }).count()).toBe(0);
    const data = await page.request.get(`/api/v1/grants/${allowanceGrant}/data`);
    expect([403, 404]).toContain(data.status());
    await context.close();
  }, 90_000);

  it('lets the producer of a certificate grant see, print and revoke its certificates, and the holder fetch one', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'market');
    await page.goto('/grants');
    await page.getByRole('tab', { name: '本部门数据的授权' }).click();
    const row = page.getByRole('row').filter({ hasText: '营业执照电子证照信息' });
    await shown(row.getByText('榕城市交通运输局'));
    await row.getByRole('link', { name: '营业执照电子证照信息' }).click();
    await page.getByRole('tab', { name: '电子证照' }).click();
    const certificates = page.getByRole('table', { name: '已签发的电子证照' });
    await shown(certificates.getByRole('row').filter({ hasText: '仓山区阿福鱼丸店' }).getByText('已注销'));

    // The issue form asks for what a certificate needs before it reaches the service.
    await page.getByRole('button', { name: '签发电子证照' }).click();
    const dialog = page.getByRole('dialog', { name: '签发电子证照' });
    await dialog.getByRole('button', { name: /签\s*发/ }).click();
    await shown(dialog.getByText('请填写持证人名称'));
    await shown(dialog.getByText('请填写证照编号'));
    await dialog.getByLabel('有效期起').fill('2024/05/06');
    await shown(dialog.getByText('请按 2026-03-02 的格式填写日期'));
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });

    const licence = certificates.getByRole('row').filter({ hasText: '榕城三坊七巷文化旅游发展有限公司' });
    await shown(licence.getByText('有效'));
    const pdf = await page.request.get((await licence.getByRole('link', { name: '打印（PDF）' }).getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'grant-producer-certificates');

    // Revoked with a reason; the confirmation is disabled until one is given.
    await licence.getByRole('button', { name: /^注\s*销$/ }).click();
    const revoke = page.getByRole('dialog', { name: /注销电子证照/ });
    expect(await revoke.getByRole('button', { name: '确认注销' }).isDisabled()).toBe(true);
    await revoke.getByLabel('注销理由').fill('企业申请注销登记，营业执照收回');
    await revoke.getByRole('button', { name: '确认注销' }).click();
    await shown(page.getByText(/已注销电子证照 RC-YYZZ-\d{4}-00002/));
    await shown(licence.getByText('已注销'));
    expect(await licence.getByRole('button', { name: /^注\s*销$/ }).count()).toBe(0);
    await context.close();

    // The transport bureau, holding the grant, gets a company's licence: the granted items only, with its PDF.
    const holder = await newPage(w);
    await signIn(holder.page, 'transport');
    await holder.page.goto('/grants');
    await holder.page.getByRole('table', { name: '本部门持有的授权' }).getByRole('link', { name: '营业执照电子证照信息' }).click();
    await holder.page.getByRole('tab', { name: '获取电子证照' }).click();
    await holder.page.getByLabel('持证人证件号码').fill(withCreditCodeCheckChar('91350102MA2Y00001'));
    await holder.page.getByRole('button', { name: /获\s*取/ }).click();
    await shown(holder.page.getByRole('status').filter({ hasText: '找到 1 份电子证照' }));
    await shown(holder.page.getByText('榕城闽江物流有限公司').first());
    await shown(holder.page.getByText('法定代表人'));
    expect(await holder.page.getByText('注册资本').count()).toBe(0);
    const printed = await holder.page.request.get((await holder.page.getByRole('link', { name: '打印（PDF）' }).getAttribute('href'))!);
    expect(printed.status()).toBe(200);
    expect(await seriousA11yViolations(holder.page)).toEqual([]);
    await screenshot(holder.page, 'grant-consumer-certificates');
    await holder.context.close();
  }, 90_000);

  it('lists the overdue delivery streams for the bureau, and every grant of the city', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'bureau');
    await page.getByRole('link', { name: '逾期未交付' }).click();
    await page.getByRole('heading', { name: '逾期未交付' }).waitFor();
    await shown(page.getByRole('table', { name: '逾期未交付的数据批量交换' }));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: '我的授权' }).click();
    const all = page.getByRole('table', { name: '全部授权' });
    await shown(all.getByRole('row').filter({ hasText: '最低生活保障对象信息' }).getByText('榕城市民政局 → 榕城市教育局'));
    await shown(all.getByRole('row').filter({ hasText: '不动产登记信息' }).getByText('榕城市自然资源和规划局 → 榕城市住房和城乡建设局'));
    await context.close();
  }, 90_000);
});
