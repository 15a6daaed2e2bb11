import path from 'node:path';
import { loadAuditSigningKeyFrom } from '../audit-key';
import { loadConfig } from '../config';
import { createDb } from '../db/knex';
import { verifyChain } from '../modules/audit/audit.chain';

// `npm run audit:verify`: walks the audit chain of the configured database (DATABASE_URL or the
// SQLite file under DATA_DIR) and its signed checkpoints; prints the report; exits 1 when broken.
async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'catalog.sqlite') });
  try {
    const { key } = loadAuditSigningKeyFrom(config);
    const report = await verifyChain(db, key);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    process.exitCode = report.valid ? 0 : 1;
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(2);
});
