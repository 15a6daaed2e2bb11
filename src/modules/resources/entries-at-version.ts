import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { currentVersion, lockRow, LockMode } from '../../db/versions';
import { Resource, ResourceStore } from './resources.store';

// Entries as the sharing rules read them, kept by id beside the row version they were read at.
// Every request filed, edited or submitted is checked against its entry inside the write's
// transaction; the entry and its ~15 data items cost two queries and most of the time of a
// submission (bench/RESULTS.md, 2026-12-04 session 6). The read cache cannot help there: it
// keeps results only while no write at all has happened (ADR 0018), and a storm of submissions is
// a write each. An entry changes only through ResourceStore.save, which moves its row version, so
// a one-column read of that version in the same transaction says whether the kept entry is still
// the entry — on every instance, as the version is read from the shared database each time.
//
// Not for what the rules do not read: the department and project names inside an entry come from
// other rows and can change without the entry's version moving. Callers treat entries as read-only.

export class EntriesAtVersion {
  private readonly held: LRUCache<string, { entry: Resource; rowVersion: number }>;

  constructor(
    private readonly store: ResourceStore,
    maxEntries = 5000,
  ) {
    this.held = new LRUCache({ max: maxEntries });
  }

  /**
   * The entry as it stands in `db` (a transaction's view where one is given), or null. With `lock`,
   * its row is locked first for the rest of the transaction (a rule that grants on a published
   * entry holds it for share, so a withdrawal waits for the grant, or the grant sees the withdrawal).
   */
  async find(db: Knex | Knex.Transaction, id: string, lock?: LockMode): Promise<Resource | null> {
    const held = this.held.get(id);
    const version = lock
      ? await lockRow(db as Knex.Transaction, 'resources', id, lock)
      : held
        ? await currentVersion(db, 'resources', id)
        : null;
    if (held && version === held.rowVersion) return held.entry;
    if (lock && version === null) return null;
    const found = await this.store.findWithVersion(db, id);
    if (found) this.held.set(id, found);
    else this.held.delete(id);
    return found?.entry ?? null;
  }
}
