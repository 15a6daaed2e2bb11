import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { loadAuditSigningKey, loadAuditSigningKeyFrom } from '../../src/audit-key';
import { ConfigError, loadConfig } from '../../src/config';

// The checkpoint signing key, loaded from what config.ts read (AUDIT_SIGNING_KEY, AUDIT_SIGNING_KEY_FILE).
// A key file that holds no key stops the start naming the variable: replacing it with a fresh key
// would make every earlier checkpoint fail verification.
describe('loadAuditSigningKeyFrom', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-audit-key-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ed25519Pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('makes <DATA_DIR>/audit-signing-key.pem on first start, owner-only, and reads it back after', () => {
    const config = loadConfig({ DATA_DIR: dir });
    const first = loadAuditSigningKeyFrom(config);
    const file = path.join(dir, 'audit-signing-key.pem');
    expect(first.source).toBe(`${file} (new)`);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const again = loadAuditSigningKeyFrom(config);
    expect(again.source).toBe(file);
    expect(again.key.keyId).toBe(first.key.keyId);
  });

  it('uses AUDIT_SIGNING_KEY over the file when both are set', () => {
    const pem = ed25519Pem();
    const file = path.join(dir, 'other.pem');
    fs.writeFileSync(file, ed25519Pem());
    const { key, source } = loadAuditSigningKeyFrom(loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY: pem, AUDIT_SIGNING_KEY_FILE: file }));
    expect(source).toBe('AUDIT_SIGNING_KEY');
    expect(key.keyId).toBe(loadAuditSigningKeyFrom({ auditSigningKeyPem: pem, auditSigningKeyFile: file }).key.keyId);
    expect(key.keyId).not.toBe(loadAuditSigningKeyFrom({ auditSigningKeyPem: null, auditSigningKeyFile: file }).key.keyId);
  });

  it.each([
    ['is not a key', () => 'not a key\n'],
    [
      'holds an RSA key',
      () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ],
  ])('refuses a file that %s, naming AUDIT_SIGNING_KEY_FILE, and leaves it as it was', (_, content) => {
    const file = path.join(dir, 'audit.pem');
    const text = content();
    fs.writeFileSync(file, text);
    const settings = loadConfig({ DATA_DIR: dir, AUDIT_SIGNING_KEY_FILE: file });
    expect(() => loadAuditSigningKeyFrom(settings)).toThrow(ConfigError);
    expect(() => loadAuditSigningKeyFrom(settings)).toThrow(/AUDIT_SIGNING_KEY_FILE/);
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('refuses a path it cannot read, or cannot make the file at, naming AUDIT_SIGNING_KEY_FILE', () => {
    // A directory where the file should be: unreadable as a file.
    expect(() => loadAuditSigningKeyFrom({ auditSigningKeyPem: null, auditSigningKeyFile: dir })).toThrow(/AUDIT_SIGNING_KEY_FILE.*EISDIR/);
    // A file where its folder should be: the key cannot be made.
    const blocker = path.join(dir, 'blocker');
    fs.writeFileSync(blocker, '');
    expect(() => loadAuditSigningKeyFrom({ auditSigningKeyPem: null, auditSigningKeyFile: path.join(blocker, 'key.pem') })).toThrow(
      /AUDIT_SIGNING_KEY_FILE/,
    );
  });

  it('loadAuditSigningKey(env, dataDir) reads the environment by the same rules', () => {
    const file = path.join(dir, 'audit.pem');
    const made = loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: file }, dir);
    expect(made.source).toBe(`${file} (new)`);
    expect(loadAuditSigningKey({}, dir).source).toBe(`${path.join(dir, 'audit-signing-key.pem')} (new)`);
    expect(() => loadAuditSigningKey({ AUDIT_SIGNING_KEY: 'nonsense' }, dir)).toThrow(/AUDIT_SIGNING_KEY/);
  });
});
