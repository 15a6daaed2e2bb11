#!/usr/bin/env node
// Checks by hand, in a real browser, that Swagger UI at /docs can edit (ADR 0042): it authorizes
// with a token, GETs a department, takes the ETag shown into the If-Match parameter and PATCHes
// it (200, a new ETag); the same PATCH without If-Match is answered 428 with its problem type.
// Not part of the test suite (a browser is slow and heavy); run against a server with the demo:
//
//   node --experimental-websocket scripts/check-swagger-ui.mjs http://127.0.0.1:3000 demo-bureau-token [screenshot.png]
//
// Needs Chromium (Debian: apt-get install chromium); drives it over the DevTools protocol.
/* global process, setTimeout, fetch, WebSocket, console, Buffer -- Node 20 with --experimental-websocket */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const [, , base = 'http://127.0.0.1:3000', token = 'demo-bureau-token', screenshot] = process.argv;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const departments = await (await fetch(`${base}/api/v1/departments?limit=1`, { headers: { authorization: `Bearer ${token}` } })).json();
const deptId = departments.items[0].id;
const unchanged = JSON.stringify({ name: departments.items[0].name });
const port = 9300 + Math.floor(Math.random() * 600);
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'swagger-check-'));
const chromium = spawn(
  process.env.CHROMIUM ?? 'chromium',
  [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    `--remote-debugging-port=${port}`,
    `--user-data-dir=${profile}`,
    '--window-size=1280,1600',
    'about:blank',
  ],
  { stdio: 'ignore' },
);
let failed = false;
try {
  let targets = null;
  for (let i = 0; i < 50 && !targets; i++) {
    await sleep(200);
    targets = await fetch(`http://127.0.0.1:${port}/json/list`).then(
      (r) => r.json(),
      () => null,
    );
  }
  const ws = new WebSocket(targets.find((t) => t.type === 'page').webSocketDebuggerUrl);
  await new Promise((r) => ws.addEventListener('open', r));
  let id = 0;
  const waiting = new Map();
  ws.addEventListener('message', (e) => {
    const m = JSON.parse(e.data);
    if (m.id && waiting.has(m.id)) {
      waiting.get(m.id)(m);
      waiting.delete(m.id);
    }
  });
  const send = (method, params = {}) =>
    new Promise((r) => {
      const i = ++id;
      waiting.set(i, r);
      ws.send(JSON.stringify({ id: i, method, params }));
    });
  const evaluate = async (expr) => {
    const r = await send('Runtime.evaluate', { expression: expr, awaitPromise: true, returnByValue: true });
    if (r.result.exceptionDetails) throw new Error(JSON.stringify(r.result.exceptionDetails));
    return r.result.result.value;
  };
  await send('Page.navigate', { url: `${base}/docs/` });
  for (let i = 0; i < 50 && !(await evaluate(`!!document.querySelector('#operations-departments-updateDepartment')`)); i++)
    await sleep(200);
  await evaluate(
    `window.ui.authActions.authorize({ bearerAuth: { name: 'bearerAuth', schema: { type: 'http', scheme: 'bearer' }, value: ${JSON.stringify(token)} } }), true`,
  );
  const helpers = `
    window.__set = (el, value) => { const proto = el.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value); el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); return new Promise((r) => setTimeout(r, 500)); };
    window.__wait = async (f) => { for (let i = 0; i < 60; i++) { const v = f(); if (v) return v; await new Promise((r) => setTimeout(r, 250)); } throw new Error('timed out: ' + f); };
    window.__open = async (opId) => { const block = document.querySelector('#operations-departments-' + opId);
      for (let i = 0; i < 10 && !block.classList.contains('is-open'); i++) { block.querySelector('.opblock-summary-control').click(); await new Promise((r) => setTimeout(r, 700)); }
      const t = await __wait(() => block.querySelector('.try-out__btn')); if (!t.classList.contains('cancel')) t.click();
      await __wait(() => block.querySelector('.execute')); return block; };
    window.__param = (block, name) => block.querySelector('tr[data-param-name="' + name + '"] input');
    window.__run = async (block) => { const clear = block.querySelector('.btn-clear'); if (clear) { clear.click(); await __wait(() => !block.querySelector('.live-responses-table')); }
      block.querySelector('.execute').click();
      const s = await __wait(() => block.querySelector('.live-responses-table tbody .response-col_status'));
      return { status: s.innerText.trim().split(/\\s/)[0], headers: block.querySelector('.live-responses-table').innerText, curl: block.querySelector('.curl-command')?.innerText ?? '', body: block.querySelector('.live-responses-table .response-col_description pre')?.innerText ?? '' }; };
    true`;
  await evaluate(helpers);
  const read = await evaluate(`(async () => { const b = await __open('getDepartment'); await __set(__param(b, 'departmentId'), '${deptId}');
    const r = await __run(b); return { status: r.status, etag: (/etag: *(\\S+)/i.exec(r.headers) || [])[1] }; })()`);
  const params = await evaluate(
    `(async () => { const b = await __open('updateDepartment'); return [...b.querySelectorAll('tr[data-param-name]')].map((r) => r.getAttribute('data-param-name')); })()`,
  );
  const without = await evaluate(`(async () => { const b = document.querySelector('#operations-departments-updateDepartment');
    await __set(__param(b, 'departmentId'), '${deptId}'); await __set(b.querySelector('textarea.body-param__text'), ${JSON.stringify(unchanged)});
    const r = await __run(b); return { status: r.status, type: (/"type": "([^"]+)"/.exec(r.body) || [])[1] }; })()`);
  const withEtag = await evaluate(`(async () => { const b = document.querySelector('#operations-departments-updateDepartment');
    await __set(__param(b, 'If-Match'), ${JSON.stringify(read.etag)}); await new Promise((r) => setTimeout(r, 200));
    const r = await __run(b); return { status: r.status, curl: r.curl, etag: (/etag: *(\\S+)/i.exec(r.headers) || [])[1] }; })()`);
  const expect = (what, ok) => {
    console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
    if (!ok) failed = true;
  };
  expect(`GET answers 200 with an ETag (${read.etag})`, read.status === '200' && /^"v\d+"$/.test(read.etag ?? ''));
  expect('PATCH shows If-Match as a parameter', params.includes('If-Match'));
  expect(
    'PATCH without If-Match: 428 precondition_required',
    without.status === '428' && without.type === '/problems/precondition_required',
  );
  expect(
    `PATCH with If-Match ${read.etag}: 200, new ETag ${withEtag.etag}`,
    withEtag.status === '200' && withEtag.curl.includes(`If-Match: ${read.etag}`),
  );
  if (screenshot) {
    const shot = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(screenshot, Buffer.from(shot.result.data, 'base64'));
  }
  ws.close();
} finally {
  const exited = new Promise((r) => chromium.once('exit', r));
  chromium.kill();
  await exited;
  fs.rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
}
process.exit(failed ? 1 : 0);
