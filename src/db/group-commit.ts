import fs from 'node:fs';
import { Knex } from 'knex';

// Group commit for a SQLite file (ADR 0020, which has the figures). With synchronous=FULL every
// COMMIT waited for an fsync of the WAL on the one thread that also serves every request, with
// nothing else running meanwhile, twice per sharing-request submission (create + submit). Now the connection
// runs with synchronous=NORMAL — a COMMIT writes its WAL frames without waiting for the disk — and
// a transaction's promise resolves only after an fdatasync of the WAL file that started after its
// COMMIT. The fdatasync runs on libuv's thread pool, so the event loop goes on, and one sync
// covers every transaction that committed before it began: under load, many commits share one.
//
// What an answer means is unchanged: a write is acknowledged only once it is on disk. A process
// crash loses nothing either way (the WAL frames are in the kernel's page cache); a power loss
// can lose only commits that were not yet answered. SQLite itself still syncs the WAL before each
// checkpoint and the database file after it (NORMAL in WAL mode), so checkpoints stay safe.

/** Waits until everything written before the call is on disk, sharing one sync among callers. */
export class GroupCommit {
  /** The sync under way, if any. */
  private running: Promise<void> | null = null;
  /** The sync that will start when the running one ends: it covers writes made meanwhile. */
  private nextRound: Promise<void> | null = null;
  /** After a failed sync nothing may be called durable again (the kernel may have dropped the pages). */
  private failure: Error | null = null;
  private syncs = 0;

  constructor(private readonly syncToDisk: () => Promise<void>) {}

  durable(): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (!this.running) return this.start();
    // The running sync may have begun before the caller's write: wait for the next one.
    this.nextRound ??= this.running.then(
      () => {
        this.nextRound = null;
        return this.durable();
      },
      (err: Error) => {
        this.nextRound = null;
        throw err;
      },
    );
    return this.nextRound;
  }

  /** Syncs performed since start (tests and /metrics-style diagnostics). */
  get syncCount(): number {
    return this.syncs;
  }

  private start(): Promise<void> {
    this.syncs++;
    const run = this.syncToDisk().then(
      () => {
        this.running = null;
      },
      (err: Error) => {
        this.running = null;
        this.failure = new Error(`fdatasync of the SQLite WAL failed; no later write can be acknowledged: ${err.message}`);
        throw this.failure;
      },
    );
    this.running = run;
    return run;
  }
}

/** fdatasync of a file on the thread pool: opened per sync, so a WAL file replaced on disk is never missed. */
export function fdatasyncOf(file: string): () => Promise<void> {
  return async () => {
    let handle: fs.promises.FileHandle;
    try {
      handle = await fs.promises.open(file, 'r');
    } catch (err) {
      // No WAL file: the database has left WAL mode on this connection (the benchmark generator's
      // bulk load sets journal_mode = MEMORY), and SQLite syncs as its synchronous setting says.
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
}

/**
 * Makes `db.transaction(handler)` resolve only once its commit is on disk (see above). Only the
 * form with a handler is wrapped, the one the services use; a rolled-back transaction rejects
 * as before, without waiting.
 */
export function acknowledgeCommitsWhenDurable(db: Knex, commits: GroupCommit): void {
  const begin = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (handler: unknown, config?: unknown) => {
      if (typeof handler !== 'function') return begin(handler, config);
      return begin(handler, config).then(async (result) => {
        await commits.durable();
        return result;
      });
    },
  });
  groupCommits.set(db, commits);
}

const groupCommits = new WeakMap<Knex, GroupCommit>();

/** The group commit of a SQLite file database; null in memory and on PostgreSQL (which syncs at COMMIT). */
export function groupCommitOf(db: Knex): GroupCommit | null {
  return groupCommits.get(db) ?? null;
}
