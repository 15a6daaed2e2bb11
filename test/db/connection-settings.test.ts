import { createDb } from '../../src/db/knex';
import { DIALECT } from '../support/db';

// What every connection of the service is set to (src/db/knex.ts): on SQLite, foreign keys and a
// 32 MiB page cache; on PostgreSQL, a work_mem large enough that a common keyword's bitmap of
// matches stays exact (PG_WORK_MEM_MB).

if (DIALECT === 'sqlite') {
  it('SQLite connections enforce foreign keys and keep a 32 MiB page cache', async () => {
    const db = createDb({ databaseUrl: null, sqliteFile: ':memory:' });
    try {
      expect((await db.raw('PRAGMA foreign_keys'))[0].foreign_keys).toBe(1);
      expect((await db.raw('PRAGMA cache_size'))[0].cache_size).toBe(-32768);
    } finally {
      await db.destroy();
    }
  });
} else {
  it('PostgreSQL connections get work_mem of 32 MB, or PG_WORK_MEM_MB', async () => {
    const url = process.env.PG_TEST_URL!;
    const byDefault = createDb({ databaseUrl: url, poolMax: 1 });
    const set = createDb({ databaseUrl: url, poolMax: 1, pgWorkMemMb: 8 });
    try {
      expect((await byDefault.raw('SHOW work_mem')).rows[0].work_mem).toBe('32MB');
      expect((await set.raw('SHOW work_mem')).rows[0].work_mem).toBe('8MB');
    } finally {
      await byDefault.destroy();
      await set.destroy();
    }
  });
}
