import { Knex } from 'knex';
import { LRUCache } from 'lru-cache';
import { DECLINED, tryGet } from './sqlite-direct';
import { changeFeedOf } from './change-feed';
import { ReadKind, StaleReads, staleReads } from '../domain/read-invalidation';
import { Row } from './rows';

// 读缓存 — the results of the reads that cost real work (an entry, a page of search results, facet
// counts, a project's onboarding checklist, the board), kept while the database stays as it was
// (ADR 0018). Not the owner of a token: a token revoked by hand must stop working at once.
//
// Every write commits together with its audit event, and every audit event moves the chain head
// (`audit_chain_head.last_seq`). So the head's sequence number names the state of the database:
// one indexed single-row read per use says whether anything was written since the results held
// were read, which also holds across instances sharing one PostgreSQL (ADR 0016): a write on
// instance A moves the head that instance B reads. Where the PostgreSQL change feed is on (ADR
// 0021), the head is as PostgreSQL last announced it instead, and a write on A reaches B's cache
// when its notice arrives (about a millisecond). When the head has moved, the events since the
// last look say what was written, and only the results those writes made stale go
// (src/domain/read-invalidation.ts): a sharing request leaves every search and entry held.
//
// Results are kept as the objects the loader returned and handed to every later caller: callers
// must treat them as read-only (the services only ever serialise them). Beside each, the JSON bytes
// of the part a response sends are made once, when it is held: they size it in the budget and are
// what src/http/json-once.ts sends, so a held result is serialised once, not once to size it and
// again for every answer.

export interface ReadCacheOptions {
  /**
   * Roughly how many bytes of memory the held results may take (the objects and their JSON bytes);
   * least recently used go first.
   */
  maxBytes: number;
  /** false: every read goes to the database (READ_CACHE_MB=0, and the benchmark's uncached runs). */
  enabled?: boolean;
}

const HEAD_SQL = 'SELECT last_seq FROM audit_chain_head WHERE id = 1';
/** Past this many events since the last look, everything held goes rather than be sorted out. */
const CHANGES_READ_MAX = 1000;

export const DEFAULT_READ_CACHE_BYTES = 32 * 1024 * 1024;

interface Held {
  value: unknown;
  /** The memory it takes, estimated: see heldSize. */
  size: number;
}

/**
 * The JSON bytes of the part of each held result that responses send (the whole result, or the
 * entry inside its { entry, rowVersion }), made when it was held. Weak: a result the cache lets go
 * is not kept alive here.
 */
const sentBytes = new WeakMap<object, Buffer>();

/** The JSON bytes made for a held result (or its sent part) when it was held, if `value` is one. */
export function heldJson(value: object): Buffer | undefined {
  return sentBytes.get(value);
}

/**
 * What a held result costs: its JSON bytes, and the objects themselves, which in V8 take about as
 * many bytes as their UTF-8 JSON (a search page of 14,135 bytes: 14,215 bytes of heap; ADR 0018),
 * plus the key (UTF-16).
 */
function heldSize(key: string, bytes: number): number {
  return 2 * key.length + 2 * bytes;
}

export interface ReadOptions<T> {
  /** The part of the result a response sends (default: all of it); null when none is sent. */
  sent?: (value: T) => object | null;
}

/**
 * What a held result is: its kind, whose view it is (the caller's scope, where results differ by
 * who asks), the id or query it answers, and for results that age with the clock, the minute.
 * Two reads share a result exactly when their keys are equal.
 */
export interface ReadKey {
  kind: ReadKind;
  scope?: string;
  id?: string;
  query?: unknown;
  minute?: number;
}

// Built on every cached read: a query is serialised only when there is one (an entry by id has none).
function keyText(k: ReadKey): string {
  return `${k.kind}\u0000${k.scope ?? ''}\u0000${k.id ?? ''}\u0000${k.minute ?? ''}\u0000${k.query === undefined ? '' : JSON.stringify(k.query)}`;
}

export class ReadCache {
  private readonly held: LRUCache<string, Held>;
  /** The head sequence the held results were read at; -1 before the first read. */
  private heldAt = -1;
  /** The look at what changed under way, if any (catchUp). */
  private catchingUp: { state: number; done: Promise<void> } | null = null;
  readonly enabled: boolean;
  /** Reads under way, by state and key. */
  private readonly loading = new Map<string, Promise<unknown>>();
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly db: Knex,
    options: ReadCacheOptions = { maxBytes: DEFAULT_READ_CACHE_BYTES },
  ) {
    this.enabled = options.enabled ?? true;
    this.held = new LRUCache<string, Held>({
      maxSize: Math.max(1, options.maxBytes),
      // A result larger than the whole cache is simply not kept.
      maxEntrySize: Math.max(1, options.maxBytes),
      sizeCalculation: (h) => h.size,
    });
  }

  /** The audit chain head's sequence number: it moves with every committed write. */
  async stateOfDatabase(): Promise<number> {
    // On PostgreSQL with a live change feed, as last told by PostgreSQL (ADR 0021).
    const feed = changeFeedOf(this.db);
    const known = feed ? feed.knownHead() : null;
    if (known !== null) return known;
    const localCommits = feed ? feed.localCommitCount() : 0;
    // Otherwise read on every use: directly on SQLite's connection where it can (ADR 0019).
    const direct = tryGet<{ last_seq: number }>(this.db, HEAD_SQL);
    const row = direct !== DECLINED ? direct : await this.db('audit_chain_head').where({ id: 1 }).first('last_seq');
    const seq = row ? Number(row.last_seq) : 0;
    feed?.headRead(seq, localCommits);
    return seq;
  }

  /**
   * The result for `key`: held if it was read at the database's present state, else loaded (and
   * held). `key` must name everything the result depends on besides the database: the caller's
   * scope where it matters, and a time bucket for results that change with the clock.
   */
  async read<T>(readKey: ReadKey, load: () => Promise<T>, options: ReadOptions<T> = {}): Promise<T> {
    if (!this.enabled) return load();
    const key = keyText(readKey);
    const state = await this.stateOfDatabase();
    if (state !== this.heldAt) await this.catchUp(state);
    const held = this.held.get(key);
    if (held) {
      this.hits++;
      return held.value as T;
    }
    // Callers asking for the same result at the same state while it is being read wait for that
    // one read: 50 clients opening the board at once cost one board, not fifty.
    const flightKey = `${state} ${key}`;
    const inFlight = this.loading.get(flightKey);
    if (inFlight) {
      this.hits++;
      return inFlight as Promise<T>;
    }
    this.misses++;
    const loading = load();
    this.loading.set(flightKey, loading);
    try {
      const value = await loading;
      // Read at `state` or later. If another caller has meanwhile seen the head move, the result
      // may be of either state: drop it rather than guess. Nothing found is not held, so lookups
      // of unknown ids cannot crowd out what is worth keeping.
      if (this.heldAt === state && value !== null && value !== undefined) this.hold(key, value, options);
      return value;
    } finally {
      this.loading.delete(flightKey);
    }
  }

  private hold<T>(key: string, value: T, options: ReadOptions<T>): void {
    const sent = options.sent ? options.sent(value) : value;
    if (typeof sent === 'object' && sent !== null) {
      const bytes = Buffer.from(JSON.stringify(sent), 'utf8');
      sentBytes.set(sent, bytes);
      this.held.set(key, { value, size: heldSize(key, bytes.length) });
    } else {
      this.held.set(key, { value, size: heldSize(key, Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8')) });
    }
  }

  /**
   * Brings what is held to the database's state `state`: a write happened (here or on another
   * instance), so the results it made stale go — only those, as the audit events since the last
   * look say (src/domain/read-invalidation.ts); everything after a gap of many events, or when the
   * head moved back (a restored database). One look at a time: callers meanwhile wait for it.
   */
  private catchUp(state: number): Promise<void> {
    if (this.catchingUp?.state === state) return this.catchingUp.done;
    const from = this.heldAt;
    const done = (async () => {
      let stale: StaleReads = { everything: true, kinds: new Set(), entries: new Set() };
      if (from >= 0 && state > from && state - from <= CHANGES_READ_MAX) {
        const rows: Row[] = await this.db('audit_events')
          .where('seq', '>', from)
          .where('seq', '<=', state)
          .select('action', 'object_type', 'object_id');
        // Fewer events than the head moved by: some commit is not visible yet; assume the worst.
        if (rows.length === state - from) {
          stale = staleReads(
            rows.map((r) => ({ action: String(r.action), objectType: String(r.object_type), objectId: String(r.object_id) })),
          );
        }
      }
      // Another caller may have caught up further meanwhile; then this look is obsolete.
      if (this.heldAt !== from) return;
      if (stale.everything) this.held.clear();
      else if (stale.kinds.size > 0 || stale.entries.size > 0) {
        for (const key of [...this.held.keys()]) {
          const [kind, , id] = key.split('\u0000');
          if (stale.kinds.has(kind as ReadKind) || (kind === 'entry' && stale.entries.has(id))) this.held.delete(key);
        }
      }
      this.heldAt = state;
    })();
    const look = { state, done };
    this.catchingUp = look;
    return done.finally(() => {
      if (this.catchingUp === look) this.catchingUp = null;
    });
  }

  /** Hits and misses since start, and what is held (the /metrics endpoint reports them). */
  stats(): { hits: number; misses: number; entries: number; bytes: number } {
    return { hits: this.hits, misses: this.misses, entries: this.held.size, bytes: this.held.calculatedSize };
  }
}

/** The minute a time falls in: the time part of the key of a result that changes with the clock. */
export function minuteOf(at: Date): number {
  return Math.floor(at.getTime() / 60_000);
}
