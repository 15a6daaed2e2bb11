import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import { groupCommitOf } from '../../src/db/group-commit';
import { migrateToLatest } from '../../src/db/migrate';
import { recordAudit } from '../../src/modules/audit/audit.store';
import { DIALECT, freshDatabase, TestDb } from '../support/db';

// Group commit (ADR 0020) on a real database file: a transaction's promise resolves after a sync
// of the WAL, concurrent commits share syncs, a rollback waits for none. PostgreSQL syncs at its
// own COMMIT and has none.

let t: TestDb;
beforeAll(async () => {
  if (DIALECT === 'postgres') {
    t = await freshDatabase();
    return;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'group-commit-')), 'catalog.sqlite');
  const db = createDb({ databaseUrl: null, sqliteFile: file });
  await migrateToLatest(db);
  t = { db, dialect: 'sqlite', destroy: () => db.destroy() };
});
afterAll(() => t.destroy());

const auditedWrite = (db: Knex) =>
  db.transaction((trx) => recordAudit(trx, null, new Date(), { action: 'test.write', objectType: 'department', objectId: randomUUID() }));

const eventCount = async () => Number((await t.db('audit_events').count('* as n'))[0].n);

describe('group commit', () => {
  if (DIALECT === 'postgres') {
    it('is not used on PostgreSQL, which makes a commit durable before COMMIT returns', async () => {
      expect(groupCommitOf(t.db)).toBeNull();
      await auditedWrite(t.db);
      expect(await eventCount()).toBe(1);
    });
    return;
  }

  it('runs the file with synchronous=NORMAL and syncs the WAL before a transaction resolves', async () => {
    const commits = groupCommitOf(t.db)!;
    expect(commits).not.toBeNull();
    const mode = await t.db.raw('PRAGMA synchronous');
    expect(mode[0].synchronous).toBe(1); // NORMAL
    const before = commits.syncCount;
    await auditedWrite(t.db);
    expect(commits.syncCount).toBe(before + 1);
  });

  it('shares syncs among concurrent commits, and every one of them is written', async () => {
    const commits = groupCommitOf(t.db)!;
    const before = commits.syncCount;
    const events = await eventCount();
    await Promise.all(Array.from({ length: 30 }, () => auditedWrite(t.db)));
    const syncs = commits.syncCount - before;
    expect(syncs).toBeGreaterThanOrEqual(1);
    expect(syncs).toBeLessThan(30);
    expect(await eventCount()).toBe(events + 30);
  });

  it('does not wait for a sync when the transaction rolls back', async () => {
    const commits = groupCommitOf(t.db)!;
    const before = commits.syncCount;
    const events = await eventCount();
    await expect(
      t.db.transaction(async (trx) => {
        await recordAudit(trx, null, new Date(), { action: 'test.write', objectType: 'department', objectId: randomUUID() });
        throw new Error('rolled back on purpose');
      }),
    ).rejects.toThrow('rolled back on purpose');
    expect(commits.syncCount).toBe(before);
    expect(await eventCount()).toBe(events);
  });

  it('is not used for a private in-memory database (synchronous=FULL, nothing to sync)', async () => {
    const memory = createDb({ databaseUrl: null, sqliteFile: ':memory:' });
    try {
      expect(groupCommitOf(memory)).toBeNull();
    } finally {
      await memory.destroy();
    }
  });
});
