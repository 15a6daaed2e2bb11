import { type Page } from 'playwright-core';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// The bureau's administration, the board and the auditor's pages, as people use them: the bureau
// creates a user with a login name and a first password and issues the user a token; the user signs
// in, must change the password, and reaches the home page; the bureau deactivates the user and the
// next sign-in is refused. The bureau enters next year's holidays and reads the board's charts; the
// auditor finds the new user's sign-in in the trail and verifies the chain. A clerk and the auditor
// are kept from the administration.

// Several sign-ins (scrypt) and page loads per test: more than jest's default 30 s on a busy machine.
jest.setTimeout(120_000);

let w: ConsoleWorld;
beforeAll(async () => {
  w = await startConsole();
}, 60_000);
afterAll(() => w?.close());

const NAME = '陈静怡';
const LOGIN = 'chen.jingyi';
const FIRST_PASSWORD = 'Chushi2026mima';
const OWN_PASSWORD = 'Jingyi2026xinmima';

async function openFromMenu(page: Page, title: string, heading = title) {
  await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: title, exact: true }).click();
  await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
}

/** The little of the browser's window a function run in the page uses (the tests compile without the DOM's types). */
type BrowserWindow = { document: { querySelectorAll: (selector: string) => { length: number } } };

async function expectAccessible(page: Page) {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

/** Signs in through the sign-in page without waiting for the home page. */
async function submitSignIn(page: Page, loginName: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

describe('the bureau administers users', () => {
  it('creates a user with a first password, issues and revokes a token; the user must change the password; a deactivated user cannot sign in', async () => {
    const bureau = await newPage(w);
    const page = bureau.page;
    await signIn(page, 'bureau');
    await openFromMenu(page, '用户管理');
    await shown(page.getByRole('cell', { name: 'edu-consumer', exact: true }));
    await expectAccessible(page);
    await screenshot(page, 'admin-users');

    // A new clerk of the education bureau, with a login name and a first password.
    await page.getByRole('button', { name: '新建用户' }).click();
    const dialog = page.getByRole('dialog', { name: '新建用户' });
    await dialog.getByLabel('姓名').fill(NAME);
    await dialog.getByLabel('登录名').fill(LOGIN);
    // Chosen by keyboard: typed, the one match offered, Enter takes it and closes the list.
    await dialog.getByLabel('所属部门').fill('教育局');
    await page.locator('.ant-select-item-option-active[title="榕城市教育局"]').first().waitFor();
    await dialog.getByLabel('所属部门').press('Enter');
    await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
    await shown(dialog.locator('.ant-select').filter({ hasText: '榕城市教育局' }));
    await shown(dialog.getByText('首次登录时须修改初始密码'));
    await dialog.getByLabel('初始密码').fill(FIRST_PASSWORD);
    await expectAccessible(page);
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await shown(page.getByText(`已新建用户“${NAME}”并设置初始密码`));
    const row = page.getByRole('row').filter({ hasText: LOGIN });
    await shown(row.getByText('榕城市教育局'));
    await shown(row.getByText('提供部门经办人'));
    await shown(row.getByText('启用'));

    // A token for the user's system: its secret shown once, with a warning; it works until revoked.
    await page.getByRole('button', { name: `令牌 ${NAME}` }).click();
    const drawer = page.getByRole('dialog', { name: `访问令牌 · ${NAME}` });
    await shown(drawer.getByText('该用户还没有令牌'));
    await drawer.getByLabel('令牌名称').fill('学籍查询对接');
    await drawer.getByLabel('有效天数').fill('30');
    // Issued from a signed-in session: the bureau user confirms with its own password (ADR 0043).
    await drawer.getByLabel('您的当前密码').fill('not-the-password1');
    await drawer.getByRole('button', { name: '签发令牌' }).click();
    await shown(drawer.getByRole('alert').filter({ hasText: '当前密码错误' }));
    await drawer.getByLabel('您的当前密码').fill('Demo2026bureau');
    await drawer.getByRole('button', { name: '签发令牌' }).click();
    await shown(drawer.getByText('只显示这一次，请立即复制并妥善保存'));
    const secret = (await drawer.locator('[data-secret]').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    await shown(drawer.getByRole('button', { name: '复制' }));
    await shown(drawer.getByRole('cell', { name: '有效' }));
    expect((await w.server.call(secret, 'GET', '/api/v1/me')).status).toBe(200);
    await expectAccessible(page);
    await screenshot(page, 'admin-user-tokens');
    await drawer.getByRole('button', { name: '撤销 学籍查询对接' }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /撤\s*销/ })
      .click();
    await shown(page.getByText('已撤销令牌“学籍查询对接”，它立即失效'));
    await shown(drawer.getByText('已撤销（'));
    expect((await w.server.call(secret, 'GET', '/api/v1/me')).status).toBe(401);
    await drawer
      .getByRole('button', { name: /关\s*闭/ })
      .first()
      .click();

    // The user signs in with the first password and is sent to change it before anything else.
    const user = await newPage(w);
    await submitSignIn(user.page, LOGIN, FIRST_PASSWORD);
    await user.page.getByRole('heading', { name: '修改密码' }).waitFor();
    await shown(user.page.getByText('初始密码须在首次登录时修改'));
    await user.page.goto('/');
    await user.page.getByRole('heading', { name: '修改密码' }).waitFor();
    expect(new URL(user.page.url()).pathname).toBe('/change-password');
    await user.page.getByLabel('当前密码').fill(FIRST_PASSWORD);
    await user.page.getByLabel('新密码', { exact: true }).fill(OWN_PASSWORD);
    await user.page.getByLabel('再次输入新密码').fill(OWN_PASSWORD);
    await user.page.getByRole('button', { name: '修改密码' }).click();
    await user.page.getByRole('heading', { name: '我的待办' }).waitFor();
    await shown(user.page.getByText(`榕城市教育局 · ${NAME}`));
    // A clerk sees no administration.
    expect(await user.page.getByRole('navigation', { name: '主菜单' }).getByText('系统管理').count()).toBe(0);

    // The bureau deactivates the user: the next sign-in is refused.
    await page.getByRole('button', { name: `停用 ${NAME}` }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /停\s*用/ })
      .click();
    await shown(page.getByText(`已停用用户“${NAME}”`));
    await shown(row.getByText('已停用'));
    const again = await newPage(w);
    await submitSignIn(again.page, LOGIN, OWN_PASSWORD);
    await shown(again.page.getByRole('alert').filter({ hasText: '登录名或密码错误' }));
    expect(new URL(again.page.url()).pathname).toBe('/login');
    // The session the user had is no longer any use either.
    expect((await user.page.request.get('/api/v1/me')).status()).toBe(401);

    await Promise.all([bureau.context.close(), user.context.close(), again.context.close()]);
  });

  it('warns that next year’s holidays are missing and enters them', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'bureau');
    await openFromMenu(page, '工作日历');
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));
    const years = (await w.server.call('demo-bureau-token', 'GET', '/api/v1/calendar/years')).body.items as Array<{ year: number }>;
    // The service ships 2024–2026; the year after this one is never loaded in a fresh demo city.
    expect(years.map((y) => y.year)).not.toContain(thisYear + 1);
    const next = thisYear + 1;
    await shown(page.getByText(`明年（${next}年）的节假日安排尚未录入`));
    await shown(page.getByRole('cell', { name: '元旦' }).first());
    await expectAccessible(page);
    await screenshot(page, 'admin-calendar');

    await page.getByLabel('录入年份').fill(String(next));
    await page.getByRole('button', { name: /录\s*入/, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `录入${next}年节假日安排` });
    await dialog.getByRole('button', { name: '添加放假安排' }).click();
    await dialog.getByLabel('节日 1', { exact: true }).fill('元旦');
    const range = dialog.getByLabel('节日 1 放假日期');
    await range.click();
    await range.fill(`${next}-01-01`);
    await range.press('Enter');
    const end = dialog.locator('.ant-picker-range input').nth(1);
    await end.fill(`${next}-01-03`);
    await end.press('Enter');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await shown(page.getByText(`已保存${next}年的节假日安排`));
    await shown(page.getByText(`${next}年节假日安排`));
    await shown(page.getByRole('cell', { name: '3 天' }));
    await page.getByText(`明年（${next}年）的节假日安排尚未录入`).first().waitFor({ state: 'detached' });
    expect(await page.getByText(`明年（${next}年）的节假日安排尚未录入`).count()).toBe(0);
    await context.close();
  });

  it('corrects a department (If-Match), sets and removes its webhook, and edits the category tree', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'bureau');
    await openFromMenu(page, '部门管理');
    const row = page.getByRole('row').filter({ hasText: '榕城市交通运输局' });
    await shown(row.getByRole('cell', { name: '市级' }));
    await expectAccessible(page);
    await screenshot(page, 'admin-departments');
    await row.getByRole('button', { name: '编辑 榕城市交通运输局' }).click();
    const dialog = page.getByRole('dialog', { name: '编辑部门' });
    await dialog.getByLabel('部门名称（标准全称）').fill('榕城市交通运输委员会');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await shown(page.getByText('已保存部门“榕城市交通运输委员会”'));
    await shown(page.getByRole('cell', { name: '榕城市交通运输委员会' }));

    // The webhook: its signing secret shown once; removed after a confirmation.
    await page.getByRole('button', { name: '通知地址 榕城市交通运输委员会' }).click();
    const hook = page.getByRole('dialog', { name: /通知地址（Webhook）/ });
    await shown(hook.getByText('该部门尚未设置通知地址'));
    await hook.getByLabel('通知地址').fill('https://oa.jtj.example.gov.cn/hooks/catalog');
    await hook.getByRole('button', { name: '保存通知地址' }).click();
    await shown(hook.getByText('签名密钥只显示这一次'));
    await shown(hook.getByText('https://oa.jtj.example.gov.cn/hooks/catalog', { exact: true }));
    await expectAccessible(page);
    await hook.getByRole('button', { name: '删除通知地址' }).click();
    await page
      .getByRole('tooltip')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await shown(hook.getByText('该部门尚未设置通知地址'));
    await hook
      .getByRole('button', { name: /关\s*闭/ })
      .first()
      .click();

    // The category tree: a new 目 under a 项, renamed, then deleted (no entry uses it).
    await openFromMenu(page, '资源分类');
    const tree = page.getByRole('tree');
    await tree.getByText(/^101 /).click();
    await shown(page.getByText('新目代码'));
    await page.getByLabel('新目代码').fill('901');
    await page.getByLabel('新目名称').fill('测试目录分类');
    await page.getByRole('button', { name: '新增下级' }).click();
    await shown(page.getByText('已新增目“测试目录分类”（101901）'));
    // The new 目 is shown selected, under its 项.
    await shown(tree.getByText('101901 测试目录分类'));
    await shown(page.getByText('目：测试目录分类'));
    await page.getByLabel('名称', { exact: true }).fill('测试分类（更名）');
    await page.getByRole('button', { name: /更\s*名/ }).click();
    await shown(tree.getByText('101901 测试分类（更名）'));
    await expectAccessible(page);
    await screenshot(page, 'admin-categories');
    await page.getByRole('button', { name: '删除分类' }).click();
    const confirmDelete = page.getByRole('tooltip').getByRole('button', { name: /删\s*除/ });
    await confirmDelete.waitFor();
    const [deleteAnswer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/categories/101901') && r.request().method() === 'DELETE'),
      confirmDelete.click(),
    ]);
    expect(deleteAnswer.status()).toBe(204);
    // What stays (the tree without it), not the three-second notice, which a slow machine can miss.
    await tree.getByText('101901 测试分类（更名）').waitFor({ state: 'detached' });
    expect(await tree.getByText('101901').count()).toBe(0);
    expect(await w.server.call('demo-bureau-token', 'GET', '/api/v1/categories/101901').then((a) => a.status)).toBe(404);
    await context.close();
  });

  it('shows the board’s charts to the bureau', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'bureau');
    await openFromMenu(page, '数据看板');
    await shown(page.getByText('各部门目录发布与共享比例'));
    await page.locator('canvas').nth(3).waitFor();
    expect(await page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
    await shown(page.getByRole('img', { name: '各部门期限内待答复与逾期未答复的共享申请数' }));
    await shown(page.getByText('已发布目录').first());
    await expectAccessible(page);
    await screenshot(page, 'board');
    await context.close();
  });
});

describe('the auditor', () => {
  it('finds the new user’s sign-in in the trail and verifies the chain', async () => {
    const users = (await w.server.call('demo-bureau-token', 'GET', '/api/v1/users?limit=100')).body.items as Array<{
      id: string;
      loginName: string | null;
      departmentId: string;
    }>;
    const created = users.find((u) => u.loginName === LOGIN);
    expect(created).toBeDefined();

    const { context, page } = await newPage(w);
    await signIn(page, 'auditor');
    await openFromMenu(page, '审计记录', '审计');
    await shown(page.getByRole('columnheader', { name: '操作人' }));
    await page.getByLabel('对象 ID').fill(created!.id);
    await page.getByLabel('操作', { exact: true }).fill('登录');
    await page.locator('.ant-select-item-option[title="登录"]').click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/action=session\.created/);
    // The one sign-in of the user (the refused one is a 登录失败).
    const rows = page.locator('tbody tr.ant-table-row');
    await page.waitForFunction(
      () => (globalThis as unknown as BrowserWindow).document.querySelectorAll('tbody tr.ant-table-row').length === 1,
    );
    expect(await rows.count()).toBe(1);
    await shown(rows.first().getByRole('cell', { name: '登录', exact: true }));
    await shown(rows.first().getByText('榕城市教育局'));
    await expectAccessible(page);
    await screenshot(page, 'audit-trail');

    // Everything about the user: created, its password set and changed, signed in, deactivated, refused.
    await page.getByLabel('操作', { exact: true }).click();
    await page.locator('.ant-select-clear').first().click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await shown(page.getByRole('cell', { name: '登录失败' }));
    for (const action of ['新建用户', '管理局设置密码', '修改密码', '修改用户', '登录失败'])
      await shown(page.getByRole('cell', { name: action, exact: true }));

    // The same, in a time range: the last 7 days (Beijing time) hold them all, kept in the address
    // as the instants the service takes; a week long past holds none.
    await page.locator('#audit-days').click();
    await page.locator('.ant-picker-presets li', { hasText: '最近 7 天' }).click();
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await page.waitForURL(/occurredFrom=\d{4}-\d{2}-\d{2}T00%3A00%3A00%2B08%3A00&occurredTo=/);
    expect(new URL(page.url()).searchParams.get('objectId')).toBe(created!.id);
    for (const action of ['新建用户', '修改密码', '登录失败']) await shown(page.getByRole('cell', { name: action, exact: true }));
    await expectAccessible(page);
    await page.goto(
      `/audit?objectId=${created!.id}&occurredFrom=2020-01-06T00%3A00%3A00%2B08%3A00&occurredTo=2020-01-13T00%3A00%3A00%2B08%3A00`,
    );
    await shown(page.getByText('没有符合条件的审计记录'));
    // The picker shows the week as days: 6 to 12 January 2020.
    expect(await page.locator('#audit-days').inputValue()).toBe('2020-01-06');

    await page.getByRole('button', { name: '校验审计链' }).click();
    await shown(page.getByText('审计链完整，未发现篡改'));
    await shown(page.getByText('完整', { exact: true }));
    await expectAccessible(page);
    await screenshot(page, 'audit-verified');

    // The auditor may not administer: no 系统管理 menu, the page refused, and the service refuses too.
    expect(await page.getByRole('navigation', { name: '主菜单' }).getByText('系统管理').count()).toBe(0);
    await page.goto('/admin/users');
    await shown(page.getByText('无权访问'));
    expect(await page.getByRole('button', { name: '新建用户' }).count()).toBe(0);
    const refused = await w.server.call('demo-auditor-token', 'POST', '/api/v1/users', {
      name: '审计员新建',
      departmentId: created!.departmentId,
      roles: ['consumer'],
    });
    expect(refused.status).toBe(403);
    await context.close();
  });
});

describe('a clerk', () => {
  it('sees no administration, board or audit and is refused them', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'police');
    const menu = page.getByRole('navigation', { name: '主菜单' });
    expect(await menu.getByText('系统管理').count()).toBe(0);
    expect(await menu.getByText('数据看板').count()).toBe(0);
    expect(await menu.getByText('审计记录').count()).toBe(0);
    for (const path of ['/admin/users', '/admin/departments', '/admin/calendar', '/board', '/audit']) {
      await page.goto(path);
      await shown(page.getByText('无权访问'));
    }
    await context.close();
  });
});
