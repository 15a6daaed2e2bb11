import { createHash } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { Database } from '../db/database';
import { IdempotencyStore } from './idempotency.store';
import { BadRequestError, ConflictError, RuleViolationError } from '../errors';

// Idempotency-Key on creating POSTs, scoped to the caller. The first request with a key claims it;
// its 2xx answer is stored and replayed to any retry with the same key and the same request; a
// failed attempt releases the key. The claim is marked done inside the write's own transaction
// (recordAudit), so after a crash a claim is either done (a retry is told what was created, never
// creates again) or not (it expires after a minute and a retry proceeds).
//
// An answer that holds a secret (a new token's: the operation says `x-answer-holds-secret: true`
// in the contract) is never stored: the database would then hold a working credential in plain
// text. A retry of such a request is answered 409 idempotency_secret_not_replayed, naming what
// was created (recorded by recordAudit with the claim).
//
// Records older than KEEP_MS, and claims abandoned uncommitted, are purged — at most once a minute
// per process, by the first creating request (with a key or without) after that minute; by
// created_at alone, so several instances purging one PostgreSQL at once delete the same rows
// harmlessly.

const KEY = /^[\x21-\x7e]{1,200}$/;
const STALE_CLAIM_MS = 60_000;
export const KEEP_MS = 24 * 60 * 60 * 1000;
const PURGE_EVERY_MS = 60_000;

/** When each database's keys were last purged (by the clock's time), shared by every middleware on it. */
const lastPurge = new WeakMap<Database, number>();

/** Deletes the records past KEEP_MS and the claims abandoned uncommitted (older than a minute, never done); how many. */
/** Deletes the records past KEEP_MS and the claims abandoned uncommitted (older than a minute, never done); how many. */
export async function purgeIdempotencyKeys(db: Database, at: Date): Promise<number> {
  return new IdempotencyStore(db).purge(at, KEEP_MS, STALE_CLAIM_MS);
}

async function purgeNowAndThen(db: Database, at: Date): Promise<void> {
  const last = lastPurge.get(db);
  // Math.abs: a test clock may be set back.
  if (last !== undefined && Math.abs(at.getTime() - last) < PURGE_EVERY_MS) return;
  lastPurge.set(db, at.getTime());
  // A purge that fails (a busy database) is tried again a minute later; the request goes on.
  await purgeIdempotencyKeys(db, at).catch(() => undefined);
}

export interface IdempotencyOptions {
  /** The answer carries a secret (x-answer-holds-secret): store no body, answer a retry with 409. */
  answerHoldsSecret?: boolean;
}

/** What makes two requests "the same request" for a key: method, URL and the parsed body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method} ${url}\n${JSON.stringify(body ?? null)}`)
    .digest('hex');
}
const fingerprint = (req: Request) => requestFingerprint(req.method, req.originalUrl, req.body);

export function idempotency(db: Database, now: () => Date, options: IdempotencyOptions = {}) {
  const secret = options.answerHoldsSecret === true;
  const claims = new IdempotencyStore(db);
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const at = now();
    await purgeNowAndThen(db, at);
    const key = req.headers['idempotency-key'];
    if (key === undefined) return next();
    if (typeof key !== 'string' || !KEY.test(key))
      throw new BadRequestError('invalid_idempotency_key', 'Idempotency-Key 须为 1–200 个可见 ASCII 字符 (invalid Idempotency-Key)');
    const userId = req.actor.userId;
    const print = fingerprint(req);
    const existing = await claims.find(userId, key);
    if (existing && at.getTime() - existing.createdAt.getTime() < KEEP_MS) {
      if (existing.fingerprint !== print) {
        throw new RuleViolationError(
          'idempotency_key_reused',
          '同一 Idempotency-Key 已用于另一个请求 (the key was used for a different request)',
        );
      }
      // The answer held a secret and was not kept (also a record from before secrets were kept
      // out, emptied by migration 20261205010000): say what was created instead.
      const withheld = existing.statusCode !== null && existing.responseJson === null;
      if (withheld || (secret && existing.committedAt !== null)) {
        const created = existing.objectId ? `${existing.objectType} ${existing.objectId}` : 'the object';
        throw new ConflictError(
          'idempotency_secret_not_replayed',
          `相同 Idempotency-Key 的请求已创建 ${created}；其答复含密钥，只在首次答复中出现，不会重放。如未收到，请撤销它并重新签发 (the request with this key created ${created}; its answer held a secret, which is shown once and never replayed — if it was lost, revoke it and issue a new one)`,
        );
      }
      if (existing.statusCode !== null) {
        res.setHeader('Idempotent-Replayed', 'true');
        res.status(existing.statusCode).json(JSON.parse(existing.responseJson!));
        return;
      }
      // A committed claim younger than a minute is most likely a request still sending its answer.
      if (existing.committedAt !== null && at.getTime() - existing.createdAt.getTime() >= STALE_CLAIM_MS) {
        // The write committed but its answer was never recorded (the process died in between):
        // doing it again would create twice, so say what was done instead.
        throw new ConflictError(
          'idempotency_request_committed',
          `相同 Idempotency-Key 的请求已执行完成（${existing.objectType} ${existing.objectId}），但答复未能保存，请查询该对象 (the request with this key was carried out; read ${existing.objectType} ${existing.objectId})`,
        );
      }
      if (at.getTime() - existing.createdAt.getTime() < STALE_CLAIM_MS) {
        throw new ConflictError('idempotency_in_progress', '相同 Idempotency-Key 的请求正在处理 (a request with this key is in progress)');
      }
    }
    // Here an existing record is either past KEEP_MS or an abandoned claim that never committed.
    if (!(await claims.claim(userId, key, print, at, existing !== null))) {
      // Another instance claimed the same key at the same moment.
      throw new ConflictError('idempotency_in_progress', '相同 Idempotency-Key 的请求正在处理 (a request with this key is in progress)');
    }
    req.actor = { ...req.actor, idempotencyKey: key };
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      // The answer waits for its record, on disk, so a retry after this response always finds it.
      void claims.settle(userId, key, res.statusCode, secret ? null : JSON.stringify(body)).then(
        () => json(body),
        () => json(body),
      );
      return res;
    };
    next();
  };
}
