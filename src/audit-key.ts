import fs from 'node:fs';
import path from 'node:path';
import { auditKeySettings, Config, ConfigError, isEd25519PrivateKeyPem } from './config';
import { newSigningKey, signingKeyFromPem, SigningKey } from './domain/audit-chain';

export type AuditKeySettings = Pick<Config, 'auditSigningKeyPem' | 'auditSigningKeyFile'>;

/**
 * The audit checkpoint signing key, from what config.ts read: AUDIT_SIGNING_KEY (a PKCS#8 PEM,
 * already checked) when set, otherwise the file AUDIT_SIGNING_KEY_FILE (default
 * <DATA_DIR>/audit-signing-key.pem), made on first start. It lives outside the database on
 * purpose: whoever can rewrite the database must not also hold the key. A file that cannot be read
 * or holds no Ed25519 key, or cannot be made, is a ConfigError naming AUDIT_SIGNING_KEY_FILE
 * (replacing an unreadable key with a fresh one would make every earlier checkpoint fail verification).
 */
export function loadAuditSigningKeyFrom(settings: AuditKeySettings): { key: SigningKey; source: string } {
  if (settings.auditSigningKeyPem !== null) return { key: signingKeyFromPem(settings.auditSigningKeyPem), source: 'AUDIT_SIGNING_KEY' };
  const file = settings.auditSigningKeyFile;
  if (fs.existsSync(file)) {
    let pem: string;
    try {
      pem = fs.readFileSync(file, 'utf8');
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code ?? String(err);
      throw new ConfigError(
        `AUDIT_SIGNING_KEY_FILE 指向的文件 ${file} 无法读取：${reason} (AUDIT_SIGNING_KEY_FILE: cannot read ${file}: ${reason})`,
      );
    }
    if (!isEd25519PrivateKeyPem(pem)) {
      throw new ConfigError(
        `AUDIT_SIGNING_KEY_FILE 指向的文件 ${file} 不是 PKCS#8 PEM 格式的 Ed25519 私钥 (AUDIT_SIGNING_KEY_FILE: ${file} is not an Ed25519 private key in PKCS#8 PEM)`,
      );
    }
    return { key: signingKeyFromPem(pem), source: file };
  }
  const key = newSigningKey();
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, key.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ConfigError(
      `AUDIT_SIGNING_KEY_FILE 指向的文件 ${file} 无法创建：${reason} (AUDIT_SIGNING_KEY_FILE: cannot create ${file}: ${reason})`,
    );
  }
  return { key, source: `${file} (new)` };
}

/**
 * The same from an environment, read by config.ts's own rules. Kept for test/crash, which names
 * the key file as an operator would and is not this change's to edit; main.ts and the CLIs use
 * loadAuditSigningKeyFrom(config).
 */
export function loadAuditSigningKey(env: NodeJS.ProcessEnv, dataDir: string): { key: SigningKey; source: string } {
  return loadAuditSigningKeyFrom(auditKeySettings(env, dataDir));
}
