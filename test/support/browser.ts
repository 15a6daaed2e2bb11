import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { createApp } from '../../src/app';
import { systemClock } from '../../src/clock';
import { loadDemoCity } from '../../seeds/demo-city';
import { freshDatabase, TestDb } from './db';
import { listen, LiveServer } from './http-server';
import { consoleBuildDir } from './console-build';

// The browser tests (test/browser): the real service on a fresh SQLite database with the demo city,
// listening on loopback and serving the console built by test/support/console-build.js, driven by
// Debian's Chromium through playwright-core. Nothing is mocked: the clicks reach the API, the
// API reaches the database.

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = path.resolve(__dirname, '..', '..');
/** Where each page's screenshot is kept (a CI artifact). */
export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export interface ConsoleWorld {
  t: TestDb;
  server: LiveServer;
  url: string;
  browser: Browser;
  close: () => Promise<void>;
}

/** The demo city's password of a login name (README). */
export const demoPassword = (loginName: string) => `Demo2026${loginName}`;

export async function startConsole(): Promise<ConsoleWorld> {
  const consoleDir: string = process.env.CONSOLE_TEST_DIR ?? consoleBuildDir();
  if (!fs.existsSync(path.join(consoleDir, 'index.html')))
    throw new Error('the console was not built: run the browser tests through jest (globalSetup test/support/console-build.js)');
  if (!fs.existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk (README "Testing"), or set CHROMIUM_PATH`);
  const t = await freshDatabase();
  // One folder of certificate signing keys for the demo city's certificates and the service, as `npm start` has.
  const certificateKeysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-keys-'));
  expect(await loadDemoCity(t.db, systemClock, { certificateKeysDir })).toBe(true);
  const server = await listen(createApp({ db: t.db, validateResponses: true, consoleDir, certificateKeysDir }));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Running as root in CI needs --no-sandbox; the rest keep Chromium off this closed network.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    t,
    server,
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
      await t.destroy();
      fs.rmSync(certificateKeysDir, { recursive: true, force: true });
    },
  };
}

/** A browser context of its own (its own cookies) with Chinese as the browser's language. */
export async function newPage(w: ConsoleWorld): Promise<{ context: BrowserContext; page: Page }> {
  const context = await w.browser.newContext({
    baseURL: w.url,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  // A script error in the page is a failure of the console: shown with the test's output.
  page.on('pageerror', (error) => process.stderr.write(`page error at ${page.url()}: ${error.message}\n`));
  return { context, page };
}

/** Signs in through the sign-in page and waits for the home page. */
export async function signIn(page: Page, loginName: string, password = demoPassword(loginName)): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('登录名').fill(loginName);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.getByRole('heading', { name: '我的待办' }).waitFor();
}

/** A screenshot of the whole page under test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules).
 * Evaluated through the DevTools protocol, so the page's CSP (script-src 'self') does not block it.
 */
export async function seriousA11yViolations(page: Page): Promise<Array<{ id: string; impact: string; help: string; targets: string[] }>> {
  // A select's drop-down still closing (its animation) is no part of the page being checked.
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)').first().waitFor({ state: 'hidden' });
  await page.evaluate(AXE_SOURCE);
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as {
    violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> }>;
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Waits until the locator's first match is shown, failing the test after the page's timeout. */
export async function shown(locator: import('playwright-core').Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible' });
  expect(await locator.first().isVisible()).toBe(true);
}

/**
 * Ticks a checkbox whose state follows the form's watched value (antd's Form.useWatch answers a
 * moment after the click, so Playwright's check() can look too early under load): one click, then
 * it must become checked within the page's timeout.
 */
export async function tick(box: import('playwright-core').Locator): Promise<void> {
  await box.click();
  const handle = await box.elementHandle();
  await box.page().waitForFunction((el) => (el as unknown as { checked: boolean }).checked, handle);
  expect(await box.isChecked()).toBe(true);
}
