import type { Page } from 'playwright-core';
import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// 资源目录 and 证照核验 as people use them: a consumer searches the catalog with a two-character
// Chinese keyword, narrows by a facet, sorts and pages (the search kept in the address, Back
// working), opens 户籍人口基本信息 and reads its items and provision modes; the producer of an
// entry is not offered to request it; anyone, signed in or not, opens a certificate's QR code link
// and reads whether it is valid, revoked or cannot be verified (possibly forged).

let w: ConsoleWorld;
beforeAll(async () => {
  w = await startConsole();
}, 60_000);
afterAll(() => w?.close());

const search = (page: Page) => new URL(page.url()).searchParams;

/** The department column of the results table (the second cell of each body row). */
async function departmentsShown(page: Page): Promise<string[]> {
  return page.locator('.catalog-results tbody tr td:nth-child(2)').allInnerTexts();
}

interface PageGlobals {
  document: { querySelector: (selector: string) => { getAttribute: (name: string) => string | null } | null };
  location: { search: string };
}

/**
 * Waits until the results answer the address shown (the router renders a new address a moment
 * after the address bar changes) and no table is loading (a loading table is drawn faded).
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    // In the page (the tests are compiled without the DOM's types, and the page's CSP refuses a string to evaluate).
    const { document, location } = globalThis as unknown as PageGlobals;
    const results = document.querySelector('[data-search]');
    const answers = !results || results.getAttribute('data-search') === new URLSearchParams(location.search).toString();
    return answers && !document.querySelector('[aria-busy="true"], .ant-spin-spinning');
  });
}

async function namesShown(page: Page): Promise<string[]> {
  return page.locator('.catalog-results tbody tr td:first-child a').allInnerTexts();
}

describe('资源目录', () => {
  it('lets a consumer search with 户籍, narrow by department, sort, go Back, bookmark and export the search', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '资源目录' }).click();
    await page.getByRole('heading', { name: '资源目录' }).waitFor();
    await shown(page.getByText(/共找到 \d+ 个目录/));

    // A two-character keyword finds the entries that hold it in their name, summary or items.
    await page.getByLabel('关键词').fill('户籍');
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.getByText(/共找到 \d+ 个目录（关键词“户籍”）/).waitFor();
    await shown(page.getByRole('link', { name: '户籍人口基本信息' }));
    expect(search(page).get('q')).toBe('户籍');
    // 社会保险参保人员基本信息 holds 户籍 in an item's name (户籍地址), not in its own.
    await shown(page.getByRole('link', { name: '社会保险参保人员基本信息' }));
    const before = await departmentsShown(page);
    expect(before.length).toBeGreaterThan(1);
    expect(new Set(before).size).toBeGreaterThan(1); // several departments hold 户籍 somewhere
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The department facet, with counts: ticking 榕城市公安局 leaves its entries only.
    const facet = page.getByRole('group', { name: '提供部门' });
    const police = facet.getByRole('checkbox', { name: /榕城市公安局（\d+）/ });
    const policeCount = Number(
      (
        await facet
          .getByText(/^榕城市公安局/)
          .first()
          .innerText()
      ).match(/（(\d+)）/)![1],
    );
    expect(policeCount).toBeGreaterThan(0);
    expect(policeCount).toBeLessThan(before.length);
    await police.click(); // the router re-renders the ticked box from the new address
    await page.waitForURL(/departmentId=/);
    await page.getByText(`共找到 ${policeCount} 个目录（关键词“户籍”）`).waitFor();
    expect(search(page).getAll('departmentId')).toHaveLength(1);
    expect(new Set(await departmentsShown(page))).toEqual(new Set(['榕城市公安局']));
    await shown(page.getByText('提供部门：榕城市公安局'));
    expect(await police.isChecked()).toBe(true);
    await screenshot(page, 'catalog-search');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Sorting by name, each way: kept in the address; Back returns to the previous order.
    const sortBy = async (label: string, param: string) => {
      await page.getByLabel('排序').click();
      await page.locator(`.ant-select-item-option[title="${label}"]`).click();
      await page.waitForURL((url) => url.searchParams.get('sort') === param);
      await settled(page);
      return namesShown(page);
    };
    const ascending = await sortBy('名称（升序）', 'name');
    const descending = await sortBy('名称（降序）', '-name');
    expect(ascending.length).toBe(policeCount);
    expect(descending).toEqual([...ascending].reverse());
    expect(descending).not.toEqual(ascending);
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'name');
    await settled(page);
    expect(await namesShown(page)).toEqual(ascending);
    await page.goBack();
    await page.waitForURL((url) => !url.searchParams.has('sort'));
    expect(search(page).get('q')).toBe('户籍');
    expect(search(page).getAll('departmentId')).toHaveLength(1);
    // A bookmarked search opens as it was.
    const bookmarked = page.url();
    const { context: again, page: page2 } = await newPage(w);
    await signIn(page2, 'edu-consumer');
    await page2.goto(bookmarked);
    await page2.getByText(`共找到 ${policeCount} 个目录（关键词“户籍”）`).waitFor();
    expect(await page2.getByLabel('关键词').inputValue()).toBe('户籍');
    await again.close();

    // Export of the current search (every page), as Excel and CSV.
    const xlsx = await page.getByRole('link', { name: /导出 Excel/ }).getAttribute('href');
    expect(xlsx).toMatch(/^\/api\/v1\/resources\/export\.xlsx\?/);
    expect(new URL(xlsx!, w.url).searchParams.get('q')).toBe('户籍');
    const csv = await page.request.get(new URL((await page.getByRole('link', { name: /导出 CSV/ }).getAttribute('href'))!, w.url).href);
    expect(csv.status()).toBe(200);
    const csvText = await csv.text();
    expect(csvText).toContain('户籍人口基本信息');
    expect(csvText).not.toContain('社会保险'); // narrowed to the police's entries, as on screen

    await context.close();
  }, 120_000);

  it('pages through the whole catalog, with 上一页 and the browser Back', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto('/catalog');
    // As many pages as the published catalog fills, 20 a page (the demo city's: two or more).
    const total = Number((await page.getByText(/共找到 [\d,]+ 个目录/).innerText()).match(/([\d,]+)/)![1].replace(/,/g, ''));
    const pages = Math.ceil(total / 20);
    expect(pages).toBeGreaterThanOrEqual(2);
    await shown(page.getByText(`第 1 页，共 ${pages} 页`));
    await settled(page);
    const seen = new Set(await namesShown(page));
    expect(seen.size).toBe(20);
    for (let n = 2; n <= pages; n++) {
      await page.getByRole('button', { name: '下一页' }).click();
      await shown(page.getByText(`第 ${n} 页，共 ${pages} 页`));
      await settled(page);
      const names = await namesShown(page);
      expect(names).toHaveLength(n < pages ? 20 : total - 20 * (pages - 1));
      for (const name of names) seen.add(name);
    }
    expect(search(page).has('cursor')).toBe(true);
    expect(seen.size).toBe(total); // every entry once, none twice
    expect(await page.getByRole('button', { name: '下一页' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '上一页' }).click();
    await shown(page.getByText(`第 ${pages - 1} 页，共 ${pages} 页`));
    await page.goBack();
    await shown(page.getByText(`第 ${pages} 页，共 ${pages} 页`));
    await page.getByRole('button', { name: /首\s*页/ }).click();
    await shown(page.getByText(`第 1 页，共 ${pages} 页`));
    await page.goBack();
    await shown(page.getByText(`第 ${pages} 页，共 ${pages} 页`));
    for (let n = pages; n > 1; n--) await page.goBack(); // back through the pages walked forward, and the 上一页
    await shown(page.getByText(`第 1 页，共 ${pages} 页`));
    expect(search(page).has('cursor')).toBe(false);

    await context.close();
  }, 120_000);

  it('shows 户籍人口基本信息 whole, offers 申请使用 to a consumer and not to its producer', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto('/catalog');
    // The entry: its terms, items with types and sensitivity, provision modes, versions; 申请使用 for a consumer.
    await page.getByLabel('关键词').fill('户籍');
    await page.getByRole('button', { name: /检\s*索/ }).click();
    await page.getByRole('link', { name: '户籍人口基本信息' }).click();
    await page.getByRole('heading', { name: '户籍人口基本信息', level: 2 }).waitFor();
    await shown(page.getByRole('heading', { name: '信息项（12 项）' }));
    const row = page.getByRole('row').filter({ hasText: '公民身份号码' });
    await shown(row.getByText('字符型'));
    await shown(row.getByText('敏感'));
    await shown(page.getByText('信息查询接口'));
    await shown(page.getByText('信息核验接口'));
    await shown(page.getByText('按公民身份号码和姓名查询户籍人口基本信息，返回脱敏后的结果。'));
    await shown(page.getByText('无条件共享'));
    await shown(page.getByText('4,126,580 条记录'));
    await shown(page.getByRole('cell', { name: '第 1 版' }));
    const request = page.getByRole('link', { name: '申请使用' });
    await shown(request);
    expect(await request.getAttribute('href')).toMatch(/^\/catalog\/[0-9a-f-]{36}\/request$/);
    await screenshot(page, 'catalog-entry');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Printed, the buttons are not on paper.
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByRole('button', { name: /打\s*印/ }).isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
    const entryPath = new URL(page.url()).pathname;

    // An entry that repeats its items says so (一数一源), linking to the entry it overlaps.
    await page.goto(`/catalog?q=${encodeURIComponent('社会保险参保人员')}`);
    await page.getByRole('link', { name: '社会保险参保人员基本信息' }).click();
    const duplicates = page.getByRole('alert').filter({ hasText: '一数一源提示' });
    await shown(duplicates);
    await shown(duplicates.getByText(/重复信息项 .*公民身份号码/));
    await duplicates.getByRole('link', { name: '户籍人口基本信息' }).click();
    await page.getByRole('heading', { name: '户籍人口基本信息', level: 2 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(entryPath);
    await context.close();

    // The producer of the entry (and any non-consumer) is not offered to request it.
    const producer = await newPage(w);
    await signIn(producer.page, 'police');
    await producer.page.goto(entryPath);
    await producer.page.getByRole('heading', { name: '户籍人口基本信息', level: 2 }).waitFor();
    await shown(producer.page.getByRole('button', { name: /打\s*印/ }));
    expect(await producer.page.getByRole('link', { name: '申请使用' }).count()).toBe(0);
    await producer.context.close();
  }, 120_000);

  it('says an entry that does not exist cannot be found', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto('/catalog/00000000-0000-4000-8000-000000000000');
    await shown(page.getByText('目录不存在'));
    await context.close();
  }, 60_000);
});

describe('证照核验 (the page a certificate QR code opens)', () => {
  interface Cert {
    id: string;
    number: string;
    status: string;
    holderName: string;
    verificationUrl: string;
  }
  let valid: Cert;
  let revoked: Cert;

  beforeAll(async () => {
    const list = await w.server.call('demo-police-token', 'GET', '/api/v1/certificates?status=valid');
    expect(list.status).toBe(200);
    const items = list.body.items as unknown as Cert[];
    expect(items.length).toBeGreaterThanOrEqual(2);
    [valid, revoked] = items;
    const revoke = await w.server.call('demo-police-token', 'POST', `/api/v1/certificates/${revoked.id}/revoke`, {
      reason: '持证人已迁出本市，证照注销',
    });
    expect(revoke.status).toBe(200);
  });

  it('opens from the QR code link without signing in and says 有效 with what to compare with the paper', async () => {
    expect(valid.verificationUrl).toBe(`${w.url}/verify/certificates/${valid.id}`);
    const { context, page } = await newPage(w);
    await page.goto(valid.verificationUrl);
    await page.getByRole('heading', { name: '电子证照核验' }).waitFor();
    await shown(page.getByRole('status').getByText('有效', { exact: true }));
    await shown(page.getByText(valid.number));
    await shown(page.getByText('榕城市公安局'));
    // The person by the family name only, never the whole name nor the ID number.
    const familyOnly = (await page.locator('main').innerText()).match(/持证人\s*(\S+)/)![1];
    expect(familyOnly).toMatch(/^\p{Script=Han}\*+$/u);
    expect(new URL(page.url()).pathname).toBe(`/verify/certificates/${valid.id}`);
    expect(await page.getByRole('button', { name: '退出登录' }).count()).toBe(0); // no console frame
    await screenshot(page, 'certificate-valid');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('says 已撤销 for a revoked certificate, with when', async () => {
    const { context, page } = await newPage(w);
    await page.goto(`/verify/certificates/${revoked.id}`);
    await shown(page.getByRole('status').getByText('已撤销', { exact: true }));
    await shown(page.getByText('撤销时间'));
    await shown(page.getByText(revoked.number));
    await screenshot(page, 'certificate-revoked');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('says a made-up id cannot be verified and may be forged', async () => {
    const { context, page } = await newPage(w);
    await page.goto('/verify/certificates/7d3c1e2a-5b4f-4a6e-9c8d-1f2e3a4b5c6d');
    await shown(page.getByRole('status').getByText('无法核验（可能是伪造）'));
    await shown(page.getByText('平台没有这份证照的记录'));
    expect(await page.getByText('证照编号').count()).toBe(0);
    await screenshot(page, 'certificate-forged');
    await settled(page);
    expect(await seriousA11yViolations(page)).toEqual([]);
    // Not even an id of the platform's form: the same answer.
    await page.goto('/verify/certificates/not-a-certificate');
    await shown(page.getByRole('status').getByText('无法核验（可能是伪造）'));
    await context.close();
  }, 60_000);
});
