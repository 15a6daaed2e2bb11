import express from 'express';
import { isHeldResult } from '../db/read-cache';

// A result served from the read cache (ADR 0018) is the same object on every request; its JSON, as
// the bytes sent, and the ETag express would compute from them are kept beside it, so a cached
// search page, facet count or board is serialised, encoded and hashed once, not on every answer.
// Sending the kept bytes also spares a new buffer per answer, which under load piled up outside the
// heap between collections (bench/RESULTS.md, 2026-11-22 session 3, last; ADR 0018).
// Any other body, or one whose Content-Type a handler set, goes through express's own res.json; a
// held one gets the bytes, Content-Type and weak ETag express would give it.

interface Serialized {
  body: Buffer;
  etag: string | undefined;
}

const serialized = new WeakMap<object, Serialized>();

type EtagFn = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/** Replaces res.json on this app with one that serialises each held result once. */
export function serializeJsonOnce(app: express.Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: express.Response, value: unknown) {
    if (typeof value !== 'object' || value === null || !isHeldResult(value) || this.get('Content-Type'))
      return expressJson.call(this, value);
    let s = serialized.get(value);
    if (!s) {
      const body = Buffer.from(JSON.stringify(value), 'utf8');
      const etagFn = this.app.get('etag fn') as EtagFn | undefined;
      s = { body, etag: typeof etagFn === 'function' ? etagFn(body) : undefined };
      serialized.set(value, s);
    }
    this.set('Content-Type', 'application/json; charset=utf-8');
    if (s.etag && !this.get('ETag')) this.set('ETag', s.etag);
    return this.send(s.body);
  };
}
