import type { Locator, Page } from 'playwright-core';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// IT projects and their acceptance gate, as the departments and the bureau use them: a department
// sees its own projects and, on its project, the onboarding checklist with every unmet item
// explained; it files the achievement registration of an accepted project; the bureau sees every
// project by stage, tries to verify a project whose data is not onboarded and to accept it, and
// is refused with each unmet item shown on the page. A department has no acceptance button and
// does not see another department's project.

interface ProjectBody {
  id: string;
  code: string;
  name: string;
  stage: string;
}
interface OnboardingBody {
  ready: boolean;
  checklist: Array<{ label: string; applicable: boolean; met: boolean; missing: Array<{ message: string; resourceName?: string }> }>;
}

let w: ConsoleWorld;
let police: ProjectBody; // 智慧公安人口管理系统升级项目, in its trial run
let transport: ProjectBody; // 智慧交通视频监控联网项目, in its trial run for four months, not onboarded
let accepted: ProjectBody; // a police project past final acceptance, its registration not filed

async function projectByCode(token: string, code: string): Promise<ProjectBody> {
  const list = await w.server.call(token, 'GET', '/api/v1/projects?limit=100');
  expect(list.status).toBe(200);
  const found = (list.body.items as unknown as ProjectBody[]).find((p) => p.code === code);
  expect(found).toBeDefined();
  return found!;
}

async function onboardingOf(token: string, projectId: string): Promise<OnboardingBody> {
  const answer = await w.server.call(token, 'GET', `/api/v1/projects/${projectId}/onboarding`);
  expect(answer.status).toBe(200);
  return answer.body as unknown as OnboardingBody;
}

/** Picks an option of an antd Select, waiting until its list has closed again. */
async function choose(page: Page, select: Locator, option: string): Promise<void> {
  await select.click();
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

beforeAll(async () => {
  w = await startConsole();
  police = await projectByCode('demo-police-token', 'RC-2025-GA-001');
  transport = await projectByCode('demo-bureau-token', 'RC-2025-JT-001');
  expect(police.stage).toBe('trial_run');
  expect(transport.stage).toBe('trial_run');
  // No demo project has passed final acceptance (the gate holds them all); one is registered and
  // put past acceptance directly, as the API tests do, so that its registration can be filed.
  const created = await w.server.call('demo-police-token', 'POST', '/api/v1/projects', {
    code: 'RC-2026-GA-002',
    name: '公安视频图像信息共享平台',
    content: '建设全市公安视频图像信息共享平台，汇聚社会面视频资源，向政务部门提供视频调阅服务。',
    approvedBudgetYuan: 1250000,
  });
  expect(created.status).toBe(201);
  await w.t.db('projects').where({ id: created.body.id }).update({ stage: 'accepted', accepted_at: new Date().toISOString() });
  accepted = created.body as unknown as ProjectBody;
}, 60_000);
afterAll(() => w?.close());

describe('IT projects and their acceptance gate', () => {
  it('shows a department its own projects and its checklist with every unmet item explained, without an acceptance button', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'police');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '项目管理' }).click();
    await page.getByRole('heading', { name: '项目管理' }).waitFor();
    await shown(page.getByRole('link', { name: police.name }));
    await shown(page.getByRole('link', { name: accepted.name }));
    // Another department's project is not listed…
    expect(await page.getByText(transport.name).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'projects-list-producer');

    await page.getByRole('link', { name: police.name }).click();
    await page.getByRole('heading', { name: police.name }).waitFor();
    await shown(page.getByLabel('项目生命周期'));
    await shown(page.getByText('385.00 万元'));
    // The checklist: every unmet line, and under it each thing missing, as the service computed it.
    const onboarding = await onboardingOf('demo-police-token', police.id);
    const unmet = onboarding.checklist.filter((i) => i.applicable && !i.met);
    expect(unmet.length).toBeGreaterThan(0);
    await shown(page.getByText(`平台接入清单有 ${unmet.length} 项未满足`));
    for (const item of unmet) {
      const reasons = page.getByRole('list', { name: `${item.label}：未满足的原因` });
      await shown(reasons);
      for (const m of item.missing) await shown(reasons.getByText(m.message, { exact: false }));
    }
    await expectAccessible(page);
    await screenshot(page, 'project-detail');

    // The acceptance materials: uploaded by kind, listed, downloaded under their name.
    await page.getByRole('tab', { name: '验收材料' }).click();
    await choose(page, page.getByLabel('验收材料类别'), '合同');
    await page.locator('input[type=file]').setInputFiles({
      name: '建设合同.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await shown(page.getByText('已上传“建设合同.pdf”'));
    const download = page.getByRole('link', { name: '建设合同.pdf' });
    await shown(download);
    const file = await page.request.get((await download.getAttribute('href'))!);
    expect(file.status()).toBe(200);
    expect(file.headers()['content-type']).toContain('application/pdf');

    // …the acceptance tab names the conditions but offers the department no decision.
    await page.getByRole('tab', { name: '验收', exact: true }).click();
    await shown(page.getByText('初验和竣工验收由大数据管理局作出决定。'));
    await shown(page.getByRole('list', { name: '竣工验收未满足的条件' }));
    expect(await page.getByRole('button', { name: '竣工验收通过' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '竣工验收未通过' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: '核验平台接入' }).count()).toBe(0);

    // The department corrects its project's registry data (sent with the ETag it read).
    await page.getByRole('button', { name: '更正登记信息' }).click();
    // (the test build's modals all carry aria-labelledby="test-id", so a dialog is found by its text)
    const edit = page.getByRole('dialog').filter({ hasText: '更正项目登记信息' });
    await edit.getByLabel('建设内容').fill('升级全市常住人口、流动人口管理系统，建设人口基础信息库和居民身份证电子证照库（二期）。');
    await edit.getByRole('button', { name: /^保\s*存$/ }).click();
    await shown(page.getByText('已更正项目登记信息'));
    await shown(page.getByText('居民身份证电子证照库（二期）。'));

    // …and another department's project, opened by its address, is "not found".
    await page.goto(`/projects/${transport.id}`);
    await shown(page.getByRole('alert').filter({ hasText: '项目 不存在或无权查看' }));
    expect(await page.getByText(transport.name).count()).toBe(0);
    await context.close();
  }, 120_000);

  it('lets the department fill in and file the achievement registration of an accepted project, with its forms to download', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'police');
    await page.goto(`/projects/${accepted.id}`);
    await page.getByRole('heading', { name: accepted.name }).waitFor();
    await shown(page.getByText('暂缓支付验收款').first());
    await page.getByRole('tab', { name: '成果登记' }).click();
    const form = page.getByRole('form', { name: '成果登记表' });
    await shown(form);
    await form.getByLabel('项目成果').fill('建成公安视频图像信息共享平台，汇聚视频点位 3200 路');
    await form.getByLabel('项目验收材料').fill('竣工验收报告、项目数据汇聚共享情况报告');
    await form.getByLabel('成果应用范围及脱敏脱密规则').fill('仅限政务部门调阅，人脸和车牌按规定遮挡');
    expect(await form.getByLabel('经办人').inputValue()).toBe('陈建华');
    await form.getByRole('button', { name: '提交成果登记表' }).click();
    // The confirmation's button, clicked once it is there, and the service's answer awaited.
    const submit = page.getByRole('button', { name: /^提\s*交$/ });
    await shown(submit);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/registration')),
      submit.click(),
    ]);
    await shown(page.getByText(/成果登记表已提交，登记编号 RJ-DJ-\d{4}-\d{6}/));
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shown(page.getByText(/登记编号：RJ-DJ-\d{4}-\d{6}/));
    await shown(page.getByText('待大数据管理局接收'));
    // The form downloads as a workbook and as a PDF; the project's 附件2 too.
    const xlsx = page.getByRole('link', { name: '下载成果登记表（Excel）' });
    const pdf = page.getByRole('link', { name: '下载成果登记表（PDF）' });
    expect(await xlsx.getAttribute('href')).toBe(`/api/v1/projects/${accepted.id}/registration/form.xlsx`);
    expect(await pdf.getAttribute('href')).toBe(`/api/v1/projects/${accepted.id}/registration/form.pdf`);
    const pdfAnswer = await page.request.get(`/api/v1/projects/${accepted.id}/registration/form.pdf`);
    expect(pdfAnswer.status()).toBe(200);
    expect(pdfAnswer.headers()['content-type']).toContain('application/pdf');
    await shown(page.getByRole('link', { name: '下载数据共享应用（需求）表 附件2（Excel）' }));
    // Filed: the form is gone, and the project no longer withholds the payment.
    expect(await page.getByRole('form', { name: '成果登记表' }).count()).toBe(0);
    const after = await w.server.call('demo-police-token', 'GET', `/api/v1/projects/${accepted.id}`);
    expect(after.body).toMatchObject({ registrationFiled: true, paymentWithheld: false });
    await expectAccessible(page);
    await screenshot(page, 'project-registration');
    await context.close();

    // The bureau records its receipt.
    const bureau = await newPage(w);
    await signIn(bureau.page, 'bureau');
    await bureau.page.goto(`/projects/${accepted.id}?tab=registration`);
    const receipt = bureau.page.getByRole('form', { name: '接收成果登记表' });
    expect(await receipt.getByLabel('接收人').inputValue()).toBe('杨帆');
    await receipt.getByRole('button', { name: '接收成果登记表' }).click();
    await shown(bureau.page.getByText('已接收成果登记表'));
    await shown(bureau.page.getByText(/榕城市大数据管理局 杨帆 于 \d{4}年\d{1,2}月\d{1,2}日 接收/));
    expect(await bureau.page.getByRole('form', { name: '接收成果登记表' }).count()).toBe(0);
    await bureau.context.close();
  }, 120_000);

  it('shows the bureau every project by stage, refuses to verify onboarding that fails and refuses acceptance with each unmet item shown', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'bureau');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '项目管理' }).click();
    await page.getByRole('heading', { name: '项目管理' }).waitFor();
    // By stage, with counts: the demo city has two projects in their trial run; two are overdue
    // for acceptance (completed more than six months ago: 民政 and 交通).
    await page.getByRole('tab', { name: '试运行（2）' }).click();
    await shown(page.getByRole('link', { name: transport.name }));
    await shown(page.getByRole('link', { name: police.name }));
    expect(await page.getByRole('link', { name: accepted.name }).count()).toBe(0);
    await page.getByRole('tab', { name: /^全部/ }).click();
    await page.getByText('验收逾期（2）').click();
    await shown(page.getByRole('link', { name: '榕城市社会救助信息平台' }));
    await shown(page.getByRole('link', { name: transport.name }));
    expect(await page.getByRole('link', { name: police.name }).count()).toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'projects-list');

    await page.getByText('验收逾期（2）').click();
    await page.getByRole('link', { name: transport.name }).click();
    await page.getByRole('heading', { name: transport.name }).waitFor();
    // Verification of a checklist that fails: the service refuses, naming each unmet line.
    const onboarding = await onboardingOf('demo-bureau-token', transport.id);
    expect(onboarding.ready).toBe(false);
    await page.getByRole('button', { name: '核验平台接入' }).click();
    const confirmVerify = page.getByRole('button', { name: /^核\s*验$/ });
    await confirmVerify.waitFor();
    // The confirmation reached the service (a click lost to the pop-up's animation fails here, saying so).
    const [verifyAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/onboarding/verification') && r.request().method() === 'POST'),
      confirmVerify.click(),
    ]);
    // Refused (4xx), as the page then says.
    expect(Math.floor(verifyAnswer.status() / 100)).toBe(4);
    const verifyRefusal = page.getByRole('alert').filter({ hasText: '不能核验' });
    await shown(verifyRefusal);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    for (const item of onboarding.checklist.filter((i) => i.applicable && !i.met))
      for (const m of item.missing) await shown(verifyRefusal.getByText(m.message, { exact: false }));
    await expectAccessible(page);
    await screenshot(page, 'project-onboarding');

    // The acceptance decision: every unmet condition is listed before it is tried…
    await page.getByRole('tab', { name: '验收', exact: true }).click();
    const before = page.getByRole('list', { name: '竣工验收未满足的条件' });
    await shown(before);
    const expected = await before.getByRole('listitem').allInnerTexts();
    expect(expected).toContain('平台接入尚未经大数据管理局核验');
    await page.getByRole('button', { name: '竣工验收通过' }).click();
    await shown(page.getByText(/尚有 \d+ 项条件未满足，平台将不予验收并逐项说明/));
    // The confirmation's button, clicked once it is there, and the service's answer awaited (not a toast).
    const accept = page.getByRole('button', { name: '验收通过', exact: true });
    await shown(accept);
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/acceptance')),
      accept.click(),
    ]);
    // …and the service's refusal shows each unmet item it named.
    const refusal = page.getByRole('list', { name: '平台拒绝竣工验收的原因' });
    await shown(refusal);
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await shown(page.getByRole('alert').filter({ hasText: /不予竣工验收：\d+ 项条件未满足/ }));
    const refused = await refusal.getByRole('listitem').allInnerTexts();
    expect(refused).toContain('平台接入尚未经大数据管理局核验 (onboarding is not verified)');
    expect(refused.length).toBe(expected.length);
    await expectAccessible(page);
    await screenshot(page, 'project-acceptance-refused');
    const still = await w.server.call('demo-bureau-token', 'GET', `/api/v1/projects/${transport.id}`);
    expect(still.body.stage).toBe('trial_run');
    await context.close();
  }, 120_000);

  it('lets a department declare a connection the exchange does not carry, and the bureau confirm it', async () => {
    const video = '交通路口及枢纽视频监控资源';
    const { context, page } = await newPage(w);
    await signIn(page, 'transport');
    await page.goto(`/projects/${transport.id}`);
    await page.getByRole('button', { name: '申报平台接入' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '申报平台接入' });
    await choose(page, dialog.getByLabel('资源'), video);
    await choose(page, dialog.getByLabel('接入方式'), '视频监控联网');
    await dialog.getByLabel('接入标识').fill('GB/T 28181 联网编码 35010000002000000001');
    await dialog.getByLabel('佐证说明').fill('已按 GB/T 28181 接入市视频共享平台，联调记录见附件');
    await dialog.getByRole('button', { name: /^申\s*报$/ }).click();
    await dialog.waitFor({ state: 'hidden' }).catch(async (e: unknown) => {
      throw new Error(`the declaration dialog stayed open: ${await dialog.innerText()}`, { cause: e });
    });
    await shown(page.getByRole('cell', { name: '待确认' }));
    await shown(page.getByText('视频共享平台：已申报，待大数据管理局确认', { exact: false }));
    // A department does not confirm its own connection.
    expect(await page.getByRole('button', { name: `确认接入：${video}` }).count()).toBe(0);
    // Its evidence files, under the connection's row, until the bureau confirms it.
    await page.getByRole('button', { name: '展开行' }).first().click();
    const evidence = page.locator('.ant-table-expanded-row');
    await shown(evidence.getByText('暂无佐证材料'));
    await evidence.locator('input[type=file]').setInputFiles({
      name: '视频联网联调记录.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await shown(page.getByText('已上传“视频联网联调记录.pdf”'));
    await shown(evidence.getByRole('link', { name: '视频联网联调记录.pdf' }));
    // axe once the notice has gone (a notice fading in is drawn faint).
    await page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });
    await expectAccessible(page);
    await screenshot(page, 'project-connection-evidence');
    await context.close();

    const bureau = await newPage(w);
    await signIn(bureau.page, 'bureau');
    await bureau.page.goto(`/projects/${transport.id}`);
    // The bureau reads the evidence before confirming; it uploads none.
    await bureau.page.getByRole('button', { name: '展开行' }).first().click();
    const file = bureau.page.locator('.ant-table-expanded-row').getByRole('link', { name: '视频联网联调记录.pdf' });
    await shown(file);
    const pdf = await bureau.page.request.get((await file.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect(await bureau.page.locator('.ant-table-expanded-row').getByRole('button', { name: '上传文件' }).count()).toBe(0);
    await bureau.page.getByRole('button', { name: `确认接入：${video}` }).click();
    await bureau.page.getByRole('dialog').getByRole('button', { name: '确认接入' }).click();
    await shown(bureau.page.getByRole('cell', { name: /已确认（/ }));
    // Confirmed, the connection's evidence is closed: its department can no longer add or remove files.
    const after = await newPage(w);
    await signIn(after.page, 'transport');
    await after.page.goto(`/projects/${transport.id}`);
    await after.page.getByRole('button', { name: '展开行' }).first().click();
    await shown(after.page.locator('.ant-table-expanded-row').getByRole('link', { name: '视频联网联调记录.pdf' }));
    expect(await after.page.locator('.ant-table-expanded-row').getByRole('button', { name: '上传文件' }).count()).toBe(0);
    await after.context.close();
    const onboarding = await onboardingOf('demo-bureau-token', transport.id);
    expect(onboarding.checklist.find((i) => i.label.startsWith('视频监控资源'))?.met).toBe(true);
    await bureau.context.close();
  }, 120_000);
});
