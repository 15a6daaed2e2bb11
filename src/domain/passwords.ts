import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

// Passwords of people who sign in (登录密码, ADR 0043). Stored as
// `scrypt$N$r$p$<salt base64url>$<hash base64url>`: a random 16-byte salt per password and the
// parameters in the string, so stronger parameters later still verify the older hashes.

/** scrypt's cost (2^15), block size and parallelism: about 32 MiB and some 50–100 ms a hash. */
export const SCRYPT = { N: 32768, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

/** scrypt off the event loop (libuv's thread pool): a sign-in does not hold up other requests. */
function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = SCRYPT;
  return ['scrypt', N, r, p, salt.toString('base64url'), (await derive(password, salt, N, r, p)).toString('base64url')].join('$');
}

/** Whether the password matches the stored hash; false for a hash of another shape. Constant-time comparison. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 1 << 20) return false;
  const expected = Buffer.from(parts[5], 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(password, Buffer.from(parts[4], 'base64url'), N, r, p);
  return timingSafeEqual(actual, expected);
}

/** A hash of no one's password: verified against when the login name is unknown, so both take as long. */
let dummy: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hashPassword(randomBytes(18).toString('base64url'));
  return dummy;
}

/**
 * The password rule (密码规则): at least 10 characters, with letters and digits, not the login
 * name. Null when the password is acceptable, else why not (Chinese, with an English gloss).
 */
export function passwordProblem(password: string, loginName: string | null): string | null {
  if ([...password].length < 10) return '密码至少 10 个字符 (a password has at least 10 characters)';
  if (!/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) return '密码须同时包含字母和数字 (a password contains letters and digits)';
  if (loginName && password.toLowerCase() === loginName.toLowerCase()) return '密码不能与登录名相同 (a password may not be the login name)';
  return null;
}
