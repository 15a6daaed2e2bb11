import { createHash } from 'node:crypto';
import express from 'express';
import { NotFoundError } from '../../errors';
import { Bind, SENT } from '../../http/binding';
import { PROBLEM_CATALOG, ProblemEntry } from '../../http/problem-catalog';

// The pages the `type` of every problem+json answer points at (问题类型说明页, docs/errors.md,
// ADR 0042): GET /problems lists every code, GET /problems/{code} explains one, as a small page in
// Chinese — or as JSON for a program that asks for application/json. The page is self-contained:
// no script, no external asset, one inline style allowed by its hash. It gets the headers of a
// document (src/http/security.ts: servesDocument), with the CSP narrowed to the API answers'
// `default-src 'none'` plus that one hash.

const STYLE = [
  'body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.7;color:#1f2328}',
  'h1{font-size:1.5rem;margin-bottom:.25rem}code{background:#f3f4f6;padding:0 .25rem;border-radius:3px}',
  '.en{color:#59636e}.status{color:#9a3412;font-weight:600}table{border-collapse:collapse;width:100%}',
  'td,th{border-bottom:1px solid #d1d9e0;padding:.35rem .5rem;text-align:left;vertical-align:top}a{color:#0969da}',
].join('');
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');
/** The API answers' policy, with this page's one inline style allowed by its hash. */
export const PROBLEM_PAGE_CSP = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; frame-ancestors 'none'`;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · 政务信息资源目录与共享交换平台</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The entry as the JSON answer gives it, with the type URI it explains. */
function asJson(entry: ProblemEntry) {
  return { type: `/problems/${entry.code}`, ...entry, status: [...entry.status] };
}

function entryPage(entry: ProblemEntry): string {
  const statuses = entry.status.map((s) => `HTTP ${s}`).join('、');
  return page(
    entry.title,
    `<p><a href="/problems">全部错误代码 (all error codes)</a></p>
<h1>${escapeHtml(entry.title)}</h1>
<p class="en" lang="en">${escapeHtml(entry.en)}</p>
<p>错误代码 <code>${escapeHtml(entry.code)}</code> · <span class="status">${statuses}</span></p>
<h2>含义</h2>
<p>${escapeHtml(entry.meaning)}</p>
<h2>处理办法</h2>
<p>${escapeHtml(entry.remedy)}</p>
<h2>答复的格式</h2>
<p>错误答复为 RFC 9457 <code>application/problem+json</code>：<code>type</code> 即本页地址，<code>code</code> 为上面的错误代码，<code>detail</code> 为本次的具体说明，<code>errors</code> 逐条列出有问题的字段（<code>path</code> 为请求体中的 JSON Pointer 或参数名）。</p>`,
  );
}

function indexPage(): string {
  const rows = [...PROBLEM_CATALOG.values()]
    .map(
      (e) =>
        `<tr><td><a href="/problems/${escapeHtml(e.code)}"><code>${escapeHtml(e.code)}</code></a></td><td>${e.status.join('、')}</td><td>${escapeHtml(e.title)}<br><span class="en" lang="en">${escapeHtml(e.en)}</span></td></tr>`,
    )
    .join('\n');
  return page(
    '错误代码一览',
    `<h1>错误代码一览</h1>
<p class="en" lang="en">Every error code the API answers with; each links to what it means and what to do.</p>
<p>接口的每个错误答复都带有错误代码 <code>code</code> 和说明页地址 <code>type</code>（即 <code>/problems/&lt;错误代码&gt;</code>）。</p>
<table>
<thead><tr><th>错误代码</th><th>HTTP 状态</th><th>说明</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  );
}

/** HTML for a browser (and for no preference), JSON for a program that asks for it. */
function wantsJson(req: express.Request): boolean {
  return req.accepts(['text/html', 'application/json']) === 'application/json';
}

function sendHtml(res: express.Response, html: string): void {
  res.setHeader('Content-Security-Policy', PROBLEM_PAGE_CSP);
  res.setHeader('Vary', 'Accept');
  res.type('text/html; charset=utf-8').send(html);
}

export function bindProblemPages(bind: Bind, router: express.Router): void {
  const index = indexPage();
  bind(router, 'listProblemTypes', (_call, res, req) => {
    if (wantsJson(req)) {
      res.setHeader('Vary', 'Accept');
      return { items: [...PROBLEM_CATALOG.values()].map(asJson) };
    }
    sendHtml(res, index);
    return SENT;
  });
  bind(router, 'getProblemType', ({ params }, res, req) => {
    const entry = PROBLEM_CATALOG.get(params.code);
    if (!entry) throw new NotFoundError(`错误代码 ${params.code}`);
    if (wantsJson(req)) {
      res.setHeader('Vary', 'Accept');
      return asJson(entry);
    }
    sendHtml(res, entryPage(entry));
    return SENT;
  });
}
