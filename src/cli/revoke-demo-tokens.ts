import path from 'node:path';
import { createServices } from '../app';
import { systemClock } from '../clock';
import { loadConfig } from '../config';
import { createDb } from '../db/knex';
import { demoPasswords, demoTokenSecrets } from '../../seeds/demo-city';

// `npm run demo:revoke-tokens`: revokes every demo token (the secrets README publishes, e.g.
// demo-bureau-token) that still works in the configured database (DATABASE_URL or the SQLite file
// under DATA_DIR), each with a `token.revoked` audit event by the system. Run it before a database
// the demo city was loaded into goes live; a second run finds nothing to revoke and says so. The
// demo users and their data stay; the bureau issues real tokens (POST /api/v1/users/{id}/tokens,
// or BOOTSTRAP_ADMIN_TOKEN for the first administrator).
async function main(): Promise<void> {
  const config = loadConfig();
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile: path.join(config.dataDir, 'catalog.sqlite') });
  try {
    const users = createServices(db, systemClock).users;
    const revoked = await users.revokeTokensAmong(demoTokenSecrets(), 'demo:revoke-tokens');
    // The demo passwords are as public as the tokens (README): cleared too (ADR 0043).
    const cleared = await users.sessions.clearPasswordsAmong(demoPasswords(), 'demo:revoke-tokens');
    process.stdout.write(
      cleared.length === 0
        ? '没有仍然有效的演示密码 (no demo password still works)\n'
        : `已清除 ${cleared.length} 个演示密码：${cleared.join(', ')} (cleared ${cleared.length} demo passwords, each with an audit event)\n`,
    );
    if (revoked.length === 0) {
      process.stdout.write('没有仍然有效的演示令牌，未撤销任何令牌 (no demo token still works; nothing revoked)\n');
    } else {
      for (const t of revoked) process.stdout.write(`已撤销 (revoked) token ${t.id} — ${t.userName}\n`);
      process.stdout.write(
        `已撤销 ${revoked.length} 个演示令牌，每个都记入审计日志 (revoked ${revoked.length} demo tokens, each with an audit event)\n`,
      );
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(2);
});
