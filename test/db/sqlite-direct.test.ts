import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { Knex } from 'knex';
import { createDb } from '../../src/db/knex';
import { migrateToLatest } from '../../src/db/migrate';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { hashToken } from '../../src/domain/tokens';
import { UserStore } from '../../src/modules/users/users.store';
import { ReadCache } from '../../src/db/read-cache';
import { DECLINED, tryGet } from '../../src/db/sqlite-direct';
import { hotRow, hotRows } from '../../src/db/hot-reads';
import { createServices } from '../../src/app';
import { DIALECT, freshDatabase } from '../support/db';
import { createWorld, World } from '../support/world';

// Direct reads on SQLite's one connection (ADR 0019): they must see what a knex read would see,
// never the uncommitted writes of a transaction another request has open on that connection.

let w: World;
beforeAll(async () => {
  w = await createWorld();
});
afterAll(() => w.destroy());

/** A transaction that revokes the police token, then waits; it rolls back when `finish` is called. */
function revokeInOpenTransaction() {
  let finish!: () => void;
  let opened!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const done = w.db
    .transaction(async (trx) => {
      await trx('api_tokens').where({ user_id: w.userId.police }).update({ revoked_at: w.clock.now().toISOString() });
      opened();
      await finished;
      throw new Error('rolled back on purpose');
    })
    .catch((err: Error) => err.message);
  return { isOpen, finish, done };
}

/** The PostgreSQL schema a test database works in (its search path). */
async function schemaOf(db: Knex): Promise<string> {
  const row = await db.raw('SELECT current_schema() AS s');
  return row.rows[0].s as string;
}

describe('direct reads', () => {
  it(`run on SQLite's connection and decline on PostgreSQL (${DIALECT})`, () => {
    const row = tryGet<{ last_seq: number }>(w.db, 'SELECT last_seq FROM audit_chain_head WHERE id = 1');
    if (DIALECT === 'sqlite') expect(row).toEqual({ last_seq: 0 });
    else expect(row).toBe(DECLINED);
    const none = tryGet(w.db, 'SELECT id FROM users WHERE id = ?', 'no-such-user');
    expect(none).toBe(DIALECT === 'sqlite' ? undefined : DECLINED);
  });

  it('decline inside a transaction object: its reads go through the transaction', async () => {
    await w.db.transaction(async (trx) => {
      expect(tryGet(trx as never, 'SELECT 1 AS one')).toBe(DECLINED);
    });
  });

  it('decline while another request holds a transaction open, so its uncommitted writes are never seen', async () => {
    const users = createServices(w.db, w.clock).users;
    const open = revokeInOpenTransaction();
    await open.isOpen;
    expect(tryGet(w.db, 'SELECT 1 AS one')).toBe(DECLINED);
    // Started while the revocation is uncommitted; the transaction then rolls back.
    const actor = users.authenticate(w.token.police, null, null);
    const head = new ReadCache(w.db).stateOfDatabase();
    open.finish();
    expect(await open.done).toBe('rolled back on purpose');
    expect(await actor).toMatchObject({ userId: w.userId.police });
    expect(await head).toBe(0);
    // And once the connection is free again, reads are direct again (SQLite).
    expect(tryGet(w.db, 'SELECT 1 AS one')).toEqual(DIALECT === 'sqlite' ? { one: 1 } : DECLINED);
  });

  it('see a committed revocation at once', async () => {
    const users = createServices(w.db, w.clock).users;
    expect(await users.authenticate(w.token.police2, null, null)).toMatchObject({ userId: w.userId.police2 });
    await w.db('api_tokens').where({ user_id: w.userId.police2 }).update({ revoked_at: w.clock.now().toISOString() });
    expect(await users.authenticate(w.token.police2, null, null)).toBeNull();
  });

  it('keep a token owner on SQLite while nothing at all has changed (two lookups, one read)', async () => {
    const users = createServices(w.db, w.clock).users;
    // The read behind the keeping (src/db/kept-while-unchanged.ts) is what must not repeat.
    const lookups = jest.spyOn(UserStore.prototype as unknown as { readTokenOwner: () => Promise<unknown> }, 'readTokenOwner');
    try {
      expect(await users.authenticate(w.token.edu, null, null)).toMatchObject({ userId: w.userId.edu });
      expect(await users.authenticate(w.token.edu, null, null)).toMatchObject({ userId: w.userId.edu });
      expect(lookups).toHaveBeenCalledTimes(DIALECT === 'sqlite' ? 1 : 2);
      // Any change at all, even to another table, and the owner is read again.
      await w.db('departments').where({ id: w.departmentId.edu }).update({ updated_at: w.clock.now().toISOString() });
      expect(await users.authenticate(w.token.edu, null, null)).toMatchObject({ userId: w.userId.edu });
      expect(lookups).toHaveBeenCalledTimes(DIALECT === 'sqlite' ? 2 : 3);
    } finally {
      lookups.mockRestore();
    }
  });

  it("a token revoked through another connection to the database (an administrator's shell) stops working at once", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'direct-')), 'catalog.sqlite');
    const t =
      DIALECT === 'sqlite'
        ? { db: createDb({ databaseUrl: null, sqliteFile: file }), destroy: async () => undefined }
        : await freshDatabase();
    const db = t.db;
    try {
      if (DIALECT === 'sqlite') await migrateToLatest(db);
      const at = w.clock.now().toISOString();
      const departmentId = randomUUID();
      const userId = randomUUID();
      await db('departments').insert({
        id: departmentId,
        name: '管理员测试部门',
        credit_code: withCreditCodeCheckChar('11330100MB0000001'),
        level: 'municipal',
        is_bureau: false,
        created_at: at,
        updated_at: at,
      });
      await db('users').insert({
        id: userId,
        name: '管理员测试',
        department_id: departmentId,
        roles_json: '["consumer"]',
        active: true,
        created_at: at,
        updated_at: at,
      });
      await db('api_tokens').insert({
        id: randomUUID(),
        user_id: userId,
        name: 't',
        token_hash: hashToken('shell-token'),
        created_at: at,
        expires_at: null,
        revoked_at: null,
      });
      const users = createServices(db, w.clock).users;
      expect(await users.authenticate('shell-token', null, null)).toMatchObject({ userId });
      expect(await users.authenticate('shell-token', null, null)).toMatchObject({ userId });
      // Another connection: on SQLite a second handle on the file (another process would be the
      // same), on PostgreSQL another pool's session.
      if (DIALECT === 'sqlite') {
        const shell = new Database(file);
        shell.prepare('UPDATE api_tokens SET revoked_at = ? WHERE user_id = ?').run(at, userId);
        shell.close();
      } else {
        const shell = createDb({ databaseUrl: process.env.PG_TEST_URL!, poolMax: 1 });
        await shell.raw(`UPDATE ${await schemaOf(db)}.api_tokens SET revoked_at = ? WHERE user_id = ?`, [at, userId]);
        await shell.destroy();
      }
      expect(await users.authenticate('shell-token', null, null)).toBeNull();
    } finally {
      if (DIALECT === 'sqlite') await db.destroy();
      else await t.destroy();
    }
  });

  it('decline once the database is closed', async () => {
    const db = createDb({ databaseUrl: null, sqliteFile: ':memory:' });
    await db.raw('SELECT 1');
    expect(tryGet(db, 'SELECT 2 AS two')).toEqual({ two: 2 });
    await db.destroy();
    expect(tryGet(db, 'SELECT 2 AS two')).toBe(DECLINED);
  });
});

describe('hot reads (src/db/hot-reads.ts)', () => {
  const SQL = 'SELECT id, name FROM departments WHERE id = ? OR name = ? ORDER BY id';

  it(`answer what a knex read answers, directly on SQLite and through knex.raw on PostgreSQL (${DIALECT})`, async () => {
    const someone = (await w.db('departments').orderBy('id').first('id', 'name')) as { id: string; name: string };
    const viaKnex = await w.db('departments').where('id', someone.id).orWhere('name', '公安局-none').orderBy('id').select('id', 'name');
    expect(await hotRows(w.db, SQL, [someone.id, '公安局-none'])).toEqual(viaKnex);
    expect(await hotRow(w.db, SQL, [someone.id, '公安局-none'])).toEqual(viaKnex[0]);
    expect(await hotRow(w.db, SQL, ['no-such-id', 'no-such-name'])).toBeUndefined();
    expect(await hotRows(w.db, SQL, ['no-such-id', 'no-such-name'])).toEqual([]);
  });

  it("inside a transaction read the transaction's own uncommitted writes", async () => {
    const id = randomUUID();
    await w.db
      .transaction(async (trx) => {
        await trx('departments')
          .update({ name: '热读测试局' })
          .where('id', (await trx('departments').first('id')).id);
        const seen = await hotRows(trx, 'SELECT id FROM departments WHERE name = ?', ['热读测试局']);
        expect(seen).toHaveLength(1);
        throw new Error(id);
      })
      .catch((err: Error) => expect(err.message).toBe(id));
    expect(await hotRows(w.db, 'SELECT id FROM departments WHERE name = ?', ['热读测试局'])).toEqual([]);
  });

  it('while another request holds a transaction open, wait for it instead of seeing its writes', async () => {
    const open = revokeInOpenTransaction();
    await open.isOpen;
    const read = hotRow<{ revoked_at: unknown }>(w.db, 'SELECT revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id', [
      w.userId.police,
    ]);
    open.finish();
    expect(await open.done).toBe('rolled back on purpose');
    expect((await read)!.revoked_at).toBeNull();
  });
});
