import { ConsoleWorld, newPage, screenshot, seriousA11yViolations, shown, signIn, startConsole } from '../support/browser';

// Signing in to the console as a person does it: the sign-in page, the home page, signing out; the
// lock after five wrong passwords; a forged cross-site write refused; a page kept from a role.

let w: ConsoleWorld;
beforeAll(async () => {
  w = await startConsole();
}, 60_000);
afterAll(() => w?.close());

describe('signing in', () => {
  it('signs a clerk in, shows the to-do list under the department and name, and signs out', async () => {
    const { context, page } = await newPage(w);
    await page.goto('/');
    // Not signed in: the console sends you to the sign-in page.
    await page.getByRole('heading', { name: '榕城市政务信息资源目录与共享交换平台' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');
    await signIn(page, 'police');
    await shown(page.getByText('榕城市公安局 · '));
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'home-police');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('登录名').waitFor();
    // Signed out for the service too: the old cookie no longer opens the API.
    const me = await page.request.get('/api/v1/me');
    expect(me.status()).toBe(401);
    await context.close();
  });

  it('says in Chinese that the name or password is wrong, and locks the account after five failures', async () => {
    const { context, page } = await newPage(w);
    await page.goto('/login');
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('登录名').fill('civil');
      await page.getByLabel('密码', { exact: true }).fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByRole('alert').filter({ hasText: '登录名或密码' }).waitFor();
    }
    // Locked after the fifth: even the right password is refused for 15 minutes, until a time in Beijing time.
    await page.getByLabel('密码', { exact: true }).fill('Demo2026civil');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await shown(page.getByRole('alert').filter({ hasText: /账号已锁定至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间）/ }));
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'sign-in-locked');
    await context.close();
  });

  it('refuses a write that carries the session cookie but not its CSRF token', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'market');
    // What a forged form on another site could make the browser send: the cookie, no token.
    const forged = await page.evaluate(async () => {
      const res = await fetch('/api/v1/sharing-requests', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      return { status: res.status, body: (await res.json()) as { code?: string } };
    });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('csrf_refused');
    await context.close();
  });

  it('keeps a page from a role it is not for', async () => {
    const { context, page } = await newPage(w);
    await signIn(page, 'edu-consumer');
    await page.goto('/admin/users');
    await shown(page.getByText('无权访问'));
    await context.close();
  });
});
