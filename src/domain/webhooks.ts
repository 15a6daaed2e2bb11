import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

// A department's webhook (docs/notifications.md, ADR 0041): what each notification is called,
// how it is signed, and when a failed delivery is tried again.

/** The notifications a department's webhook receives. */
export const notificationEvents = {
  'sharing_request.submitted': '收到新的共享申请',
  'sharing_request.approved': '共享申请已同意',
  'sharing_request.rejected': '共享申请被拒绝',
  'sharing_request.escalated': '共享申请已提请裁决',
  'sharing_request.decided': '共享争议已裁决',
  'sharing_request.deadline_approaching': '共享申请答复期限将至（两个工作日内）',
  'sharing_request.overdue': '共享申请答复已逾期',
  'delivery.overdue': '数据更新逾期',
  'registration.deadline_approaching': '成果登记期限将至（两个工作日内）',
  'registration.overdue': '成果登记已逾期',
} as const;
export type NotificationEvent = keyof typeof notificationEvents;

/** Working days before a deadline at which its notice goes out. */
export const DEADLINE_NOTICE_WORKING_DAYS = 2;

/** Delays after the 1st, 2nd … failed attempt; after the last one fails the delivery is given up. */
export const RETRY_DELAYS_SECONDS = [60, 5 * 60, 30 * 60, 2 * 3600, 12 * 3600];
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;
/** Up to this share of the delay is added at random, so that retries of many deliveries spread out. */
export const RETRY_JITTER = 0.1;

/**
 * Milliseconds to wait after failed attempt number `attempt` (1-based), or null when it was the
 * last. `random` in [0, 1) picks the jitter.
 */
export function retryDelayMs(attempt: number, random: number): number | null {
  const base = RETRY_DELAYS_SECONDS[attempt - 1];
  if (base === undefined) return null;
  return Math.round(base * 1000 * (1 + RETRY_JITTER * Math.min(Math.max(random, 0), 0.999999)));
}

/** `sha256=<hex HMAC-SHA256 of "timestamp.body">`, the X-Webhook-Signature header. */
export function webhookSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

/** Whether a signature header is the one of this timestamp and body (constant time). */
export function signatureMatches(secret: string, timestamp: string, body: string | Buffer, header: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** A new signing secret: `whsec_` and 32 random bytes, base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** The secret as a list shows it: its first characters only. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, Math.min(10, Math.floor(secret.length / 3)))}…`;
}
