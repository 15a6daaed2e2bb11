import { createHash, randomBytes } from 'node:crypto';

// API tokens are random secrets shown once; only their SHA-256 is stored, so a leaked database
// does not leak working tokens. A fast hash suffices: the secret has 256 bits of entropy.

export function newTokenSecret(): string {
  return `dgc_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
