import { Database, transaction } from '../../db/database';
import { AccessRecordInput, AccessStore } from './access.store';

// Writes the exchange's access records (调用记录). Every call's record is committed before its
// answer ends, but calls arriving together share one transaction: while one batch commits, the
// next gathers, and it is appended (head locked, chained, usage counted) as soon as the first is
// done. Under load many calls share a commit; alone, a call waits for one commit of its own.

interface Pending {
  record: AccessRecordInput;
  done: () => void;
  failed: (err: unknown) => void;
}

const BATCH_MAX = 1000;
/** Per-minute usage older than this is dropped now and then. */
const MINUTE_USAGE_KEPT_MS = 10 * 60_000;

export class AccessLog {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private flushes = 0;
  /** Calls admitted and not yet recorded, per grant: counted against the per-minute quota. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly db: Database,
    private readonly store: AccessStore,
    private readonly now: () => Date,
  ) {}

  /** Resolves once the record is committed. */
  record(record: AccessRecordInput): Promise<void> {
    return new Promise<void>((done, failed) => {
      this.queue.push({ record, done, failed });
      this.flushing ??= this.drain();
    });
  }

  admitted(grantId: string): void {
    this.inFlight.set(grantId, (this.inFlight.get(grantId) ?? 0) + 1);
  }

  released(grantId: string): void {
    const n = (this.inFlight.get(grantId) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(grantId);
    else this.inFlight.set(grantId, n);
  }

  pendingFor(grantId: string): number {
    return this.inFlight.get(grantId) ?? 0;
  }

  /** Waits until every record handed in so far is committed (shutdown, tests). */
  async settled(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, BATCH_MAX);
        try {
          await transaction(this.db, (tx) =>
            this.store.append(
              tx,
              batch.map((p) => p.record),
            ),
          );
          batch.forEach((p) => p.done());
        } catch (err) {
          batch.forEach((p) => p.failed(err));
        }
        if (++this.flushes % 500 === 0) await this.purge();
      }
    } finally {
      this.flushing = null;
    }
  }

  private async purge(): Promise<void> {
    const before = new Date(this.now().getTime() - MINUTE_USAGE_KEPT_MS).toISOString().slice(0, 16);
    await this.store.purgeMinuteUsage(this.db, `m:${before}`).catch(() => undefined);
  }
}
