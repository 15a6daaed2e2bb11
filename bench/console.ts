// Figures of the web console (issue 19) over a generated city, in Debian's Chromium (playwright-core):
//   1. JavaScript transferred to show the sign-in page, and the sign-in and home pages together
//      (goal ≤ 400 KB gzip; the rest is split by route);
//   2. time to a usable catalog search page — navigation until the search box takes input and the
//      first page of results is shown — with an empty browser cache, signed in (goal ≤ 1 s);
//   3. a search typed into the console: Enter until the results are shown (goal ≤ 300 ms), over
//      many different keywords (the city's popular head and long tail, bench/search-workload.ts).
// All of it while other clerks work: a background load of searches with many keywords, entries read
// across the catalog and 5 % sharing-request submissions (writes, each with its audit event).
// The yardstick is bare express from the same run (bench/bare-server.ts): the same built files
// served with express.static and gzip for the page loads, and a JSON body of the same size for the
// searches' API answers.
//
//   npm run bench:generate -- --entries 100000          # once: bench/.data/city-100000-sqlite.json
//   npm run bench:console -- bench/.data/city-100000-sqlite.json
//   BENCH_RECORD=1 npm run bench:console -- <manifest>   # appends the section to bench/RESULTS.md
//
// BENCH_LOADS (10) cold page loads per measure, BENCH_SEARCHES (60) typed searches,
// BENCH_BACKGROUND (4) background clients, BENCH_BACKGROUND_RATE their requests a second in all
// (unset or 0: each as fast as it is answered, which saturates this 2-core machine).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { stopChild } from './child-processes';
import { seededRandom } from './exchange-data';
import { Manifest, prepareRequestBodies, startBareServer, startServer } from './load';
import { cityKeywords, publishedEntryIds, shuffle, WORKLOAD_SEED, zipfSampler, ZIPF_S } from './search-workload';

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LOADS = Number(process.env.BENCH_LOADS ?? 10);
const SEARCHES = Number(process.env.BENCH_SEARCHES ?? 60);
const BACKGROUND = Number(process.env.BENCH_BACKGROUND ?? 4);
// Requests per second the background clients send together; 0: each as fast as it can (a saturated machine).
const BACKGROUND_RATE = Number(process.env.BENCH_BACKGROUND_RATE ?? 0);
const LOGIN = 'bench-consumer';
const PASSWORD = 'Bench2026console';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const summary = (xs: number[]) =>
  `p50 ${quantile(xs, 0.5).toFixed(0)} ms, p95 ${quantile(xs, 0.95).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

async function api(base: string, method: string, urlPath: string, headers: Record<string, string>, body?: unknown) {
  const res = await fetch(base + urlPath, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status}: ${text.slice(0, 300)}`);
  return { res, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Gives the manifest's consumer a login name and a password it has changed (as a person would), and answers its session cookie. */
async function consumerSession(m: Manifest, base: string): Promise<string> {
  const bureau = { authorization: `Bearer ${m.tokens.bureau}` };
  const me = await api(base, 'GET', '/api/v1/me', { authorization: `Bearer ${m.tokens.consumer}` });
  const userId = (me.body.user as { id: string }).id;
  const user = await api(base, 'GET', `/api/v1/users/${userId}`, bureau);
  if ((user.body as { loginName?: string }).loginName !== LOGIN)
    await api(base, 'PATCH', `/api/v1/users/${userId}`, { ...bureau, 'if-match': user.res.headers.get('etag')! }, { loginName: LOGIN });
  const first = `${PASSWORD}-first`;
  await api(base, 'POST', `/api/v1/users/${userId}/password`, bureau, { password: first });
  const signedIn = await api(base, 'POST', '/api/v1/sessions', {}, { loginName: LOGIN, password: first });
  const cookie = signedIn.res.headers.get('set-cookie')!.split(';')[0];
  await api(
    base,
    'PUT',
    '/api/v1/me/password',
    { cookie, 'x-csrf-token': signedIn.body.csrfToken as string },
    { currentPassword: first, newPassword: PASSWORD },
  );
  return cookie;
}

/** Other clerks at work: searches, entry reads and submissions until `stop` resolves; what they sent. */
function backgroundLoad(m: Manifest, base: string, keywords: string[], entryIds: string[], bodies: string[], stop: Promise<void>) {
  const random = seededRandom(WORKLOAD_SEED + 1);
  const nextKeyword = zipfSampler(keywords.length, ZIPF_S, random);
  const counts = { searches: 0, entries: 0, writes: 0, errors: 0 };
  let stopped = false;
  void stop.then(() => (stopped = true));
  let body = 0;
  const started = performance.now();
  const consumer = { authorization: `Bearer ${m.tokens.consumer}` };
  let issued = 0;
  const worker = async () => {
    while (!stopped) {
      if (BACKGROUND_RATE > 0) {
        const due = started + (issued++ * 1000) / BACKGROUND_RATE;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
        if (stopped) break;
      }
      const r = random();
      try {
        if (r < 0.05 && bodies.length > 0) {
          await api(base, 'POST', '/api/v1/sharing-requests', consumer, { ...JSON.parse(bodies[body++ % bodies.length]), submit: true });
          counts.writes++;
        } else if (r < 0.25) {
          await api(base, 'GET', `/api/v1/resources/${entryIds[Math.floor(random() * entryIds.length)]}`, consumer);
          counts.entries++;
        } else {
          await api(base, 'GET', `/api/v1/resources?q=${encodeURIComponent(keywords[nextKeyword()])}`, consumer);
          counts.searches++;
        }
      } catch {
        counts.errors++;
      }
    }
  };
  const done = Promise.all(Array.from({ length: BACKGROUND }, worker)).then(() => performance.now() - started);
  return { counts, done };
}

/** A context with an empty cache; with the session cookie when given. */
async function freshContext(browser: Browser, base: string, cookie?: string): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  if (cookie) {
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: base }]);
  }
  return context;
}

/** Bytes of script received (as sent, i.e. compressed) while `action` runs. */
async function scriptBytesDuring(page: Page, action: () => Promise<void>): Promise<number> {
  const sizes: Promise<number>[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() === 'script')
      sizes.push(response.finished().then(async () => (await response.request().sizes()).responseBodySize));
  };
  page.on('response', onResponse);
  await action();
  page.off('response', onResponse);
  return (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
}

/**
 * No antd spinner is spinning: what the page asked for is shown. A function, not a string: the
 * page's CSP (script-src 'self') forbids the eval a string predicate needs.
 */
const NOT_LOADING = () =>
  !(globalThis as unknown as { document: { querySelector: (selector: string) => unknown } }).document.querySelector('.ant-spin-spinning');
/** The results table is not loading (the facets' counts beside it may still be). */
const RESULTS_SHOWN = () =>
  !(globalThis as unknown as { document: { querySelector: (selector: string) => unknown } }).document.querySelector(
    '.catalog-results-wrap .ant-spin-spinning',
  );
const signInPageReady = (page: Page) => page.getByRole('button', { name: /登\s*录/ }).waitFor();
const searchBox = (page: Page) => page.getByLabel('关键词');
/** The catalog page is usable: its search box takes input and a page of results is shown. */
async function catalogUsable(page: Page): Promise<void> {
  await searchBox(page).waitFor();
  await page.locator('.catalog-results tbody tr td a').first().waitFor();
  await page.waitForFunction(RESULTS_SHOWN);
}

async function main(): Promise<void> {
  const manifestFile = process.argv[2];
  if (!manifestFile) throw new Error('usage: npm run bench:console -- <manifest of bench/generate-city.ts>');
  const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const server = await startServer(m, manifestFile, false);
  const bare = await startBareServer({ BARE_STATIC_DIR: path.join(ROOT, 'dist', 'web') });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
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
  let stopBackground = () => undefined as void;
  try {
    const base = server.base;
    const cookie = await consumerSession(m, base);
    const keywords = cityKeywords();
    const entries = await publishedEntryIds(
      m.dialect === 'sqlite'
        ? { dialect: 'sqlite', file: path.join(m.sqliteDataDir!, 'catalog.sqlite') }
        : { dialect: 'postgres', url: m.databaseUrl! },
      5000,
    );
    const { bodies } = await prepareRequestBodies({ ...m, requestableEntryIds: m.requestableEntryIds.slice(0, 200) }, base);
    const stop = new Promise<void>((resolve) => (stopBackground = resolve));
    const background = backgroundLoad(m, base, keywords, entries.ids, bodies, stop);

    // 1. Script for the sign-in page, then for signing in and the home page (empty caches).
    const signInJs: number[] = [];
    const homeJs: number[] = [];
    const signInMs: number[] = [];
    const bareSignInMs: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      for (const [origin, times] of [
        [base, signInMs],
        [bare.base, bareSignInMs],
      ] as const) {
        const context = await freshContext(browser, origin);
        const page = await context.newPage();
        const t0 = performance.now();
        const js = await scriptBytesDuring(page, async () => {
          await page.goto('/login');
          await signInPageReady(page);
        });
        times.push(performance.now() - t0);
        if (origin === base) signInJs.push(js);
        await context.close();
      }
    }
    for (let i = 0; i < 3; i++) {
      const context = await freshContext(browser, base);
      const page = await context.newPage();
      const js = await scriptBytesDuring(page, async () => {
        await page.goto('/login');
        await page.getByLabel('登录名').fill(LOGIN);
        await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
        await page.getByRole('button', { name: /登\s*录/ }).click();
        await page.getByRole('heading', { name: '我的待办' }).waitFor();
        await page.waitForFunction(NOT_LOADING);
      });
      homeJs.push(js);
      await context.close();
    }

    // 2. The catalog page, cold, signed in: half the loads open it with a keyword in the address.
    const random = seededRandom(WORKLOAD_SEED + 2);
    const catalogMs: number[] = [];
    const catalogAllMs: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      const context = await freshContext(browser, base, cookie);
      const page = await context.newPage();
      const q = i % 2 === 1 ? `?q=${encodeURIComponent(keywords[Math.floor(random() * 50)])}` : '';
      const t0 = performance.now();
      await page.goto(`/catalog${q}`);
      await catalogUsable(page);
      catalogMs.push(performance.now() - t0);
      await page.waitForFunction(NOT_LOADING);
      catalogAllMs.push(performance.now() - t0);
      await context.close();
    }

    // 3. Searches typed into one catalog page: many keywords, the popular head and the long tail.
    const context = await freshContext(browser, base, cookie);
    const page = await context.newPage();
    await page.goto('/catalog');
    await catalogUsable(page);
    await page.waitForFunction(NOT_LOADING);
    const typed = shuffle(keywords.slice(0, 2000), seededRandom(WORKLOAD_SEED + 3)).slice(0, SEARCHES);
    const typedMs: number[] = [];
    const typedAllMs: number[] = [];
    const answerMs: number[] = [];
    const answerBytes: number[] = [];
    for (const keyword of typed) {
      await searchBox(page).fill(keyword);
      const answered = page.waitForResponse((r) => r.url().includes('/api/v1/resources?') && decodeURIComponent(r.url()).includes(keyword));
      const t0 = performance.now();
      await searchBox(page).press('Enter');
      const response = await answered;
      await response.finished();
      await page.waitForFunction(RESULTS_SHOWN);
      typedMs.push(performance.now() - t0);
      await page.waitForFunction(NOT_LOADING);
      typedAllMs.push(performance.now() - t0);
      const timing = response.request().timing();
      answerMs.push(timing.responseEnd - timing.requestStart);
      answerBytes.push((await response.body()).length);
    }
    await context.close();

    // The searches' API answer against bare express answering as many bytes, from this process.
    const bytes = Math.round(quantile(answerBytes, 0.5));
    const serviceApiMs: number[] = [];
    const bareApiMs: number[] = [];
    for (const keyword of typed.slice(0, 30)) {
      let t0 = performance.now();
      await api(base, 'GET', `/api/v1/resources?q=${encodeURIComponent(keyword)}`, { cookie });
      serviceApiMs.push(performance.now() - t0);
      t0 = performance.now();
      await (await fetch(`${bare.base}/bytes/${bytes}`)).text();
      bareApiMs.push(performance.now() - t0);
    }
    stopBackground();
    const backgroundMs = await background.done;

    const kb = (xs: number[]) => `${(quantile(xs, 0.5) / 1024).toFixed(0)} KB`;
    const lines = [
      `## ${new Date().toISOString().slice(0, 10)} — the web console over a generated city of ${m.entries} entries (${m.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'})`,
      '',
      `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, Chromium at ${CHROMIUM}. Command: \`${BACKGROUND_RATE > 0 ? `BENCH_BACKGROUND_RATE=${BACKGROUND_RATE} ` : ''}npm run bench:console -- ${manifestFile}\` (the built server, NODE_ENV=production; Debian's Chromium headless through playwright-core on loopback; ${LOADS} cold loads per page, ${typed.length} typed searches of different keywords; ${BACKGROUND} background clients ${BACKGROUND_RATE > 0 ? `paced to ${BACKGROUND_RATE} requests a second in all` : 'each sending as fast as it is answered'}, searches over ${keywords.length} keywords, entries among ${entries.ids.length} ids and 5 % sharing-request submissions).`,
      '',
      '| figure | measured | goal | × bare express |',
      '| --- | ---: | ---: | ---: |',
      `| JavaScript for the sign-in page (transferred, compressed) | ${kb(signInJs)} | — | — |`,
      `| JavaScript for the sign-in and home pages | ${kb(homeJs)} | ≤ 400 KB | — |`,
      `| sign-in page shown, cold cache | ${summary(signInMs)} | — | ${(quantile(bareSignInMs, 0.5) / quantile(signInMs, 0.5)).toFixed(2)} (bare p50 ${quantile(bareSignInMs, 0.5).toFixed(0)} ms) |`,
      `| catalog search page usable (search box and results), cold cache | ${summary(catalogMs)} | ≤ 1000 ms | — |`,
      `| … and the facets' counts beside the results | ${summary(catalogAllMs)} | — | — |`,
      `| search typed: Enter → results shown | ${summary(typedMs)} | ≤ 300 ms | — |`,
      `| … and the facets' counts updated | ${summary(typedAllMs)} | — | — |`,
      `| its API answer in the browser (${bytes} bytes median) | ${summary(answerMs)} | — | ${(quantile(bareApiMs, 0.5) / quantile(serviceApiMs, 0.5)).toFixed(2)} (service p50 ${quantile(serviceApiMs, 0.5).toFixed(1)} ms, bare ${quantile(bareApiMs, 0.5).toFixed(1)} ms, from node) |`,
      '',
      `Background during the run: ${background.counts.searches} searches, ${background.counts.entries} entry reads, ${background.counts.writes} submissions, ${background.counts.errors} errors in ${(backgroundMs / 1000).toFixed(0)} s (${((background.counts.searches + background.counts.entries + background.counts.writes) / (backgroundMs / 1000)).toFixed(0)} req/s).`,
      '',
    ];
    const section = lines.join('\n');
    console.log(section);
    if (process.env.BENCH_RECORD === '1') fs.appendFileSync(path.join(__dirname, 'RESULTS.md'), `\n${section}`);
  } finally {
    stopBackground();
    await browser.close();
    await stopChild(server.child);
    await stopChild(bare.child);
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
