import { createPrivateKey, createPublicKey, generateKeyPairSync, KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { JWK } from 'jose';
import { Clock } from '../../clock';
import { Database, transaction } from '../../db/database';
import { loadJose } from '../../lazy-modules';
import { ConflictError, NotFoundError, ServiceUnavailableError } from '../../errors';
import { Schema } from '../../http/api-types';
import type { AuditService } from '../audit/audit.service';
import { CertificateStore, StoredKey } from './certificates.store';

// The keys that sign certificates (ADR 0032). Ed25519 key pairs: the public half in the
// `certificate_keys` table, so every instance over one database verifies with the same keys and
// serves the same JWKS; the private half in a PEM file named after its kid in the keys folder
// (CERTIFICATE_KEYS_DIR, default DATA_DIR/certificate-keys), never in the database — whoever can
// read or rewrite the database must not be able to sign. Several instances share that folder (or
// receive its files), as they share the audit key.
//
// The key that signs is the newest neither retired nor removed. Rotation makes a new pair and
// retires the others: a retired key signs nothing more and keeps verifying what it signed (its kid
// stays in the JWKS). Removal, for a compromised key, takes it out of the JWKS: what it signed
// verifies no more.

export interface CertificateKeysDeps {
  db: Database;
  clock: Clock;
  audit: AuditService;
  /** The folder of the private keys (`<kid>.pem`, PKCS#8). */
  keysDir: string;
}

export interface SigningKeyPair {
  kid: string;
  privateKey: KeyObject;
}

/** A public key as the JWKS serves it. */
export type PublicJwk = Schema<'Jwk'>;

const KID = /^[A-Za-z0-9_-]{1,64}$/;

export class CertificateKeys {
  private readonly store = new CertificateStore();
  private readonly privateKeys = new Map<string, KeyObject>();
  private readonly publicKeys = new Map<string, KeyObject>();

  constructor(private readonly deps: CertificateKeysDeps) {}

  /**
   * The key that signs now, its private half read from the keys folder (once per process). An
   * installation without a key yet makes its first on the first certificate (main.ts makes it at
   * start); a signing key whose file this instance lacks is a 503 naming the folder.
   */
  async signing(): Promise<SigningKeyPair> {
    let current = await this.store.signingKey(this.deps.db);
    if (!current) current = await this.rotateIfNone();
    const privateKey = this.privateKeys.get(current.kid) ?? this.readPrivate(current);
    return { kid: current.kid, privateKey };
  }

  /** Makes the first key when there is none (at start, or on the first certificate). */
  async ensure(): Promise<StoredKey> {
    return (await this.store.signingKey(this.deps.db)) ?? this.rotateIfNone();
  }

  /**
   * Makes a new key pair, writes its private half to the keys folder, and makes it the one that
   * signs: every other key is retired (it keeps verifying). Audited (`certificate_key.rotated`).
   */
  async rotate(reason: string | null = null): Promise<StoredKey> {
    const made = await this.generate();
    return transaction(this.deps.db, async (tx) => {
      await this.store.lockKeys(tx);
      await this.store.insertKey(tx, made);
      await this.store.retireAllBut(tx, made.kid, made.createdAt);
      await this.deps.audit.record(tx, null, {
        action: 'certificate_key.rotated',
        objectType: 'certificate_key',
        objectId: made.kid,
        details: { kid: made.kid, reason },
        departments: [],
      });
      return made;
    });
  }

  /** Removes a key (compromised): out of the JWKS, it verifies nothing more. Audited (`certificate_key.removed`). */
  async remove(kid: string, reason: string): Promise<StoredKey> {
    return transaction(this.deps.db, async (tx) => {
      await this.store.lockKeys(tx);
      const key = await this.store.findKey(tx, kid);
      if (!key) throw new NotFoundError('签名密钥');
      if (!(await this.store.removeKey(tx, kid, this.deps.clock.now().toISOString()))) {
        throw new ConflictError('key_already_removed', '该签名密钥已移除 (the key was removed already)');
      }
      await this.deps.audit.record(tx, null, {
        action: 'certificate_key.removed',
        objectType: 'certificate_key',
        objectId: kid,
        details: { kid, reason },
        departments: [],
      });
      this.publicKeys.delete(kid);
      return (await this.store.findKey(tx, kid))!;
    });
  }

  /** Every key, newest first, with when it was made, retired and removed. */
  list(): Promise<StoredKey[]> {
    return this.store.keys(this.deps.db);
  }

  /** The JWKS: every key not removed — the one signing now and the retired ones — newest first. */
  async jwks(): Promise<{ keys: PublicJwk[] }> {
    const keys = await this.store.keys(this.deps.db);
    return { keys: keys.filter((k) => k.removedAt === null).map((k) => publicJwkOf(k)) };
  }

  /** The public key of a kid that is not removed, or null (asked at every verification, so a removal takes effect at once). */
  async verifying(kid: string): Promise<KeyObject | null> {
    if (!KID.test(kid)) return null;
    const key = await this.store.findKey(this.deps.db, kid);
    if (!key || key.removedAt !== null) return null;
    let publicKey = this.publicKeys.get(kid);
    if (!publicKey) {
      publicKey = (await loadJose().importJWK({ ...key.jwk, alg: 'EdDSA' } as JWK, 'EdDSA')) as KeyObject;
      this.publicKeys.set(kid, publicKey);
    }
    return publicKey;
  }

  // ---- the keys folder -------------------------------------------------------------------------

  private async rotateIfNone(): Promise<StoredKey> {
    const made = await this.generate();
    return transaction(this.deps.db, async (tx) => {
      await this.store.lockKeys(tx);
      // Another instance (or request) may have made the first key meanwhile: that one signs.
      const existing = await this.store.signingKey(tx);
      if (existing) return existing;
      await this.store.insertKey(tx, made);
      await this.deps.audit.record(tx, null, {
        action: 'certificate_key.rotated',
        objectType: 'certificate_key',
        objectId: made.kid,
        details: { kid: made.kid, reason: '首个证照签名密钥 (the first certificate signing key)' },
        departments: [],
      });
      return made;
    });
  }

  /** A new Ed25519 pair: the private half written to the folder (0600), the public half as a row to insert. */
  private async generate(): Promise<StoredKey> {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const jose = loadJose();
    const jwk = await jose.exportJWK(publicKey);
    const kid = await jose.calculateJwkThumbprint(jwk, 'sha256');
    const file = this.fileOf(kid);
    try {
      await fs.promises.mkdir(this.deps.keysDir, { recursive: true, mode: 0o700 });
      await fs.promises.writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      throw new ServiceUnavailableError(
        'signing_key_unavailable',
        `证照签名密钥无法写入 ${this.deps.keysDir}：${(err as NodeJS.ErrnoException).code ?? String(err)} (cannot write the certificate signing key)`,
      );
    }
    this.privateKeys.set(kid, privateKey);
    this.publicKeys.set(kid, publicKey);
    return {
      kid,
      jwk: { kty: jwk.kty!, crv: jwk.crv!, x: jwk.x! },
      createdAt: this.deps.clock.now().toISOString(),
      retiredAt: null,
      removedAt: null,
    };
  }

  private fileOf(kid: string): string {
    return path.join(this.deps.keysDir, `${kid}.pem`);
  }

  private readPrivate(key: StoredKey): KeyObject {
    const kid = key.kid;
    let privateKey: KeyObject;
    try {
      privateKey = createPrivateKey(fs.readFileSync(this.fileOf(kid), 'utf8'));
    } catch (err) {
      throw new ServiceUnavailableError(
        'signing_key_unavailable',
        `本实例的证照签名密钥文件 ${this.fileOf(kid)} 无法读取（${(err as NodeJS.ErrnoException).code ?? 'invalid'}）：请把密钥目录共享给每个实例，或复制该文件 (this instance cannot read the current certificate signing key; share CERTIFICATE_KEYS_DIR with every instance)`,
      );
    }
    // The file must hold the private half of the key the table names, not another one.
    const jwk = privateKey.asymmetricKeyType === 'ed25519' ? createPublicKey(privateKey).export({ format: 'jwk' }) : null;
    if (jwk?.x !== key.jwk.x) {
      throw new ServiceUnavailableError(
        'signing_key_unavailable',
        `${this.fileOf(kid)} 不是该签名密钥 ${kid} 的 Ed25519 私钥 (the file does not hold the private half of key ${kid})`,
      );
    }
    this.privateKeys.set(kid, privateKey);
    return privateKey;
  }
}

/** The JWKS member of a stored key: its JWK with kid, alg and use. */
export function publicJwkOf(k: StoredKey): PublicJwk {
  return { kty: 'OKP', crv: 'Ed25519', x: k.jwk.x, kid: k.kid, alg: 'EdDSA', use: 'sig' };
}
