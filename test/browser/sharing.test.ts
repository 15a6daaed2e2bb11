import type { Locator, Page } from 'playwright-core';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// Sharing requests through the console: a consumer fills in the 附件2 form for another department's
// conditional entry and submits it; the producer finds it under 待我答复的 and approves it
// narrowed (one item dropped, one masked, one released clear); the consumer sees what was granted.
// A rejection with its reason reaches the consumer, who escalates it, and the bureau decides; a
// request left unanswered past its due date is escalated too (提请协调), and the bureau orders an
// answer (责成答复). What
// is denied: another department's producer gets the service's 404, the consumer has no 同意.

let w: ConsoleWorld;
beforeAll(async () => {
  w = await startConsole();
}, 60_000);
afterAll(() => w?.close());

/** A published entry's id by its exact name (setup through the API). */
async function entryId(name: string): Promise<string> {
  const found = await w.server.call('demo-bureau-token', 'GET', `/api/v1/resources?q=${encodeURIComponent(name)}`);
  expect(found.status).toBe(200);
  const entry = (found.body.items as Array<{ id: string; name: string }>).find((e) => e.name === name);
  if (!entry) throw new Error(`no entry named ${name}`);
  return entry.id;
}

const nextYear = `${new Date().getUTCFullYear() + 1}-12-31`;

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** A button's accessible name: antd spaces out a two-character Chinese label (同 意). */
function button(label: string): RegExp {
  return new RegExp(`^${[...label].join('\\s*')}$`);
}

/** The education bureau's request for the vehicle register, filed and submitted through the API. */
async function fileSchoolBusRequest() {
  const filed = await w.server.call('demo-edu-consumer-token', 'POST', '/api/v1/sharing-requests', {
    resourceId: await entryId('机动车登记信息'),
    provisionMode: 'query_api',
    items: ['号牌号码', '号牌种类', '机动车所有人'],
    purpose: '核验学生接送车辆登记情况',
    basis: '《校车安全管理条例》',
    scopeOfUse: '市教育局校车安全管理',
    periodStart: new Date().toISOString().slice(0, 10),
    periodEnd: nextYear,
    submit: true,
  });
  expect(filed.status).toBe(201);
  return filed;
}

/** The escalation dialog's button, clicked once it is there, and the service's answer awaited. */
async function sendEscalation(page: Page, dialog: Locator, label: string): Promise<void> {
  const send = dialog.getByRole('button', { name: button(label) });
  await shown(send);
  await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname.endsWith('/escalate')),
    send.click(),
  ]);
}

/** The text of the 信息项明细表 row of an item on the request page. */
async function itemRow(page: Page, name: string): Promise<string> {
  const row = page.getByRole('row').filter({ has: page.getByRole('cell', { name, exact: true }) });
  await row.first().waitFor();
  return (await row.last().innerText()).replace(/\s+/g, ' ');
}

describe('sharing requests', () => {
  it('files a request on the form, the producer approves it narrowed, the consumer sees what was granted', async () => {
    const resourceId = await entryId('不动产登记信息');

    // The consumer (市教育局) fills in the 附件2 form for the land bureau's conditional entry.
    const consumer = await newPage(w);
    await signIn(consumer.page, 'edu-consumer');
    await consumer.page.goto(`/catalog/${resourceId}/request`);
    await consumer.page.getByRole('heading', { name: '申请使用：数据共享应用（需求）表' }).waitFor();
    await shown(consumer.page.getByText('榕城市自然资源和规划局'));
    await consumer.page.getByLabel('信息查询接口').check();
    for (const item of ['不动产单元号', '权利人证件号码', '权利人', '坐落', '用途', '抵押状态']) {
      await consumer.page.getByLabel(`选择信息项 ${item}`, { exact: true }).check();
    }
    await shown(consumer.page.getByText('已选 6 / 12 项'));
    await consumer.page.getByLabel('申请用途').fill('义务教育入学报名时核验适龄儿童监护人房产情况');
    await consumer.page.getByLabel('申请依据（法律法规或业务依据）').fill('《榕城市义务教育招生入学工作实施意见》');
    await consumer.page.getByLabel('使用范围（应用场景）').fill('市教育局招生入学审核，不向第三方提供');
    await consumer.page.getByLabel('使用期限止').fill(nextYear);
    await expectAccessible(consumer.page);
    await screenshot(consumer.page, 'sharing-request-form');
    await consumer.page.getByRole('button', { name: button('提交申请') }).click();

    // Filed: the request's page with its number, 待答复 and the reply deadline in Beijing time.
    const heading = consumer.page.getByRole('heading', { name: /^共享申请 RJ-SQ-\d{4}-\d{6}$/ });
    await heading.waitFor();
    const number = (await heading.innerText()).replace('共享申请 ', '');
    const requestUrl = new URL(consumer.page.url()).pathname;
    expect(requestUrl).toMatch(/^\/sharing-requests\/[0-9a-f-]{36}$/);
    await shown(consumer.page.getByText('待答复', { exact: true }));
    await shown(consumer.page.getByText(/答复期限 \d{4}年\d{1,2}月\d{1,2}日 23:59/));
    // The consumer may cancel, not answer: no 同意 or 拒绝 on its own request.
    await shown(consumer.page.getByRole('button', { name: button('撤回申请') }));
    expect(await consumer.page.getByRole('button', { name: button('同意') }).count()).toBe(0);
    expect(await consumer.page.getByRole('button', { name: button('拒绝') }).count()).toBe(0);
    const links = consumer.page.getByRole('link', { name: /下载附件2/ });
    expect(await links.count()).toBe(2);
    const pdf = await consumer.page.request.get(`/api/v1${requestUrl}/form.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');

    // The producer (the land bureau) finds it under 待我答复的 and opens it.
    const producer = await newPage(w);
    await signIn(producer.page, 'land');
    await producer.page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '共享申请' }).click();
    await producer.page.getByRole('heading', { name: '共享申请' }).waitFor();
    await producer.page.getByRole('tab', { name: '待我答复的' }).click();
    await shown(producer.page.getByRole('link', { name: number }));
    await shown(
      producer.page
        .getByRole('row')
        .filter({ hasText: number })
        .getByText(/答复期限/),
    );
    await expectAccessible(producer.page);
    await screenshot(producer.page, 'sharing-requests-list');
    await producer.page.getByRole('link', { name: number }).click();
    await producer.page.getByRole('heading', { name: `共享申请 ${number}` }).waitFor();

    // Approves it narrowed: 抵押状态 dropped, 权利人 masked (the default), 权利人证件号码 clear.
    await producer.page.getByRole('button', { name: button('同意') }).click();
    await producer.page.getByText('同意申请（可缩小信息项或期限）').waitFor();
    await producer.page.getByLabel('同意提供 抵押状态', { exact: true }).uncheck();
    await shown(producer.page.getByText('同意 5 / 6 项'));
    await producer.page.getByRole('radiogroup', { name: '权利人证件号码 的提供形式' }).getByLabel('明文').check();
    expect(await producer.page.getByRole('radiogroup', { name: '权利人 的提供形式' }).getByLabel('脱敏').isChecked()).toBe(true);
    await producer.page.getByLabel('同意意见（使用条件）').fill('仅限入学审核使用，不得留存或向第三方提供');
    await expectAccessible(producer.page);
    await screenshot(producer.page, 'sharing-request-approve');
    await producer.page.getByRole('button', { name: button('确认同意') }).click();
    await shown(producer.page.getByText('已同意', { exact: true }));
    expect(await producer.page.getByRole('button', { name: button('同意') }).count()).toBe(0);

    // Another department's producer cannot see it: the service's 404, in Chinese.
    const stranger = await newPage(w);
    await signIn(stranger.page, 'police');
    await stranger.page.goto(requestUrl);
    await shown(stranger.page.getByText('共享申请不存在或无权查看', { exact: true }));
    await shown(stranger.page.getByRole('alert').filter({ hasText: '共享申请 不存在或无权查看' }));
    expect(await stranger.page.getByRole('button', { name: button('同意') }).count()).toBe(0);
    await stranger.context.close();

    // The consumer sees it approved with the narrowed items and how each is released.
    await consumer.page.reload();
    await consumer.page.getByRole('heading', { name: `共享申请 ${number}` }).waitFor();
    await shown(consumer.page.getByText('已同意', { exact: true }));
    await shown(consumer.page.getByText('信息项明细表：申请 6 项，同意 5 项'));
    expect(await itemRow(consumer.page, '抵押状态')).toContain('不同意');
    expect(await itemRow(consumer.page, '权利人')).toMatch(/同意 脱敏$/);
    expect(await itemRow(consumer.page, '权利人证件号码')).toMatch(/同意 明文$/);
    expect(await itemRow(consumer.page, '坐落')).toMatch(/同意 明文$/);
    await shown(consumer.page.getByText('仅限入学审核使用，不得留存或向第三方提供').first());
    await shown(consumer.page.getByRole('link', { name: '查看授权' }));
    expect(await consumer.page.getByRole('button', { name: button('撤回申请') }).count()).toBe(0);
    await expectAccessible(consumer.page);
    await screenshot(consumer.page, 'sharing-request-approved');
    await consumer.context.close();
    await producer.context.close();
  }, 120_000);

  it('shows a rejection and its reason to the consumer, who escalates it; the bureau decides the dispute', async () => {
    const filed = await fileSchoolBusRequest();
    const number = filed.body.number as string;

    // Left unanswered past its deadline (set back three weeks in the database): overdue.
    const due = new Date(Date.now() - 21 * 86_400_000);
    const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(due);
    await w.t
      .db('sharing_requests')
      .where({ id: filed.body.id })
      .update({ due_date: dueDate, due_at: new Date(`${dueDate}T23:59:59+08:00`).toISOString() });

    // The police see it overdue in their inbox, also with 仅看逾期未答复, and reject it with a reason.
    const producer = await newPage(w);
    await signIn(producer.page, 'police');
    await producer.page.goto('/sharing-requests?tab=incoming');
    await producer.page.getByLabel('仅看逾期未答复').check();
    const row = producer.page.getByRole('row').filter({ hasText: number });
    await shown(row.getByText(/已逾期 \d+ 个工作日/));
    await producer.page.getByRole('link', { name: number }).click();
    await shown(producer.page.getByText(/答复期限已过（逾期 \d+ 个工作日）/));
    await producer.page.getByRole('button', { name: button('拒绝') }).click();
    const dialog = producer.page.getByRole('dialog', { name: `拒绝共享申请 ${number}` });
    await dialog.getByRole('button', { name: button('确认拒绝') }).click();
    await shown(dialog.getByText('请填写拒绝理由'));
    await dialog.getByLabel('拒绝理由').fill('校车管理不属于本资源的共享条件所列用途');
    await dialog.getByRole('button', { name: button('确认拒绝') }).click();
    await shown(producer.page.getByText('已拒绝', { exact: true }));
    await shown(producer.page.getByText('逾期答复', { exact: true }));
    await producer.context.close();

    // The consumer sees the rejection and its reason, in its list and on the request.
    const consumer = await newPage(w);
    await signIn(consumer.page, 'edu-consumer');
    await consumer.page.goto('/sharing-requests');
    await shown(consumer.page.getByRole('tab', { name: '我提出的', selected: true }));
    await shown(consumer.page.getByRole('row').filter({ hasText: number }).getByText('已拒绝'));
    await consumer.page.getByRole('link', { name: number }).click();
    await shown(consumer.page.getByText('校车管理不属于本资源的共享条件所列用途').first());
    await consumer.page.getByRole('button', { name: button('提请裁决') }).click();
    const escalate = consumer.page.getByRole('dialog', { name: `提请大数据管理局裁决：${number}` });
    await escalate.getByLabel('提请裁决理由').fill('校车接送车辆核验属于教育部门法定职责');
    await sendEscalation(consumer.page, escalate, '提请裁决');
    await shown(consumer.page.getByText('已提请裁决', { exact: true }));
    await consumer.context.close();

    // The bureau finds it under 待裁决 and upholds the rejection.
    const bureau = await newPage(w);
    await signIn(bureau.page, 'bureau');
    await bureau.page.goto('/sharing-requests');
    await shown(bureau.page.getByRole('tab', { name: '待裁决', selected: true }));
    await bureau.page.getByRole('link', { name: number }).click();
    await bureau.page.getByRole('button', { name: button('裁决') }).click();
    const decide = bureau.page.getByRole('dialog', { name: `裁决共享申请 ${number}` });
    await decide.getByLabel('维持拒绝').check();
    await decide.getByLabel('裁决理由').fill('申请用途超出共享条件，维持拒绝');
    await decide.getByRole('button', { name: button('确认裁决') }).click();
    await shown(bureau.page.getByText('维持拒绝：申请用途超出共享条件，维持拒绝'));
    await expectAccessible(bureau.page);
    await bureau.context.close();
  }, 120_000);

  it('lets the consumer put an overdue unanswered request before the bureau (提请协调); the bureau orders an answer', async () => {
    const filed = await fileSchoolBusRequest();
    const number = filed.body.number as string;
    const consumer = await newPage(w);
    await signIn(consumer.page, 'edu-consumer');
    // Not yet overdue: nothing to escalate.
    await consumer.page.goto(`/sharing-requests/${filed.body.id}`);
    await shown(consumer.page.getByText('待答复', { exact: true }));
    expect(await consumer.page.getByRole('button', { name: button('提请协调') }).count()).toBe(0);
    // Left unanswered past its deadline (set back three weeks in the database): the consumer escalates it.
    const due = new Date(Date.now() - 21 * 86_400_000);
    const dueDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(due);
    await w.t
      .db('sharing_requests')
      .where({ id: filed.body.id })
      .update({ due_date: dueDate, due_at: new Date(`${dueDate}T23:59:59+08:00`).toISOString() });
    await consumer.page.reload();
    await consumer.page.getByRole('button', { name: button('提请协调') }).click();
    const escalate = consumer.page.getByRole('dialog', { name: `提请大数据管理局协调：${number}` });
    await shown(escalate.getByText(/申请协调事由：逾期未答复/));
    await escalate.getByLabel('提请协调理由').fill('提供部门逾期未答复，影响校车安全核验');
    await sendEscalation(consumer.page, escalate, '提请协调');
    await shown(consumer.page.getByText('已提请裁决', { exact: true }));
    await shown(consumer.page.getByText('逾期未答复', { exact: true }).first());
    await consumer.context.close();

    // The bureau sees the ground, is offered grant or remand (no uphold: nothing was rejected), and remands.
    const bureau = await newPage(w);
    await signIn(bureau.page, 'bureau');
    await bureau.page.goto(`/sharing-requests/${filed.body.id}`);
    await bureau.page.getByRole('button', { name: button('裁决') }).click();
    const decide = bureau.page.getByRole('dialog', { name: `裁决共享申请 ${number}` });
    await shown(decide.getByText('逾期未答复', { exact: true }));
    expect(await decide.getByLabel('维持拒绝').count()).toBe(0);
    await decide.getByLabel('责成答复').check();
    await shown(decide.getByText(/答复期限自今日起按规定工作日重新计算/));
    await decide.getByLabel('裁决理由').fill('责成公安局限期答复');
    await decide.getByRole('button', { name: button('确认裁决') }).click();
    await shown(bureau.page.getByText('责成答复：责成公安局限期答复'));
    await shown(bureau.page.getByText('待答复', { exact: true }));
    await expectAccessible(bureau.page);
    await bureau.context.close();
  }, 120_000);

  it('saves a draft, edits it, submits it, and cancels it after a confirmation', async () => {
    const resourceId = await entryId('机动车驾驶人信息');
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto(`/catalog/${resourceId}/request`);
    await page.getByRole('heading', { name: '申请使用：数据共享应用（需求）表' }).waitFor();
    // Nothing chosen and nothing filled: the form says what is missing, and files nothing.
    await page.getByRole('button', { name: button('保存草稿') }).click();
    await shown(page.getByText('请至少选择一个信息项'));
    await shown(page.getByText('请填写申请用途'));
    for (const item of ['公民身份号码', '姓名', '准驾车型']) await page.getByLabel(`选择信息项 ${item}`, { exact: true }).check();
    await page.getByLabel('申请用途').fill('核验校车驾驶人准驾车型');
    await page.getByLabel('申请依据（法律法规或业务依据）').fill('《校车安全管理条例》第二十三条');
    await page.getByLabel('使用范围（应用场景）').fill('市教育局校车驾驶人资格审核');
    await page.getByLabel('使用期限止').fill(nextYear);
    await page.getByRole('button', { name: button('保存草稿') }).click();

    // A draft: its own page says so, with no deadline yet; the clerk goes back to change it.
    const heading = page.getByRole('heading', { name: /^共享申请 RJ-SQ-\d{4}-\d{6}$/ });
    await heading.waitFor();
    await shown(page.getByText('草稿', { exact: true }));
    await page.getByRole('button', { name: button('修改草稿') }).click();
    await shown(page.getByText(/正在修改草稿 RJ-SQ-/));
    await shown(page.getByText('已选 3 / 8 项'));
    expect(await page.getByLabel('申请用途').inputValue()).toBe('核验校车驾驶人准驾车型');
    await page.getByLabel('选择信息项 驾驶证状态', { exact: true }).check();
    await page.getByRole('button', { name: button('提交申请') }).click();

    // Submitted with the edit: pending, four items, a reply deadline.
    await heading.waitFor();
    await shown(page.getByText('待答复', { exact: true }));
    await shown(page.getByText('信息项明细表：申请 4 项'));
    await shown(page.getByText(/答复期限 \d{4}年\d{1,2}月\d{1,2}日 23:59/));

    // Cancelled after a confirmation.
    await page.getByRole('button', { name: button('撤回申请') }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: button('撤回') })
      .click();
    await shown(page.getByText('已撤回', { exact: true }));
    expect(await page.getByRole('button', { name: button('撤回申请') }).count()).toBe(0);

    // A not-shared entry cannot be requested: the form says why, and its buttons are off.
    await page.goto(`/catalog/${await entryId('违法犯罪人员信息')}/request`);
    await shown(page.getByText(/^该目录不予共享，不能申请使用。依据：/));
    expect(await page.getByRole('button', { name: button('提交申请') }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: button('保存草稿') }).isDisabled()).toBe(true);
    await context.close();
  }, 120_000);
});
