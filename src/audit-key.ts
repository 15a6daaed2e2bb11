import fs from 'node:fs';
import path from 'node:path';
import { newSigningKey, signingKeyFromPem, SigningKey } from './domain/audit-chain';

/**
 * The audit checkpoint signing key: AUDIT_SIGNING_KEY (a PKCS#8 PEM) when set, otherwise the file
 * AUDIT_SIGNING_KEY_FILE (default <DATA_DIR>/audit-signing-key.pem), made on first start. It lives
 * outside the database on purpose: whoever can rewrite the database must not also hold the key.
 */
export function loadAuditSigningKey(env: NodeJS.ProcessEnv, dataDir: string): { key: SigningKey; source: string } {
  if (env.AUDIT_SIGNING_KEY?.trim()) return { key: signingKeyFromPem(env.AUDIT_SIGNING_KEY), source: 'AUDIT_SIGNING_KEY' };
  const file = env.AUDIT_SIGNING_KEY_FILE?.trim() || path.join(dataDir, 'audit-signing-key.pem');
  if (fs.existsSync(file)) return { key: signingKeyFromPem(fs.readFileSync(file, 'utf8')), source: file };
  const key = newSigningKey();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { key, source: `${file} (new)` };
}
