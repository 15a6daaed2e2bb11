/**
 * A batch delivery killed in its store transaction (docs/exchange.md; ADR 0031). The service runs
 * as a real child process on a SQLite file (the build test/support/built-server.ts makes). A
 * producer delivers a full snapshot of ROWS rows (version 1), then, EXCHANGE_CRASH_CYCLES times, a
 * full snapshot of the same keys with new values — and the server is SIGKILLed while that delivery's
 * rows go into the database: once the server has the staging file open for reading (the second
 * pass, which runs inside the delivery's transaction; /proc/<pid>/fd and fdinfo say so), after a
 * delay drawn from a seeded generator. After each kill it restarts on the same file, and then the
 * entry's rows are all of one version, the previous delivery's or the new one's, never a mix; a
 * delivery record exists exactly for the versions whose rows are there; PRAGMA integrity_check is
 * ok and the audit chain verifies; the killed delivery's files, aged a day, are removed at the
 * restart. A delivery after the restart is taken whole.
 *
 * EXCHANGE_CRASH_SEED=<seed> repeats the kill delays; EXCHANGE_CRASH_ROWS sets the delivery size.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import {
  compiledServer,
  freePort,
  Json,
  jsonRequest,
  parseJsonReply,
  ServerProcess,
  serverProcesses,
  startServerProcess,
} from '../support/built-server';
import { loadAuditSigningKey } from '../../src/audit-key';
import { createDb } from '../../src/db/knex';
import { withCreditCodeCheckChar } from '../../src/domain/credit-code';
import { verifyChain } from '../../src/modules/audit/audit.chain';

const CYCLES = positiveIntegerFromEnv('EXCHANGE_CRASH_CYCLES', 3);
const ROWS = positiveIntegerFromEnv('EXCHANGE_CRASH_ROWS', 150_000);
const SEED = process.env.EXCHANGE_CRASH_SEED?.trim() ? positiveIntegerFromEnv('EXCHANGE_CRASH_SEED', 1) >>> 0 : randomInt(1, 2 ** 31);
/** How long after the second pass starts the kill lands: well within the transaction of ROWS rows. */
const KILL_DELAY_MS = { min: 0, max: 250 };
const BOOTSTRAP_TOKEN = `exchange-crash-${randomBytes(12).toString('hex')}`;

function positiveIntegerFromEnv(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/** mulberry32, as test/crash/crash-safety.test.ts: reproducible kill moments from a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const ITEMS = [
  { name: '编号', dataType: 'C', length: 20, key: true, queryRole: 'input' },
  { name: '姓名', dataType: 'C', length: 50, required: true, queryRole: 'output' },
  { name: '版本', dataType: 'I', queryRole: 'output' },
  { name: '登记日期', dataType: 'D', queryRole: 'output' },
  { name: '备注', dataType: 'C', length: 200, queryRole: 'output' },
];

/** A full snapshot: the same ROWS keys every time, every row marked with its version. */
function writeDelivery(file: string, version: number): void {
  const lines = [ITEMS.map((i) => i.name).join(',')];
  for (let i = 0; i < ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      `NO${String(i).padStart(8, '0')},测试人员${i % 1000},${version},2024-02-${day},第 ${version} 版交付的第 ${i} 行，崩溃测试用的备注文字`,
    );
  }
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
}

// ---- HTTP ------------------------------------------------------------------------------------------

interface Reply {
  status: number;
  body: Json;
}

function call(port: number, method: string, urlPath: string, token: string, body?: unknown): Promise<Reply> {
  const { headers, payload } = jsonRequest(token, body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: parseJsonReply(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

async function ok(port: number, method: string, urlPath: string, token: string, body?: unknown): Promise<Json> {
  const r = await call(port, method, urlPath, token, body);
  if (r.status !== 200 && r.status !== 201) throw new Error(`${method} ${urlPath} → ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r.body;
}

/** Uploads a delivery file; resolves with the answer, or the error a killed server leaves. */
function upload(port: number, token: string, entryId: string, file: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: `/api/v1/resources/${entryId}/deliveries?kind=full`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': fs.statSync(file).size },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.complete ? resolve({ status: res.statusCode ?? 0, body: parseJsonReply(chunks) }) : reject(new Error('cut short')),
        );
        res.on('error', reject);
        res.on('aborted', () => reject(new Error('aborted')));
      },
    );
    req.on('error', reject);
    fs.createReadStream(file).pipe(req);
  });
}

/** Whether the process has a staging file open for reading: the second pass, inside the transaction. */
function readingStagingFile(pid: number): boolean {
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return false;
  }
  for (const fd of fds) {
    try {
      if (!fs.readlinkSync(`/proc/${pid}/fd/${fd}`).includes('.staging-')) continue;
      const flags = /^flags:\s+([0-7]+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags !== undefined && (parseInt(flags, 8) & 3) === 0) return true;
    } catch {
      // closed meanwhile
    }
  }
  return false;
}

// ---- the run ------------------------------------------------------------------------------------------

let tmp: string;
let main: string;
const summary = {
  seed: SEED,
  rows: ROWS,
  cycles: [] as Array<{ cycle: number; delayMs: number; kept: 'previous' | 'new'; upload: string }>,
};

beforeAll(() => {
  console.log(`exchange-crash: seed ${SEED} (EXCHANGE_CRASH_SEED=${SEED} repeats the kill delays), ${CYCLES} kills, ${ROWS} rows`);
  main = compiledServer().main;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'catalog-exchange-crash-'));
}, 180_000);

afterAll(async () => {
  for (const child of serverProcesses) child.kill('SIGKILL');
  await sleep(50);
  console.log(`exchange-crash summary ${JSON.stringify(summary)}`);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('a batch delivery killed in its transaction (SQLite)', () => {
  it(`leaves the previous rows or the new ones, never a mix, across ${CYCLES} SIGKILLs`, async () => {
    const random = seededRandom(SEED);
    const dataDir = path.join(tmp, 'data');
    const keyFile = path.join(tmp, 'key.pem');
    const sqliteFile = path.join(dataDir, 'catalog.sqlite');
    const port = await freePort();
    const start = (): Promise<ServerProcess> =>
      startServerProcess(
        'the server',
        main,
        port,
        {
          DATA_DIR: dataDir,
          DEMO_DATA: 'false',
          BOOTSTRAP_ADMIN_TOKEN: BOOTSTRAP_TOKEN,
          LOG_LEVEL: 'warn',
          AUDIT_SIGNING_KEY_FILE: keyFile,
          RATE_LIMIT_PER_MINUTE: '1000000',
        },
        ['DATABASE_URL', 'AUDIT_SIGNING_KEY', 'PG_TEST_URL', 'NODE_OPTIONS'],
      );
    let server = await start();

    // The producer and its published entry, through the API.
    const dept = await ok(port, 'POST', '/api/v1/departments', BOOTSTRAP_TOKEN, {
      name: '崩溃测试市数据交付局',
      creditCode: withCreditCodeCheckChar('11350100MB0000098'),
      level: 'municipal',
    });
    const user = await ok(port, 'POST', '/api/v1/users', BOOTSTRAP_TOKEN, {
      name: '交付测试员',
      departmentId: dept.id,
      roles: ['producer'],
    });
    const token = (await ok(port, 'POST', `/api/v1/users/${user.id}/tokens`, BOOTSTRAP_TOKEN, { name: 'crash', expiresInDays: 30 }))
      .token as string;
    const entry = await ok(port, 'POST', '/api/v1/resources', token, {
      name: '崩溃测试交付目录',
      categoryCode: '101',
      summary: '崩溃测试：交付事务进行中进程被强制终止。',
      format: 'database',
      formatDetail: 'SQLite',
      items: ITEMS,
      sharingType: 'conditional',
      sharingConditions: '测试',
      openType: 'not_open',
      updateCycle: 'daily',
      totalDataVolume: { records: ROWS },
      scopeOfUse: '崩溃测试',
      provisionModes: [{ mode: 'batch_exchange', fileFormat: 'csv' }],
    });
    await ok(port, 'POST', `/api/v1/resources/${entry.id}/submit`, token);
    await ok(port, 'POST', `/api/v1/resources/${entry.id}/publish`, BOOTSTRAP_TOKEN);

    const first = path.join(tmp, 'v1.csv');
    writeDelivery(first, 1);
    const delivered = await upload(port, token, entry.id, first);
    expect(delivered.status).toBe(201);
    let current = 1;
    let seq = 1;

    for (let cycle = 1; cycle <= CYCLES; cycle += 1) {
      const version = current + 1;
      const file = path.join(tmp, `v${version}.csv`);
      writeDelivery(file, version);
      const delay = KILL_DELAY_MS.min + Math.floor(random() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min + 1));
      const pending = upload(port, token, entry.id, file).then(
        (r) => `answered ${r.status}`,
        (err: Error) => `failed: ${err.message}`,
      );
      // Wait for the second pass, then kill within it.
      const deadline = Date.now() + 120_000;
      while (!readingStagingFile(server.child.pid!)) {
        if (Date.now() > deadline) throw new Error(`the delivery never reached its second pass:\n${server.output()}`);
        await sleep(2);
      }
      await sleep(delay);
      server.child.kill('SIGKILL');
      const exit = await server.exit;
      expect(exit.signal).toBe('SIGKILL');
      const outcome = await pending;

      // The killed delivery's own files stay behind; a day later the next start removes them, but
      // not a file a delivery in progress elsewhere still uses, nor the deliveries kept by number.
      const folder = path.join(dataDir, 'exchange', entry.id);
      const leftovers = fs.readdirSync(folder).filter((f) => /^\.(incoming|staging)-/.test(f));
      expect(leftovers.length).toBeGreaterThan(0);
      const dayAndMore = new Date(Date.now() - 25 * 3_600_000);
      for (const f of leftovers) fs.utimesSync(path.join(folder, f), dayAndMore, dayAndMore);
      const inUse = `.staging-${randomUUID()}.jsonl`;
      fs.writeFileSync(path.join(folder, inUse), '');
      const kept = fs.readdirSync(folder).filter((f) => /^\d+\.csv$/.test(f));
      fs.utimesSync(path.join(folder, kept[0]), dayAndMore, dayAndMore);

      server = await start();
      expect(fs.readdirSync(folder).sort()).toEqual([...kept, inUse].sort());
      fs.rmSync(path.join(folder, inUse));
      // What the file holds, through a connection of its own.
      const db = createDb({ databaseUrl: null, sqliteFile });
      try {
        const rows: Array<{ values_json: string; deleted: number; changed_seq: number }> = await db('exchange_rows')
          .where({ resource_id: entry.id })
          .select('values_json', 'deleted', 'changed_seq');
        const versions = new Map<number, number>();
        for (const r of rows) {
          const v = Number(JSON.parse(r.values_json)[2]);
          versions.set(v, (versions.get(v) ?? 0) + 1);
        }
        const deliveries: Array<{ seq: number; rows_accepted: number }> = await db('exchange_deliveries')
          .where({ resource_id: entry.id })
          .orderBy('seq')
          .select('seq', 'rows_accepted');
        const events = await db('audit_events').where({ action: 'exchange.delivered', object_id: entry.id }).count('* as n');
        // All of one version: the previous one (the kill landed before the commit) or the new one.
        expect({ cycle, rows: rows.length, versions: [...versions.keys()].length, deleted: rows.filter((r) => r.deleted).length }).toEqual({
          cycle,
          rows: ROWS,
          versions: 1,
          deleted: 0,
        });
        const found = [...versions.keys()][0];
        expect([current, version]).toContain(found);
        // A delivery record and its audit event exactly for the versions whose rows are there.
        const expectedDeliveries = found === version ? seq + 1 : seq;
        expect({ cycle, deliveries: deliveries.length, events: Number(events[0].n) }).toEqual({
          cycle,
          deliveries: expectedDeliveries,
          events: expectedDeliveries,
        });
        expect(new Set(rows.map((r) => r.changed_seq))).toEqual(new Set([expectedDeliveries]));
        expect(await db.raw('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        const { key } = loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: keyFile }, dataDir);
        expect((await verifyChain(db, key)).valid).toBe(true);
        summary.cycles.push({ cycle, delayMs: delay, kept: found === version ? 'new' : 'previous', upload: outcome });
        seq = expectedDeliveries;
        current = found;
      } finally {
        await db.destroy();
      }
    }
    // The kills landed inside the transaction (not after its commit): the previous rows stood.
    expect(summary.cycles.filter((c) => c.kept === 'previous').length).toBeGreaterThan(0);

    // The next delivery is taken whole.
    const last = path.join(tmp, `v${current + 1}.csv`);
    writeDelivery(last, current + 1);
    const after = await upload(port, token, entry.id, last);
    expect(after.status).toBe(201);
    expect(after.body).toMatchObject({ seq: seq + 1, rowsAccepted: ROWS });
    const db = createDb({ databaseUrl: null, sqliteFile });
    try {
      const rows: Array<{ values_json: string }> = await db('exchange_rows').where({ resource_id: entry.id }).select('values_json');
      expect(new Set(rows.map((r) => JSON.parse(r.values_json)[2]))).toEqual(new Set([String(current + 1)]));
    } finally {
      await db.destroy();
    }
    server.child.kill('SIGKILL');
  }, 600_000);
});
