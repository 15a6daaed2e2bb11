import { LRUCache } from 'lru-cache';
import { Conn } from './database';
import { sqliteChangeStamp } from './sqlite-direct';

// Reads kept only while the database has not changed at all (ADR 0019): on SQLite, where the
// change stamp (data_version + total_changes on the one connection) is read synchronously and a
// hand edit by another process moves it too; never on PostgreSQL, whose notices of a change can
// arrive after the next request (ADR 0021, amended 2026-12-05). For what must never be served
// stale — who a token belongs to — where the read cache's "until the next audited write" is not
// enough. A store keeps one per kind of read; the areas' code reads plainly through the store.

export class KeptWhileUnchanged<V extends object> {
  private readonly kept: LRUCache<string, { stamp: string; value: V }>;

  constructor(max: number) {
    this.kept = new LRUCache({ max });
  }

  /** The value for `key`, kept if the database has not changed since it was loaded, else loaded. */
  async read(db: Conn, key: string, load: () => Promise<V | null>): Promise<V | null> {
    const stamp = sqliteChangeStamp(db as Parameters<typeof sqliteChangeStamp>[0]);
    if (stamp !== null) {
      const held = this.kept.get(key);
      if (held && held.stamp === stamp) return held.value;
    }
    // With a stamp the connection was idle, so a direct load runs synchronously, before anything
    // else can change the database: the value is of the stamp's state.
    const value = await load();
    if (stamp !== null && value) this.kept.set(key, { stamp, value });
    return value;
  }
}
