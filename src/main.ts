import v8 from 'node:v8';
import path from 'node:path';
import pino from 'pino';
import { createApp, createServices } from './app';
import { systemClock } from './clock';
import { ConfigError, loadConfig } from './config';
import { createDb } from './db/knex';
import { ReadCache } from './db/read-cache';
import { migrateToLatest } from './db/migrate';
import { startChangeFeed } from './db/change-feed';
import { demoTokenSecrets, loadDemoCity } from '../seeds/demo-city';
import { loadAuditSigningKeyFrom } from './audit-key';
import { signHead } from './modules/audit/audit.chain';
import { Contract } from './http/contract';
import { optimizeSqlite, pingDatabase } from './db/health';
import { loadMaskingKey } from './masking-key';
import { checkDataDir, claimPort, StartupError, waitForDatabase } from './startup';
import { knexLogger } from './db/knex-logger';

// A wrong setting stops the start with exit code 2 and one line naming the variable. Logged at
// pino's default level: LOG_LEVEL is one of the settings that may be wrong.
const startLogger = pino();

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError) {
      startLogger.fatal(err.message);
      process.exit(2);
    }
    throw err;
  }
}

async function checked<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (err) {
    return configured(() => {
      throw err;
    });
  }
}

async function main(): Promise<void> {
  const config = configured(() => loadConfig());
  const logger = pino({ level: config.logLevel });
  // The port first: taken, it stops the start before any work; held, it answers 503 starting.
  const listening = await checked(claimPort(config.port, config.host));
  configured(() => checkDataDir(config.dataDir));
  // Read (or made) before the database is touched, so a key file that holds no key stops the start
  // before any migration runs.
  const { key: auditSigningKey, source: keySource } = configured(() => loadAuditSigningKeyFrom(config));
  logger.info({ keyId: auditSigningKey.keyId, source: keySource }, 'audit checkpoint signing key');
  const { key: maskingKey, source: maskingKeySource } = configured(() => loadMaskingKey(config.maskingKeyFile));
  logger.info({ source: maskingKeySource }, 'masking key');
  // V8 lets the old generation grow to up to four times what survived its last full collection
  // before collecting again; under load most of that is request garbage promoted while in flight.
  // Twice is enough (ADR 0022 has the measurements). V8 reads the flag at every collection, so
  // setting it here, before the work starts, takes effect.
  if (config.heapGrowingPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.heapGrowingPercent}`);
  const sqliteFile = path.join(config.dataDir, 'catalog.sqlite');
  const db = createDb({ databaseUrl: config.databaseUrl, sqliteFile, pgWorkMemMb: config.pgWorkMemMb, log: knexLogger(logger) });
  await checked(
    waitForDatabase(
      () => pingDatabase(db),
      config.databaseUrl,
      config.databaseWaitSeconds,
      (reason) =>
        logger.warn({ reason }, `数据库暂不可用，${config.databaseWaitSeconds} 秒内重试 (the database is not reachable yet; retrying)`),
    ),
  );
  await migrateToLatest(db);
  // PostgreSQL: cached reads learn of changes from PostgreSQL's notices (ADR 0021). While the
  // listening connection is down, every request asks, as with CHANGE_FEED=off.
  if (config.databaseUrl && config.changeFeed) {
    const feed = await startChangeFeed(db, {
      onError: (err) => logger.warn({ err: err.message }, 'change feed lost; reading the database on every request until it is back'),
    });
    logger.info({ live: feed?.isLive ?? false }, 'change feed');
  }
  if (config.loadDemoData && (await loadDemoCity(db, systemClock, { certificateKeysDir: config.certificateKeysDir }))) {
    logger.info('loaded the demo city (榕城市) into the empty database; demo tokens are listed in README.md');
  }
  const exchangeDir = path.join(config.dataDir, 'exchange');
  const attachmentsDir = path.join(config.dataDir, 'attachments');
  const services = createServices(db, systemClock, {
    exchangeDir,
    attachmentsDir,
    maxAttachmentBytes: config.maxAttachmentBytes,
    selfServiceTokenDays: config.selfServiceTokenDays,
    forward: config.forward,
    certificateKeysDir: config.certificateKeysDir,
  });
  // The certificate signing key: made on first start, its private half in CERTIFICATE_KEYS_DIR (ADR
  // 0032). An instance that cannot read the current one still starts (it verifies; issuing answers
  // 503 until the file is there), and says so.
  try {
    const { kid } = await services.exchange.certificateKeys.signing();
    logger.info({ kid, folder: config.certificateKeysDir }, 'certificate signing key');
  } catch (err) {
    logger.warn({ folder: config.certificateKeysDir, err: (err as Error).message }, 'certificate signing key unavailable');
  }
  if (config.bootstrapAdminToken) {
    await services.users.ensureBootstrapAdmin(config.bootstrapAdminToken);
  }
  // README publishes the demo tokens, an administrator's among them: say so at every start while
  // any of them still lets someone in.
  const liveDemoTokens = await services.users.liveTokensAmong(demoTokenSecrets());
  if (liveDemoTokens.length > 0) {
    logger.warn(
      { demoTokens: liveDemoTokens.length },
      `README 公开的演示令牌（demo-*-token，demo-bureau-token 为管理员令牌）仍有 ${liveDemoTokens.length} 个有效，任何人都可凭其登录；正式使用前请运行 npm run demo:revoke-tokens 撤销 (${liveDemoTokens.length} of the demo tokens published in README — demo-bureau-token is an administrator's — still let anyone in; run npm run demo:revoke-tokens before going live)`,
    );
  }
  // A year deadlines are counted in without its holiday arrangement: at start, and once a day.
  const checkCalendar = () =>
    services.calendar
      .warnings()
      .then((warnings) => warnings.forEach((w) => logger.warn({ code: w.code, year: w.year }, w.message)))
      .catch((err) => logger.error({ err }, 'calendar check failed'));
  await checkCalendar();
  setInterval(() => void checkCalendar(), 24 * 60 * 60 * 1000).unref();
  // What killed deliveries left in the exchange's folders: at start, and once a day.
  const sweepDeliveries = () =>
    services.exchange.deliveries
      .sweepLeftovers()
      .then((removed) => removed > 0 && logger.info({ removed }, "removed killed deliveries' leftover files"))
      .catch((err) => logger.error({ err }, 'sweeping leftover delivery files failed'));
  await sweepDeliveries();
  setInterval(() => void sweepDeliveries(), 24 * 60 * 60 * 1000).unref();
  // What crashed uploads left in the attachments' folder (a temporary file, a kept file no row names): at start, and once a day.
  const sweepAttachments = () =>
    services.attachments
      .sweepLeftovers()
      .then((removed) => removed > 0 && logger.info({ removed }, "removed crashed uploads' leftover attachment files"))
      .catch((err) => logger.error({ err }, 'sweeping leftover attachment files failed'));
  await sweepAttachments();
  setInterval(() => void sweepAttachments(), 24 * 60 * 60 * 1000).unref();
  // Sessions no cookie can use any more (ended, expired, idle): at start, and every hour.
  const purgeSessions = () =>
    services.users.sessions
      .purgeFinished()
      .then((removed) => removed > 0 && logger.info({ removed }, 'removed finished sessions'))
      .catch((err) => logger.error({ err }, 'removing finished sessions failed'));
  await purgeSessions();
  setInterval(() => void purgeSessions(), 60 * 60 * 1000).unref();
  const contract = new Contract();
  const app = createApp({
    contract,
    auditSigningKey,
    maskingKey,
    exchangeDir,
    attachmentsDir,
    maxAttachmentBytes: config.maxAttachmentBytes,
    maxDeliveryBytes: config.maxDeliveryBytes,
    forward: config.forward,
    certificateKeysDir: config.certificateKeysDir,
    publicRateLimitPerMinute: config.publicRateLimitPerMinute,
    db,
    logger,
    bodyLimit: config.bodyLimit,
    validateResponses: config.validateResponses,
    sharingReplyWorkingDays: config.sharingReplyWorkingDays,
    selfServiceTokenDays: config.selfServiceTokenDays,
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionMaxHours: config.sessionMaxHours,
    sessionCookieSecure: config.sessionCookieSecure,
    acceptanceMaxTrialMonths: config.acceptanceMaxTrialMonths,
    acceptanceDelayMaxMonths: config.acceptanceDelayMaxMonths,
    corsOrigins: config.corsOrigins,
    rateLimitPerMinute: config.rateLimitPerMinute,
    maxInFlight: config.maxInFlight,
    searchTimeoutMs: config.searchTimeoutMs,
    trustProxy: config.trustProxy,
    metricsToken: config.metricsToken,
    readCache: new ReadCache(db, { maxBytes: config.readCacheMegabytes * 1024 * 1024, enabled: config.readCacheMegabytes > 0 }),
  });
  const { server, port } = listening;
  listening.serve(app);
  const where = config.databaseUrl ? 'PostgreSQL' : `SQLite ${sqliteFile}`;
  logger.info(
    { port, host: config.host ?? 'all', database: where },
    `listening on http://localhost:${port} — API docs at http://localhost:${port}/docs`,
  );
  void contract.warmUp();
  // Sign the audit chain's head at intervals (when something was recorded), so truncation is caught.
  const signEvery = config.auditCheckpointMinutes * 60_000;
  const checkpoint = () => signHead(db, auditSigningKey, new Date()).catch((err) => logger.error({ err }, 'audit checkpoint failed'));
  void checkpoint();
  setInterval(checkpoint, signEvery).unref();
  // Probe the producers' endpoints on a schedule: the onboarding checklist reads the outcomes
  // (docs/exchange.md "Probes"). Each instance probes; a probe is cheap and its record is one row.
  if (config.probeHours > 0) {
    const probe = () =>
      services.exchange.queries
        .probeAll()
        .then((n) => logger.info({ probed: n }, "probed producers' endpoints"))
        .catch((err) => logger.error({ err }, 'endpoint probes failed'));
    setTimeout(() => void probe(), 60_000).unref();
    setInterval(() => void probe(), config.probeHours * 3_600_000).unref();
  }
  // Departments' webhooks (docs/notifications.md, ADR 0041): every instance runs the dispatcher;
  // the outbox's claims make each notification go out once however many do.
  const dispatcher = services.notifications.dispatcher;
  let dispatching: NodeJS.Timeout | null = null;
  if (config.webhookPollSeconds > 0) {
    dispatching = setInterval(() => {
      void dispatcher
        .tick()
        ?.then((run) => (run.notified || run.deadlines || run.delivered || run.failed) && logger.info(run, 'webhook notifications'))
        .catch((err) => logger.error({ err }, 'webhook dispatcher failed'));
    }, config.webhookPollSeconds * 1000);
    dispatching.unref();
  }
  // SQLite's advice for long-running processes: refresh the planner's statistics now and then
  // (it re-analyzes only the tables that changed enough).
  if (!config.databaseUrl) {
    setInterval(() => void optimizeSqlite(db).catch((err) => logger.error({ err }, 'PRAGMA optimize failed')), 3_600_000).unref();
  }
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    // Finish the requests in flight and the dispatcher's turn, take no new ones, then close the database.
    if (dispatching) clearInterval(dispatching);
    server.close(() => {
      void dispatcher
        .stop()
        .then(() => db.destroy())
        .then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  startLogger.fatal({ err }, 'start failed');
  process.exit(1);
});
