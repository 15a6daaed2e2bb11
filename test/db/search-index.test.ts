import { searchBigrams } from '../../src/domain/text';
import { SEARCH_ENTRIES, SEARCH_ENTRY_COLUMNS, SEARCH_TABLES } from '../../src/modules/resources/search-rows.store';
import { DIALECT } from '../support/db';
import { copyEntry } from '../support/many-entries';
import { createWorld, publishEntry } from '../support/world';
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

  it('numbers the FTS rows of a city-sized catalog in the order of saves, in batches SQLite accepts (SQLite); PostgreSQL needs none', async () => {
    const w = await createWorld();
    try {
      const source = await publishEntry(w, { name: '户籍人口基本信息' });
      // 1,200 copies saved at shuffled times, some at the same moment (then ordered by id).
      const at = (k: number) => new Date(Date.UTC(2026, 4, 1) + (k % 900) * 60_000).toISOString();
      const order = Array.from({ length: 1200 }, (_, i) => (i * 7919) % 1200);
      const ids = await copyEntry(
        w.db,
        source.id,
        order.map((k) => ({ name: `户籍副本${k}`, updatedAt: at(k) })),
      );
      if (DIALECT === 'sqlite') {
        const numbered: Array<{ id: string; seq: number }> = await w.db.raw(
          'SELECT r.id, m.seq FROM resources r JOIN resources_fts_entries m ON m.id = r.id ORDER BY r.updated_at, r.id',
        );
        expect(numbered.map((n) => n.seq)).toEqual(numbered.map((_, i) => i + 1));
        // The columns search filters and counts by, as the entries hold them.
        const differing = await w.db.raw(
          `SELECT COUNT(*) AS n FROM resources r JOIN ${SEARCH_ENTRIES} m ON m.id = r.id
           WHERE ${SEARCH_ENTRY_COLUMNS.map((c) => `m.${c} IS NOT r.${c}`).join(' OR ')}`,
        );
        expect(differing).toEqual([{ n: 0 }]);
        for (const table of Object.values(SEARCH_TABLES)) {
          const rows: Array<{ rowid: number; resource_id: string }> = await w.db.raw(
            `SELECT rowid, resource_id FROM ${table} ORDER BY rowid`,
          );
          expect({ table, rows }).toEqual({ table, rows: numbered.map((n) => ({ rowid: n.seq, resource_id: n.id })) });
        }
      } else {
        const res = await w.db.raw("SELECT to_regclass('resources_fts_entries') AS t");
        expect(res.rows).toEqual([{ t: null }]);
        expect(ids).toHaveLength(1200);
      }
    } finally {
      await w.destroy();
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
