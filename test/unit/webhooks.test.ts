import { createHmac } from 'node:crypto';
import {
  MAX_ATTEMPTS,
  newWebhookSecret,
  retryDelayMs,
  RETRY_DELAYS_SECONDS,
  secretHint,
  signatureMatches,
  webhookSignature,
} from '../../src/domain/webhooks';

// The webhook's pure rules (src/domain/webhooks.ts, ADR 0041): the signature, the retry schedule, secrets.

describe('webhook signatures', () => {
  it('is the hex HMAC-SHA256 of "timestamp.body" with the secret, as a receiver computes it with node:crypto', () => {
    const body = JSON.stringify({ type: 'sharing_request.submitted', title: '收到新的共享申请' });
    const expected = createHmac('sha256', 'whsec_test').update(`1772416800.${body}`).digest('hex');
    expect(webhookSignature('whsec_test', '1772416800', body)).toBe(`sha256=${expected}`);
    expect(webhookSignature('whsec_test', '1772416800', Buffer.from(body))).toBe(`sha256=${expected}`);
  });

  it('matches only the same secret, timestamp and body', () => {
    const header = webhookSignature('s1', '100', '{"a":1}');
    expect(signatureMatches('s1', '100', '{"a":1}', header)).toBe(true);
    expect(signatureMatches('s2', '100', '{"a":1}', header)).toBe(false);
    expect(signatureMatches('s1', '101', '{"a":1}', header)).toBe(false);
    expect(signatureMatches('s1', '100', '{"a":2}', header)).toBe(false);
    expect(signatureMatches('s1', '100', '{"a":1}', 'sha256=00')).toBe(false);
  });
});

describe('the retry schedule', () => {
  it('waits 1 min, 5 min, 30 min, 2 h, 12 h after the 1st to 5th failure, then gives up', () => {
    expect(RETRY_DELAYS_SECONDS).toEqual([60, 300, 1800, 7200, 43200]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 0))).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]);
    expect(retryDelayMs(6, 0)).toBeNull();
    expect(MAX_ATTEMPTS).toBe(6);
  });

  it('adds up to 10 % at random, so the delays still grow', () => {
    expect(retryDelayMs(1, 0.5)).toBe(63_000);
    expect(retryDelayMs(1, 0.999999)).toBeLessThanOrEqual(66_000);
    expect(retryDelayMs(1, 5)).toBeLessThanOrEqual(66_000);
    expect(retryDelayMs(1, -1)).toBe(60_000);
    for (let n = 1; n < 5; n++) expect(retryDelayMs(n, 0.999999)!).toBeLessThan(retryDelayMs(n + 1, 0)!);
  });
});

describe('secrets', () => {
  it('are 32 random bytes, base64url, after whsec_; a hint shows only their start', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
    expect(secretHint(a)).toBe(`${a.slice(0, 10)}…`);
    expect(secretHint('0123456789abcdef')).toBe('01234…');
  });
});
