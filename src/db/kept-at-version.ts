import { LRUCache } from 'lru-cache';
import { Conn, Tx } from './database';
import { currentVersion, lockRow, LockMode, VersionedTable } from './versions';

// Rows kept by id beside the row version they were read at, for the reads a write's transaction
// makes over and over (the entry every sharing request is checked against: two queries of every
// submission, bench/RESULTS.md 2026-12-04 session 6; ADR 0018, amended). The read cache
// cannot help there — it keeps results only while no write at all has happened (ADR 0018), and a
// storm of submissions is a write each. A row changes only with its version, so a one-column read
// of the version in the same transaction says whether the kept value is still the row — on every
// instance, as the version is read from the shared database each time (ADR 0018, amended).
//
// Only for values built from the row itself: names joined in from other rows can change without
// the version moving. Callers treat kept values as read-only.

export class KeptAtVersion<V> {
  private readonly held: LRUCache<string, { value: V; rowVersion: number }>;

  constructor(
    private readonly table: VersionedTable,
    max: number,
  ) {
    this.held = new LRUCache({ max });
  }

  /**
   * The value of row `id` as `db` sees it (a transaction's view where one is given), or null when
   * there is no such row. With `lock`, the row is locked first for the rest of the transaction.
   */
  async read(db: Conn, id: string, load: () => Promise<{ value: V; rowVersion: number } | null>, lock?: LockMode): Promise<V | null> {
    const held = this.held.get(id);
    const version = lock ? await lockRow(db as Tx, this.table, id, lock) : held ? await currentVersion(db, this.table, id) : null;
    if (held && version === held.rowVersion) return held.value;
    if (lock && version === null) return null;
    const found = await load();
    if (found) this.held.set(id, found);
    else this.held.delete(id);
    return found?.value ?? null;
  }
}
