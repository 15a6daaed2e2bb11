import path from 'node:path';
import { createServices } from '../app';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { createDb } from '../db/knex';

// `npm run certificates:rotate-key [-- "reason"]`: makes a new certificate signing key — its private
// half written to CERTIFICATE_KEYS_DIR (default DATA_DIR/certificate-keys), its public half to the
// configured database — and makes it the one that signs; the keys before it are retired: they sign
// nothing more and keep verifying what they signed (their kids stay in /.well-known/jwks.json).
// Every instance must be able to read the new file (a shared folder, or copy it) before it signs.
//
// `npm run certificates:remove-key -- <kid> "reason"`: removes a key that must no longer verify (a
// compromised one): it leaves the JWKS, and every certificate it signed fails verification
// (unknown_kid). Both are recorded in the audit trail by the system (ADR 0032).
async function main(): Promise<void> {
  const config = loadConfig();
  const [command, ...args] = process.argv.slice(2);
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'catalog.sqlite') });
  try {
    const keys = createServices(db, systemClock, { certificateKeysDir: config.certificateKeysDir }).exchange.certificateKeys;
    if (command === 'rotate') {
      const made = await keys.rotate(args.join(' ').trim() || null);
      process.stdout.write(
        `新的证照签名密钥 (new certificate signing key) kid=${made.kid}\n私钥文件 (private key) ${path.join(config.certificateKeysDir, `${made.kid}.pem`)}\n此前的密钥已停用签名，仍可验证 (the previous keys sign no more and still verify)\n`,
      );
    } else if (command === 'remove' && args[0]) {
      const reason = args.slice(1).join(' ').trim();
      if (!reason) throw new Error('请说明移除原因 (give a reason): certificates:remove-key -- <kid> "reason"');
      const removed = await keys.remove(args[0], reason);
      process.stdout.write(`已移除 (removed) kid=${removed.kid}：该密钥签发的证照不再能通过验证 (its certificates no longer verify)\n`);
    } else {
      throw new Error('用法 (usage): certificate-keys rotate ["reason"] | certificate-keys remove <kid> "reason"');
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(2);
});
