import express from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { ManualClock } from '../../src/clock';
import { normalizeSearchText } from '../../src/domain/text';
import { loadDemoCity } from '../../seeds/demo-city';
import * as demo from '../../seeds/demo-city.data';
import { freshDatabase, TestDb } from '../support/db';
import { completeEntry } from '../support/world';

// Search and browse over the demo city. Expected results are computed from the demo data itself,
// so the tests check the search's meaning rather than a remembered answer.

let t: TestDb;
let app: express.Express;
beforeAll(async () => {
  t = await freshDatabase();
  await loadDemoCity(t.db, new ManualClock(new Date('2026-05-06T02:00:00Z')));
  app = createApp({ db: t.db, validateResponses: true });
});
afterAll(async () => {
  await t.destroy();
});

type Query = Record<string, string | string[] | undefined>;
const get = (token: string, query: Query, path = '/api/v1/resources') =>
  request(app).get(path).query(query).set('Authorization', `Bearer ${token}`);

const published = demo.resources.filter((r) => r.finalStatus === 'published');
const textOf = (r: demo.DemoResource) =>
  normalizeSearchText([r.body.name, r.body.summary ?? '', ...(r.body.items ?? []).map((i) => i.name)].join(' '));
const namesMatching = (...terms: string[]) =>
  published
    .filter((r) => terms.every((term) => textOf(r).includes(normalizeSearchText(term))))
    .map((r) => r.body.name)
    .sort();

async function allPages(token: string, query: Query): Promise<string[]> {
  const names: string[] = [];
  let cursor: string | null = null;
  do {
    const res: request.Response = await get(token, { ...query, ...(cursor ? { cursor } : {}) }).expect(200);
    names.push(...res.body.items.map((i: { name: string }) => i.name));
    cursor = res.body.nextCursor;
  } while (cursor);
  return names;
}

describe('keyword search that works for Chinese', () => {
  it('finds 户籍人口基本信息 by the two-character keyword 户籍, and exactly the entries containing it', async () => {
    const names = await allPages('demo-edu-consumer-token', { q: '户籍', limit: '100' });
    expect(names).toContain('户籍人口基本信息');
    expect(names.sort()).toEqual(namesMatching('户籍'));
  });

  it('answers every two-character keyword through the character-pair index exactly as a substring scan would', async () => {
    // Pairs from the names, summaries and items of the published entries, a pair of digits and a
    // pair across a word boundary (which no entry holds as a pair).
    const pairs = new Set<string>();
    for (const r of published.slice(0, 12)) {
      const text = Array.from(textOf(r).replace(/ /g, ''));
      for (let i = 0; i + 1 < text.length; i += 5) pairs.add(text[i] + text[i + 1]);
    }
    const terms = [...pairs].filter((t) => /^[\p{L}\p{N}]{2}$/u.test(t)).slice(0, 40);
    expect(terms.length).toBeGreaterThan(20);
    for (const q of terms) {
      const names = await allPages('demo-edu-consumer-token', { q, limit: '100' });
      expect({ q, names: names.sort() }).toEqual({ q, names: namesMatching(q) });
    }
  });

  it('finds an edited entry by its new words only, whatever index the keyword takes (no stale index rows)', async () => {
    const draft = await request(app)
      .post('/api/v1/resources')
      .set('Authorization', 'Bearer demo-police-token')
      .send(completeEntry({ name: '鲸鲨观测记录', summary: '海洋生物调查' }))
      .expect(201);
    const draftsOf = (q: string) => allPages('demo-police-token', { q, status: 'draft', limit: '100' });
    expect(await draftsOf('鲸鲨')).toEqual(['鲸鲨观测记录']);
    await request(app)
      .patch(`/api/v1/resources/${draft.body.id}`)
      .set('Authorization', 'Bearer demo-police-token')
      .set('If-Match', '*')
      .send({ name: '海豚观测记录', changeReason: '更名' })
      .expect(200);
    for (const gone of ['鲸鲨', '鲸鲨观测']) expect({ q: gone, names: await draftsOf(gone) }).toEqual({ q: gone, names: [] });
    for (const found of ['海豚', '海豚观测', '海洋生物'])
      expect({ q: found, names: await draftsOf(found) }).toEqual({ q: found, names: ['海豚观测记录'] });
    if (t.dialect === 'sqlite') {
      // One row per entry in each FTS table, found through the rowid map.
      const counts = await t.db.raw(
        'SELECT (SELECT COUNT(*) FROM resources_fts) AS fts, (SELECT COUNT(*) FROM resources_bigrams) AS pairs, (SELECT COUNT(*) FROM resources_fts_entries) AS mapped, (SELECT COUNT(*) FROM resources) AS entries',
      );
      expect(counts[0]).toEqual({
        fts: counts[0].entries,
        pairs: counts[0].entries,
        mapped: counts[0].entries,
        entries: counts[0].entries,
      });
    }
    // Submitted, so it is no longer a draft the draft-visibility test below would meet.
    await request(app).post(`/api/v1/resources/${draft.body.id}/submit`).set('Authorization', 'Bearer demo-police-token').expect(200);
  });

  it('finds by keywords of three or more characters (the full-text index on SQLite)', async () => {
    for (const q of ['户籍人口', '营业执照', '公民身份号码', '不动产登记']) {
      const names = await allPages('demo-edu-consumer-token', { q, limit: '100' });
      expect(names.length).toBeGreaterThan(0);
      expect(names.sort()).toEqual(namesMatching(q));
    }
  });

  it('finds by a single character and by data-item names', async () => {
    expect((await allPages('demo-edu-consumer-token', { q: '婚', limit: '100' })).sort()).toEqual(namesMatching('婚'));
    const byItem = await allPages('demo-edu-consumer-token', { q: '学籍号', limit: '100' });
    expect(byItem.sort()).toEqual(namesMatching('学籍号'));
  });

  it('requires every keyword of a multi-word query', async () => {
    const names = await allPages('demo-edu-consumer-token', { q: '登记 婚姻', limit: '100' });
    expect(names.sort()).toEqual(namesMatching('登记', '婚姻'));
    expect(names.length).toBeLessThan(namesMatching('登记').length);
  });

  it('treats LIKE wildcards and quotes literally', async () => {
    for (const q of ['%', '_', '"', "' OR 1=1 --", '户籍%', '"一张图"']) {
      const names = await allPages('demo-edu-consumer-token', { q, limit: '100' });
      expect(names.sort()).toEqual(namesMatching(...q.split(' ')));
    }
    expect(namesMatching('"')).toHaveLength(1);
    expect(namesMatching('%')).toHaveLength(0);
  });

  it('normalises full-width keywords and case', async () => {
    const half = await allPages('demo-edu-consumer-token', { q: 'dom', limit: '100' });
    const full = await allPages('demo-edu-consumer-token', { q: 'ＤＯＭ', limit: '100' });
    expect(half).toEqual(['数字正射影像']);
    expect(full).toEqual(half);
  });
});

describe('filters and visibility', () => {
  it('filters by sharing type, provision mode, classification, format and update cycle', async () => {
    const notShared = await get('demo-edu-consumer-token', { sharingType: 'not_shared', limit: '100' }).expect(200);
    expect(notShared.body.items.map((i: { name: string }) => i.name).sort()).toEqual(
      published
        .filter((r) => r.body.sharingType === 'not_shared')
        .map((r) => r.body.name)
        .sort(),
    );
    const cert = await allPages('demo-edu-consumer-token', { provisionMode: 'certificate', limit: '100' });
    expect(cert.sort()).toEqual(
      published
        .filter((r) => r.body.provisionModes?.some((m) => m.mode === 'certificate'))
        .map((r) => r.body.name)
        .sort(),
    );
    const either = await allPages('demo-edu-consumer-token', { provisionMode: ['certificate', 'other'], limit: '100' });
    expect(either.length).toBe(
      published.filter((r) => r.body.provisionModes?.some((m) => m.mode === 'certificate' || m.mode === 'other')).length,
    );
    const base = await allPages('demo-edu-consumer-token', {
      classification: 'base',
      format: 'database',
      updateCycle: 'daily',
      limit: '100',
    });
    expect(base.sort()).toEqual(
      published
        .filter((r) => r.body.categoryCode.startsWith('1') && r.body.format === 'database' && r.body.updateCycle === 'daily')
        .map((r) => r.body.name)
        .sort(),
    );
  });

  it('filters by department and combines filters with keywords', async () => {
    const me = await get('demo-police-token', {}, '/api/v1/me').expect(200);
    const names = await allPages('demo-edu-consumer-token', { departmentId: me.body.department.id, q: '信息', limit: '100' });
    expect(names.sort()).toEqual(
      published
        .filter((r) => r.departmentKey === 'police' && textOf(r).includes('信息'))
        .map((r) => r.body.name)
        .sort(),
    );
  });

  it('shows drafts only to their department and the bureau', async () => {
    const drafts = demo.resources.filter((r) => r.finalStatus === 'draft');
    expect((await allPages('demo-bureau-token', { status: 'draft' })).sort()).toEqual(drafts.map((r) => r.body.name).sort());
    for (const u of demo.users.filter((x) => x.roles.includes('producer'))) {
      const own = drafts
        .filter((r) => r.departmentKey === u.departmentKey)
        .map((r) => r.body.name)
        .sort();
      expect(
        (await allPages(u.token, { status: ['draft', 'returned', 'submitted'] }))
          .filter((n) => drafts.some((d) => d.body.name === n))
          .sort(),
      ).toEqual(own);
    }
    expect(await allPages('demo-edu-consumer-token', { status: ['draft', 'submitted'] })).toEqual(
      demo.resources.filter((r) => r.departmentKey === 'edu' && ['draft', 'submitted'].includes(r.finalStatus)).map((r) => r.body.name),
    );
  });

  it('lists withdrawn entries to everyone who asks for them, and only published ones by default', async () => {
    const withdrawn = await allPages('demo-edu-consumer-token', { status: 'withdrawn' });
    expect(withdrawn.sort()).toEqual(
      demo.resources
        .filter((r) => r.finalStatus === 'withdrawn')
        .map((r) => r.body.name)
        .sort(),
    );
    const all = await allPages('demo-edu-consumer-token', { limit: '100' });
    expect(all).toHaveLength(published.length);
  });
});

describe('facets', () => {
  it('counts every filter value over the matching entries, with Chinese labels', async () => {
    const res = await get('demo-edu-consumer-token', {}, '/api/v1/resources/facets').expect(200);
    expect(res.body.total).toBe(published.length);
    const count = (facet: string, value: string) => res.body.facets[facet].find((f: { value: string }) => f.value === value)?.count ?? 0;
    expect(count('sharingType', 'not_shared')).toBe(published.filter((r) => r.body.sharingType === 'not_shared').length);
    expect(res.body.facets.sharingType.find((f: { value: string }) => f.value === 'conditional').label).toBe('有条件共享');
    for (const mode of ['certificate', 'query_api', 'verification_api', 'batch_exchange', 'other']) {
      expect(count('provisionMode', mode)).toBe(published.filter((r) => r.body.provisionModes?.some((m) => m.mode === mode)).length);
    }
    const departmentTotal = res.body.facets.departmentId.reduce((s: number, f: { count: number }) => s + f.count, 0);
    expect(departmentTotal).toBe(published.length);
    expect(res.body.facets.departmentId.map((f: { label: string }) => f.label)).toContain('榕城市公安局');
    expect(res.body.facets.status).toEqual([{ value: 'published', label: '已发布', count: published.length }]);
  });

  it('narrows with the query', async () => {
    const res = await get('demo-edu-consumer-token', { q: '户籍' }, '/api/v1/resources/facets').expect(200);
    expect(res.body.total).toBe(namesMatching('户籍').length);
  });
});

describe('sorting and cursor pagination', () => {
  it('walks every page by name in code-point order without repeats', async () => {
    const names = await allPages('demo-edu-consumer-token', { sort: 'name', limit: '7' });
    expect(names).toHaveLength(published.length);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const desc = await allPages('demo-edu-consumer-token', { sort: '-name', limit: '9' });
    expect(desc).toEqual([...names].reverse());
  });

  it('walks pages by update time too', async () => {
    const names = await allPages('demo-edu-consumer-token', { sort: '-updatedAt', limit: '6' });
    expect(new Set(names).size).toBe(published.length);
  });

  it('refuses a cursor of another sort order, a forged cursor and bad paging parameters', async () => {
    const first = await get('demo-edu-consumer-token', { sort: 'name', limit: '5' }).expect(200);
    const mixed = await get('demo-edu-consumer-token', { sort: '-updatedAt', cursor: first.body.nextCursor }).expect(400);
    expect(mixed.body.code).toBe('invalid_cursor');
    expect((await get('demo-edu-consumer-token', { cursor: 'bm90IGEgY3Vyc29y' }).expect(400)).body.code).toBe('invalid_cursor');
    for (const query of <Query[]>[
      { limit: '0' },
      { limit: '101' },
      { limit: 'ten' },
      { sort: 'price' },
      { status: 'gone' },
      { unknown: '1' },
      { q: ['a', 'b'] },
      { q: '' },
    ]) {
      const res = await get('demo-edu-consumer-token', query).expect(400);
      expect(res.body.code).toBe('invalid_query');
    }
  });
});

describe('relevance', () => {
  it('lists entries named by the keyword first when searching, and pages through them without repeats', async () => {
    const res = await get('demo-edu-consumer-token', { q: '户籍', limit: '100' }).expect(200);
    const names: string[] = res.body.items.map((i: { name: string }) => i.name);
    const named = names.filter((n) => n.includes('户籍'));
    expect(named).toContain('户籍人口基本信息');
    expect(names.slice(0, named.length)).toEqual(named);
    expect(names.length).toBeGreaterThan(named.length);
    const paged = await allPages('demo-edu-consumer-token', { q: '户籍', limit: '2' });
    expect(paged).toEqual(names);
    const explicit = await allPages('demo-edu-consumer-token', { q: '户籍', sort: 'relevance', limit: '3' });
    expect(explicit).toEqual(names);
  });

  it('orders a keyword-free relevance search like the newest-first list', async () => {
    expect(await allPages('demo-edu-consumer-token', { sort: 'relevance', limit: '100' })).toEqual(
      await allPages('demo-edu-consumer-token', { limit: '100' }),
    );
  });
});
