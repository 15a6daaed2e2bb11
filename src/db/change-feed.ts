import { Knex } from 'knex';
import { Client, Notification } from 'pg';

// 变更通知 — the change feed of a PostgreSQL database (ADR 0021). Every cached read asks one
// question first: has the database changed since this was read? On SQLite the answer costs a few
// microseconds on the process's own connection (ADR 0019). On PostgreSQL it cost a round trip per
// request for the audit chain head and another for the token's owner, and those round trips — not
// the work done with their answers — were what held a cached search back (ADR 0021 has the
// figures). PostgreSQL can tell instead: triggers (migration
// 20261204000000_change_notifications) NOTIFY the channel below when the audit chain head moves
// (every audited write) and when api_tokens or users change in any way (a token revoked by hand in
// psql included). Each instance LISTENs on one connection of its own and keeps:
//
// - the head as last told, answering "the state of the database" without asking;
// - a generation number that moves with every notice and every local commit (`stamp()`). Token
//   owners are no longer kept under it: on PostgreSQL every request reads its token's owner (ADR
//   0021, amended 2026-12-05); SQLite keeps them under `data_version` + `total_changes()`.
//
// What this trades: a write committed on another instance reaches this instance's cached reads
// when its notice arrives — on one host about a millisecond later (ADR 0021;
// test/db/change-feed.postgres.test.ts waits for it) — instead of on the next request. Writes of this instance are seen
// at once: each local commit makes the next read ask PostgreSQL for the head again. While the
// listening connection is down or not yet caught up, nothing is known and every request asks, as
// before. PostgreSQL delivers a notice only after its transaction commits, and in commit order.

export const CHANGE_CHANNEL = 'catalog_changes';

const HEAD_SQL = 'SELECT last_seq FROM audit_chain_head WHERE id = 1';
const RECONNECT_MS = 1000;

/** Where a PostgreSQL knex instance connects, remembered by createDb for its change feed. */
export interface PgTarget {
  url: string;
  /** The schema the instance works in (tests make one per file); null: the server's default. */
  schema: string | null;
}

const targets = new WeakMap<Knex, PgTarget>();
const feeds = new WeakMap<Knex, ChangeFeed>();

/** Called by createDb for every PostgreSQL knex instance. */
export function registerPgTarget(db: Knex, target: PgTarget): void {
  targets.set(db, target);
}

/** The started change feed of `db`; null on SQLite and where none was started (CHANGE_FEED=off). */
export function changeFeedOf(db: Knex): ChangeFeed | null {
  return feeds.get(db) ?? null;
}

/**
 * Starts listening for the changes of `db`'s database, and waits until the feed is live (or has
 * failed once, after which it keeps retrying in the background and requests ask as before). The
 * feed stops when `db` is destroyed. Nothing to do on SQLite.
 */
export async function startChangeFeed(db: Knex, options: { onError?: (err: Error) => void } = {}): Promise<ChangeFeed | null> {
  const target = targets.get(db);
  if (!target) return null;
  const existing = feeds.get(db);
  if (existing) return existing;
  const feed = new ChangeFeed(target, options.onError ?? (() => undefined));
  feeds.set(db, feed);
  noteLocalCommits(db, feed);
  const destroy = db.destroy.bind(db) as (...args: unknown[]) => Promise<void>;
  Object.defineProperty(db, 'destroy', {
    configurable: true,
    value: async (...args: unknown[]) => {
      feeds.delete(db);
      await feed.stop();
      return destroy(...args);
    },
  });
  await feed.start();
  return feed;
}

/** Every transaction of this instance, committed or not, moves the feed's generation when it ends. */
function noteLocalCommits(db: Knex, feed: ChangeFeed): void {
  const begin = db.transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  Object.defineProperty(db, 'transaction', {
    configurable: true,
    value: (handler: unknown, config?: unknown) => {
      if (typeof handler !== 'function') return begin(handler, config);
      // Counted on failure too: a COMMIT whose answer was lost may still have committed.
      return begin(handler, config).finally(() => feed.localCommitEnded());
    },
  });
}

export class ChangeFeed {
  private client: Client | null = null;
  private live = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** The head's sequence number as last told or read; -1 before the first. */
  private head = -1;
  /** Local transactions ended since start, and how many of them a head read has taken in. */
  private localCommits = 0;
  private localCommitsSeen = 0;
  /** Moves with every notice and every local commit; with `epoch`, it names "nothing changed". */
  private generation = 0;
  /** Moves with every (re)connection: what was kept under an older connection is not trusted. */
  private epoch = 0;
  private notices = 0;
  /** The schema the listening connection resolved to: notices of other schemas are not ours. */
  private schema: string | null = null;

  constructor(
    private readonly target: PgTarget,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Connects and listens; resolves once live, or after a failed attempt (a retry is scheduled). */
  async start(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.target.url });
    this.client = client;
    client.on('notification', (n) => this.receive(n));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('the change feed connection ended')));
    try {
      await client.connect();
      if (this.target.schema) await client.query(`SET search_path TO ${quoteIdent(this.target.schema)}, public`);
      const schema = (await client.query<{ s: string }>('SELECT current_schema() AS s')).rows[0].s;
      this.schema = schema;
      await client.query(`LISTEN ${CHANGE_CHANNEL}`);
      // Read after LISTEN: a write committed in between is either in this read or in a notice.
      const row = (await client.query<{ last_seq: string }>(HEAD_SQL)).rows[0];
      if (this.client !== client || this.stopped) return;
      this.head = Math.max(this.head, row ? Number(row.last_seq) : 0);
      this.epoch++;
      this.generation++;
      this.live = true;
    } catch (err) {
      this.lost(client, err as Error);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.live = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
  }

  /** Whether the feed is listening and caught up (otherwise every request asks the database). */
  get isLive(): boolean {
    return this.live;
  }

  /**
   * The audit chain head's sequence number as the feed knows it; null when the caller must read
   * it from the database: the feed is not live, or a local commit has ended since the last read.
   */
  knownHead(): number | null {
    return this.live && this.localCommitsSeen === this.localCommits ? this.head : null;
  }

  /** How many local transactions have ended: pass it to `headRead` with the head read after it. */
  localCommitCount(): number {
    return this.localCommits;
  }

  /** The head as read from the database after `localCommitsBefore` local transactions had ended. */
  headRead(seq: number, localCommitsBefore: number): void {
    if (!this.live) return;
    this.head = Math.max(this.head, seq);
    this.localCommitsSeen = Math.max(this.localCommitsSeen, localCommitsBefore);
  }

  /**
   * Names the state of the database as far as anything kept beside it is concerned: the same
   * string means no notice and no local commit came in between. null when not live.
   */
  stamp(): string | null {
    return this.live ? `${this.epoch}:${this.generation}` : null;
  }

  /** Called when a transaction of this instance has ended. */
  localCommitEnded(): void {
    this.localCommits++;
    this.generation++;
  }

  /**
   * Resolves once every notice of a transaction committed before the call has been taken in: one
   * round trip on the listening connection, whose answer PostgreSQL sends after the notices queued
   * for it (tests, and a caller that must see another instance's write).
   */
  async caughtUp(): Promise<void> {
    if (!this.client || !this.live) return;
    await this.client.query('SELECT 1');
  }

  /** The PostgreSQL backend process of the listening connection (diagnostics, tests); null when down. */
  get backendPid(): number | null {
    return this.live && this.client ? ((this.client as unknown as { processID: number }).processID ?? null) : null;
  }

  /** Notices taken in since start (metrics, tests). */
  get noticeCount(): number {
    return this.notices;
  }

  private receive(n: Notification): void {
    if (n.channel !== CHANGE_CHANNEL || !n.payload) return;
    // "<schema> head <seq>" or "<schema> tokens": the schema keeps apart databases sharing a server.
    const [schema, kind, seq] = n.payload.split(' ');
    if (schema !== this.schema) return;
    this.notices++;
    this.generation++;
    if (kind === 'head' && seq !== undefined) this.head = Math.max(this.head, Number(seq));
  }

  private lost(client: Client, err: Error): void {
    if (this.client !== client) return;
    this.live = false;
    this.client = null;
    client.removeAllListeners('notification');
    void client.end().catch(() => undefined);
    if (this.stopped) return;
    this.onError(err);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.start();
    }, RECONNECT_MS);
    this.reconnectTimer.unref();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
