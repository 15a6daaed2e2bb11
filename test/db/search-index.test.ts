import { searchBigrams } from '../../src/domain/text';
import { mapSearchRows } from '../../src/modules/resources/search-rows.store';
import { freshDatabase, TestDb } from '../support/db';

// The character-pair index (ADR 0017) is computed twice: in TypeScript for SQLite's FTS table,
// in SQL (search_bigrams()) for PostgreSQL's GIN index. Both must cut text the same way.

let t: TestDb;
beforeAll(async () => {
  t = await freshDatabase();
});
afterAll(async () => {
  await t.destroy();
});

const TEXTS = ['户籍人口基本信息 公民身份号码 姓名', 'gps坐标 x 12345', '', '𠀀甲乙 婚姻登记', 'a b c', '户籍 户籍 户籍人口'];

describe('the character-pair index', () => {
  it('holds the same pairs for a text on either database as searchBigrams() gives', async () => {
    for (const text of TEXTS) {
      const expected = searchBigrams(text).split(' ').filter(Boolean).sort();
      let stored: string[];
      if (t.dialect === 'postgres') {
        const res = await t.db.raw('SELECT search_bigrams(?) AS pairs', [text]);
        stored = [...(res.rows[0].pairs as string[])].sort();
      } else {
        // What the store writes to the FTS table, read back through its vocabulary.
        await t.db('resources_bigrams').delete();
        await t.db('resources_bigrams').insert({ resource_id: 'x', bigrams: searchBigrams(text) });
        await t.db.raw("CREATE VIRTUAL TABLE IF NOT EXISTS temp.pairs_vocab USING fts5vocab(main, 'resources_bigrams', 'row')");
        stored = ((await t.db.raw('SELECT term FROM temp.pairs_vocab')) as Array<{ term: string }>).map((r) => r.term).sort();
      }
      expect({ text, stored }).toEqual({ text, stored: expected });
    }
  });

  it('maps the FTS rows of a city-sized catalog in batches SQLite accepts (SQLite), and needs no map on PostgreSQL', async () => {
    if (t.dialect === 'sqlite') {
      await t.db('resources_bigrams').delete();
      await t.db('resources_fts').delete();
      const ids = Array.from({ length: 1200 }, (_, i) => `entry-${String(i).padStart(4, '0')}`);
      for (let i = 0; i < ids.length; i += 200) {
        await t.db('resources_fts').insert(ids.slice(i, i + 200).map((id) => ({ resource_id: id, search_text: `户籍 ${id}` })));
        await t
          .db('resources_bigrams')
          .insert(ids.slice(i, i + 200).map((id) => ({ resource_id: id, bigrams: searchBigrams(`户籍 ${id}`) })));
      }
      expect(await mapSearchRows(t.db)).toBe(1200);
      const mapped = await t.db.raw(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT fts_rowid) AS f, COUNT(DISTINCT bigrams_rowid) AS b FROM resources_fts_rows',
      );
      expect(mapped).toEqual([{ n: 1200, f: 1200, b: 1200 }]);
    } else {
      const res = await t.db.raw("SELECT to_regclass('resources_fts_rows') AS t");
      expect(res.rows).toEqual([{ t: null }]);
    }
  });

  it('leaves planner statistics after migrating on SQLite (sqlite_stat1), and an immutable pair function, usable by an index, on PostgreSQL', async () => {
    if (t.dialect === 'sqlite') {
      const stat = await t.db.raw("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'");
      expect(stat).toEqual([{ name: 'sqlite_stat1' }]);
    } else {
      const res = await t.db.raw("SELECT count(*)::int AS n FROM pg_proc WHERE proname = 'search_bigrams' AND provolatile = 'i'");
      expect(res.rows[0].n).toBeGreaterThanOrEqual(1);
    }
  });
});
