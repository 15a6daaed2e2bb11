import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject, sign, verify } from 'node:crypto';

// The audit trail's hash chain. Each event's hash covers a canonical form of the event and its
// predecessor's hash, so editing, deleting, inserting or reordering an event breaks every link
// after it. Signed checkpoints (Ed25519) of the chain's head catch truncation of the tail too.

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function iso(value: unknown): string {
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

/** The fields of a stored event that the chain protects, in a fixed order. */
export function canonicalEvent(row: Record<string, unknown>): string {
  const details = typeof row.details_json === 'string' ? JSON.parse(row.details_json) : (row.details_json ?? {});
  return canonicalJson([
    Number(row.seq),
    row.id,
    iso(row.occurred_at),
    row.user_id ?? null,
    row.department_id ?? null,
    row.action,
    row.object_type,
    row.object_id,
    row.result,
    row.request_id ?? null,
    row.client_address ?? null,
    details,
    row.object_department_id ?? null,
    row.related_department_id ?? null,
  ]);
}

export function chainHash(prevHash: string, row: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEvent(row)).digest('hex');
}

/** What a checkpoint signs: the head's position and hash, and when. */
export function checkpointMessage(eventSeq: number, headHash: string, signedAt: string): Buffer {
  return Buffer.from(`audit-checkpoint:${eventSeq}:${headHash}:${signedAt}`, 'utf8');
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('hex')
    .slice(0, 16);
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  keyId: string;
}

export function signingKeyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

export function signCheckpoint(key: SigningKey, eventSeq: number, headHash: string, signedAt: string): string {
  return sign(null, checkpointMessage(eventSeq, headHash, signedAt), key.privateKey).toString('base64');
}

export function checkpointSignatureValid(
  publicKey: KeyObject,
  eventSeq: number,
  headHash: string,
  signedAt: string,
  signature: string,
): boolean {
  return verify(null, checkpointMessage(eventSeq, headHash, signedAt), publicKey, Buffer.from(signature, 'base64'));
}
