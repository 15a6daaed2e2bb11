import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole, tick } from '../support/browser';

// The catalog's producers and the bureau through the console: a police clerk drafts an entry (form,
// items typed and pasted from Excel, a provision mode), is shown what is missing on submitting too
// early, fixes and submits; the bureau sees it in its queue beside the entries it overlaps, returns it
// with a reason; the clerk reads the reason, fixes and resubmits; the bureau publishes; the clerk sees
// it published. And what is kept from whom.

let w: ConsoleWorld;
beforeAll(async () => {
  w = await startConsole();
}, 60_000);
afterAll(() => w?.close());

const ENTRY = '来榕务工人员居住信息';

/** Opens an antd Select by its label and picks the option showing this text. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).click();
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: option }).first().click();
}

/** A page of its own; the shared machine can be slow, so each step may take up to 30 s. */
async function open(world: ConsoleWorld) {
  const opened = await newPage(world);
  opened.page.setDefaultTimeout(30_000);
  return opened;
}

async function expectNoSeriousA11yViolations(page: Page): Promise<void> {
  // Not while a table is still loading (its rows are dimmed then).
  await page.locator('.ant-spin-spinning').first().waitFor({ state: 'detached' });
  expect(await seriousA11yViolations(page)).toEqual([]);
}

describe('catalog entries: drafting, submitting, reviewing', () => {
  it('takes an entry from a draft through a return to publication, all in the console', async () => {
    const police = await open(w);
    const p = police.page;
    await signIn(p, 'police');

    // 我的目录: the department's entries by status.
    await p.getByRole('link', { name: '我的目录' }).click();
    await p.getByRole('heading', { name: '我的目录' }).waitFor();
    await shown(p.getByRole('tab', { name: /^草稿（\d+）$/ }));
    await shown(p.getByRole('button', { name: 'Excel 导入' }));
    await p.locator('.ant-table-row').first().waitFor();
    await expectNoSeriousA11yViolations(p);
    await screenshot(p, 'my-entries');

    // A new draft: the form, two items typed, two pasted from Excel, a provision mode.
    await p.getByRole('button', { name: '新建目录' }).click();
    await p.getByRole('heading', { name: '新建目录' }).waitFor();
    await p.getByLabel('资源名称').fill(ENTRY);
    await p.getByLabel('资源分类').click();
    await p.getByLabel('资源分类').fill('101');
    await p.locator('.ant-select-tree-title', { hasText: /^101 人口基础信息$/ }).click();
    await p.getByLabel('信息资源摘要').fill('榕城市流动人口居住登记及居住证办理信息，来源于公安流动人口管理系统。');

    await p.getByRole('button', { name: '添加信息项' }).click();
    await p.getByLabel('第 1 项信息项名称').fill('公民身份号码');
    await p.getByLabel('第 1 项长度').fill('18');
    await p.getByLabel('第 1 项是否敏感').check();
    await choose(p, '第 1 项结构化脱敏规则', '保留首尾');
    await p.getByLabel('第 1 项保留前几位').fill('6');
    await p.getByRole('button', { name: '添加信息项' }).click();
    await p.getByLabel('第 2 项信息项名称').fill('姓名');
    await p.getByLabel('第 2 项是否敏感').check();

    await p.getByRole('button', { name: '从 Excel 粘贴' }).click();
    const paste = p.getByRole('dialog', { name: '从 Excel 粘贴信息项' });
    await paste.getByLabel('粘贴内容').fill('居住地址\t字符型\t200\t现居住地详细地址\t否\t输出项\n出生日期\tD\t\t出生日期\t否\t输出项\n');
    await shown(paste.getByRole('cell', { name: '现居住地详细地址' }));
    expect(await paste.getByText('可添加').count()).toBe(2);
    await paste.getByRole('button', { name: '添加 2 个信息项' }).click();
    await paste.waitFor({ state: 'hidden' });
    expect(await p.getByLabel('第 3 项信息项名称').inputValue()).toBe('居住地址');
    expect(await p.getByLabel('第 4 项信息项名称').inputValue()).toBe('出生日期');
    expect(await p.getByLabel('第 4 项数据类型').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]').innerText()).toContain(
      '日期型',
    );

    // Reordered with the keyboard: 出生日期 up one, before 居住地址.
    await p.getByRole('button', { name: '上移第 4 项' }).focus();
    await p.keyboard.press('Enter');
    expect(await p.getByLabel('第 3 项信息项名称').inputValue()).toBe('出生日期');
    expect(await p.getByLabel('第 4 项信息项名称').inputValue()).toBe('居住地址');

    await tick(p.getByRole('checkbox', { name: '信息查询接口' }));
    await p.getByLabel('信息查询接口说明').fill('按公民身份号码查询流动人口居住登记信息。');
    await p.getByRole('button', { name: '保存草稿' }).first().click();
    await p.waitForURL(/\/resources\/[0-9a-f-]{36}\/edit$/);
    await p.getByRole('heading', { name: '编辑目录' }).waitFor();
    await shown(p.getByText('未发布'));
    expect(await p.getByLabel('第 3 项信息项名称').inputValue()).toBe('出生日期');
    await expectNoSeriousA11yViolations(p);
    await screenshot(p, 'entry-editor');

    // Submitted too early: what is missing, field by field, in the form's words, marked at the fields.
    await p.getByRole('button', { name: '提交审核' }).first().click();
    const gaps = p.locator('#entry-gaps');
    await shown(gaps.getByText(/提交审核前还需补充以下 \d+ 处内容/));
    for (const field of ['资源格式', '更新周期', '共享类型', '开放属性', '使用范围', '信息项第 2 行“姓名” · 脱敏脱密规则']) {
      await shown(gaps.getByRole('button', { name: field, exact: true }));
    }
    await shown(gaps.getByText('信息查询接口须标明至少一个输入项', { exact: false }));
    await shown(p.locator('.ant-form-item-has-error').filter({ has: p.getByLabel('第 2 项脱敏脱密规则') }));
    await expectNoSeriousA11yViolations(p);
    await screenshot(p, 'entry-missing-fields');

    // Fixed and submitted.
    await gaps.getByRole('button', { name: '信息项第 2 行“姓名” · 脱敏脱密规则' }).click();
    await choose(p, '第 2 项结构化脱敏规则', '仅显示姓');
    await choose(p, '第 1 项查询角色', '输入项');
    await choose(p, '资源格式', '数据库');
    await choose(p, '更新周期', '每日');
    await choose(p, '共享类型', '有条件共享');
    await p.getByLabel('共享条件').fill('仅限办理政务服务事项时核验居住信息使用');
    await choose(p, '开放属性', '不予开放');
    await p.getByLabel('使用范围').fill('全市各级政务部门');
    await p.getByRole('button', { name: '提交审核' }).first().click();
    await p.getByRole('heading', { name: '我的目录' }).waitFor();
    await p.getByRole('tab', { name: /^待审核/ }).click();
    await shown(p.getByRole('row').filter({ hasText: ENTRY }).getByText('待审核'));

    // The bureau's queue: the entry, flagged as overlapping other departments' entries.
    const bureau = await open(w);
    const b = bureau.page;
    await signIn(b, 'bureau');
    await b.getByRole('link', { name: '审核队列' }).click();
    await b.getByRole('heading', { name: '审核队列' }).waitFor();
    const row = b.getByRole('row').filter({ hasText: ENTRY });
    await shown(row.getByText(/疑似重复 \d+ 个/));
    await expectNoSeriousA11yViolations(b);
    await screenshot(b, 'review-queue');

    // The entry beside the entries it overlaps, overlapping items marked on both sides; returned with a reason.
    await row.getByRole('link', { name: ENTRY }).click();
    await b.getByRole('heading', { name: `目录审核：${ENTRY}` }).waitFor();
    await shown(b.getByText(/重合 \d+ 项，占本目录信息项的/));
    const ours = b.getByRole('region', { name: `本目录：${ENTRY}` }).first();
    await shown(ours.getByText('重合'));
    await shown(
      b
        .getByRole('region', { name: /^已发布目录：/ })
        .first()
        .getByText('重合'),
    );
    await expectNoSeriousA11yViolations(b);
    await screenshot(b, 'review-side-by-side');
    await b.getByRole('button', { name: /^退\s*回$/ }).click();
    const returning = b.getByRole('dialog');
    await returning.getByLabel('退回理由').fill('使用范围过宽，请写明使用部门和事项');
    await returning.getByRole('button', { name: /^退\s*回$/ }).click();
    await shown(b.getByText('目录已退回提供部门。退回理由：使用范围过宽，请写明使用部门和事项'));

    // The clerk reads the reason, fixes, resubmits.
    await p.getByRole('link', { name: '我的目录' }).click();
    await p.getByRole('tab', { name: /^已退回/ }).click();
    await p.getByRole('row').filter({ hasText: ENTRY }).getByRole('link', { name: ENTRY }).click();
    await shown(p.getByText('退回理由：使用范围过宽，请写明使用部门和事项'));
    // The stored entry whole in the form: its items in their order, its masking, its provision mode.
    expect(await p.getByLabel('第 3 项信息项名称').inputValue()).toBe('出生日期');
    expect(await p.getByLabel('第 1 项保留前几位').inputValue()).toBe('6');
    expect(await p.getByRole('checkbox', { name: '信息查询接口' }).isChecked()).toBe(true);
    await p.getByLabel('使用范围').fill('公安、民政、人社部门办理居住证、社会救助和就业登记事项时核验居住信息');
    await p.getByRole('button', { name: '提交审核' }).first().click();
    await p.getByRole('heading', { name: '我的目录' }).waitFor();

    // The bureau publishes.
    await b.reload();
    await b.getByRole('heading', { name: `目录审核：${ENTRY}` }).waitFor();
    await shown(b.getByText('公安、民政、人社部门办理居住证'));
    await b.getByRole('button', { name: /^发\s*布$/ }).click();
    const confirmPublish = b.locator('.ant-popconfirm').getByRole('button', { name: /^发\s*布$/ });
    await confirmPublish.waitFor();
    // The confirmation reached the service (a click lost to the pop-up's animation would fail here, saying so).
    const [publishAnswer] = await Promise.all([
      b.waitForResponse((r) => r.url().endsWith('/publish') && r.request().method() === 'POST'),
      confirmPublish.click(),
    ]);
    expect(publishAnswer.status()).toBe(200);
    await shown(b.getByText(/目录已发布，资源代码 101\/\d{6}/));

    // The clerk sees it published, with its code.
    await p.getByRole('tab', { name: /^已发布/ }).click();
    const published = p.getByRole('row').filter({ hasText: ENTRY });
    await shown(published.getByText('已发布'));
    await shown(published.getByText(/^101\/\d{6}$/));
    await police.context.close();
    await bureau.context.close();
  }, 300_000);

  it('imports entries from the Excel template: a dry run lists every problem by cell, then the import makes drafts', async () => {
    const { context, page } = await open(w);
    await signIn(page, 'civil');
    await page.goto('/resources');
    await page.getByRole('heading', { name: '我的目录' }).waitFor();

    // The template as the page offers it, filled in by the clerk: one entry, one item, one cell wrong.
    const template = await page.request.get('/api/v1/resources/import-template.xlsx');
    expect(template.status()).toBe(200);
    const filled = async (sharingType: string): Promise<Buffer> => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await template.body()) as unknown as ArrayBuffer);
      const fill = (sheetName: string, cells: Record<string, string>) => {
        const sheet = book.getWorksheet(sheetName)!;
        sheet.getRow(1).eachCell((cell, column) => {
          const value = cells[String(cell.value)];
          if (value !== undefined) sheet.getRow(3).getCell(column).value = value;
        });
      };
      fill('目录', { 条目编号: 'A1', 资源名称: '社会组织年检结果信息', 资源分类: '202 社会保障', 共享类型: sharingType });
      fill('信息项', { 条目编号: 'A1', 信息项名称: '年检结论', 数据类型: '字符型' });
      return Buffer.from(await book.xlsx.writeBuffer());
    };
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

    await page.getByRole('button', { name: 'Excel 导入' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '从 Excel 导入目录' });
    await dialog.getByLabel(/导入文件/).setInputFiles({ name: '目录.xlsx', mimeType: xlsx, buffer: await filled('有点共享') });
    await shown(dialog.getByText(/试导入发现 \d+ 处问题/));
    const problem = dialog.getByRole('row').filter({ hasText: '有点共享' });
    await shown(problem.getByRole('cell', { name: '目录', exact: true }));
    await shown(problem.getByRole('cell', { name: '共享类型', exact: true }));
    expect(await dialog.getByRole('button', { name: /确认导入/ }).count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'entries-import-problems');

    // Corrected: nothing wrong, then the import itself.
    await dialog.getByLabel(/导入文件/).setInputFiles({ name: '目录.xlsx', mimeType: xlsx, buffer: await filled('无条件共享') });
    await shown(dialog.getByText('试导入无问题：1 个目录、1 个信息项，可以确认导入'));
    await dialog.getByRole('button', { name: '确认导入 1 个目录' }).click();
    await shown(dialog.getByText('已导入 1 个目录，均为本部门草稿'));
    await dialog.getByRole('button', { name: '关 闭', exact: true }).click();
    await page.getByRole('tab', { name: /^草稿/ }).click();
    await shown(page.getByRole('row').filter({ hasText: '社会组织年检结果信息' }).getByText('草稿'));
    await context.close();
  }, 180_000);

  it('keeps the catalog work from those it is not for', async () => {
    // A consumer-only clerk: no 我的目录 in the menu, no editor.
    const consumer = await open(w);
    await signIn(consumer.page, 'edu-consumer');
    await shown(consumer.page.getByRole('navigation', { name: '主菜单' }));
    expect(await consumer.page.getByRole('link', { name: '我的目录' }).count()).toBe(0);
    await consumer.page.goto('/resources/new');
    await shown(consumer.page.getByText('无权访问'));
    expect(await consumer.page.getByLabel('资源名称').count()).toBe(0);
    await consumer.page.goto('/resources');
    await shown(consumer.page.getByText('无权访问'));
    expect(await consumer.page.getByRole('button', { name: '新建目录' }).count()).toBe(0);
    await consumer.context.close();

    // The bureau reviews but does not edit a department's draft: no editor for it, and the service refuses the change.
    const draft = await w.server.call('demo-police-token', 'POST', '/api/v1/resources', { name: '公安内部测试草稿', categoryCode: '101' });
    expect(draft.status).toBe(201);
    const id = (draft.body as { id: string }).id;
    const bureau = await open(w);
    await signIn(bureau.page, 'bureau');
    expect(await bureau.page.getByRole('link', { name: '我的目录' }).count()).toBe(0);
    await bureau.page.goto(`/resources/${id}/edit`);
    await shown(bureau.page.getByText('无权访问'));
    expect(await bureau.page.getByLabel('资源名称').count()).toBe(0);
    const refused = await bureau.page.evaluate(async (resourceId) => {
      const me = (await (await fetch('/api/v1/me')).json()) as { session?: { csrfToken?: string } };
      const res = await fetch(`/api/v1/resources/${resourceId}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json', 'If-Match': '*', 'X-CSRF-Token': me.session?.csrfToken ?? '' },
        body: JSON.stringify({ name: '管理局改名' }),
      });
      return res.status;
    }, id);
    expect(refused).toBe(403);
    await bureau.context.close();

    // A producer does not review: the queue is the bureau's.
    const police = await open(w);
    await signIn(police.page, 'police');
    expect(await police.page.getByRole('link', { name: '审核队列' }).count()).toBe(0);
    await police.page.goto('/review');
    await shown(police.page.getByText('无权访问'));
    await police.context.close();
  }, 180_000);
});
