import express from 'express';
import { heldJson } from '../db/read-cache';

// A result served from the read cache (ADR 0018) is the same object on every request, and the cache
// made its JSON bytes when it held it (heldJson); those bytes are sent, and the ETag express would
// compute from them is kept beside them, so a cached search page, facet count or board is
// serialised, encoded and hashed once, not on every answer.
// Sending the kept bytes also spares a new buffer per answer, which under load piled up outside the
// heap between collections (bench/RESULTS.md, 2026-11-22 session 3, last; ADR 0018).
// Any other body, or one whose Content-Type a handler set, goes through express's own res.json; a
// held one gets the bytes, Content-Type and weak ETag express would give it.

/** Each held body's ETag, computed at its first answer. */
const etags = new WeakMap<Buffer, string | undefined>();

type EtagFn = (body: Buffer, encoding?: BufferEncoding) => string | undefined;

/** Replaces res.json on this app with one that serialises each held result once. */
export function serializeJsonOnce(app: express.Express): void {
  const expressJson = app.response.json;
  app.response.json = function json(this: express.Response, value: unknown) {
    const body = typeof value === 'object' && value !== null ? heldJson(value) : undefined;
    if (!body || this.get('Content-Type')) return expressJson.call(this, value);
    if (!etags.has(body)) {
      const etagFn = this.app.get('etag fn') as EtagFn | undefined;
      etags.set(body, typeof etagFn === 'function' ? etagFn(body) : undefined);
    }
    const etag = etags.get(body);
    this.set('Content-Type', 'application/json; charset=utf-8');
    if (etag && !this.get('ETag')) this.set('ETag', etag);
    return this.send(body);
  };
}
