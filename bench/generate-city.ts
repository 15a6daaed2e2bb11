// Builds a whole city at benchmark scale — 300 departments, 2,000 IT projects, N published catalog
// entries with about 15 data items each, 200,000 sharing requests and their grants — in a fresh
// database made by the app's own migrations, so the running service can be benchmarked on it.
//
//   npx ts-node --transpile-only bench/generate-city.ts --entries 100000          # SQLite
//   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test \
//     npx ts-node --transpile-only bench/generate-city.ts --entries 1000000       # PostgreSQL
//
// Options: --entries N (published entries; default 100,000, or 1,000,000 on PostgreSQL),
// --seed S (the same seed builds the same city), --force (replace an existing output).
//
// Output: SQLite → bench/.data/city-<N>/catalog.sqlite (a DATA_DIR: start the server with
// DATA_DIR=bench/.data/city-<N> DEMO_DATA=false); PostgreSQL → the database bench_city_<N> on the
// server of BENCH_DATABASE_URL. Either way a manifest bench/.data/city-<N>-<dialect>.json lists the
// benchmark tokens, ids to request and search terms.
//
// How: the rows are generated here, in this process, and written in a few large transactions —
// multi-row INSERTs on SQLite, COPY on PostgreSQL — with the secondary indexes dropped during the
// load and rebuilt after it, and foreign keys checked once at the end instead of row by row. The
// database is built under a temporary name (city-<N>.building/, bench_city_<N>_building) and moved
// into place only when complete; a failed run leaves that behind, and the next run replaces it.
// Each entry's row — search_name and search_text included — is made from a `Resource` by the same
// functions ResourceStore.save uses, so keyword search sees generated entries exactly as it sees
// entries saved by the app. Data items, the bulk of the rows, are expanded by the database: every
// entry's items are those of its template (subject × record kind × whether it offers a query
// API), so a template table joined with an entry→template table yields all 15 million at once.

import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Knex } from 'knex';
import { createServices } from '../src/app';
import { loadAuditSigningKey } from '../src/audit-key';
import { systemClock } from '../src/clock';
import { createDb, Dialect, dialectOf } from '../src/db/knex';
import { migrateToLatest } from '../src/db/migrate';
import { Actor, Role } from '../src/domain/actor';
import { withCreditCodeCheckChar } from '../src/domain/credit-code';
import { ChecklistConnection, ChecklistEntry, ConnectionMode, ObservedExchange, onboardingChecklist } from '../src/domain/onboarding';
import { beijingYear, formatNumber, NumberSeries } from '../src/domain/form-numbers';
import { formatResourceCode } from '../src/domain/resource-code';
import { requestProblems } from '../src/domain/sharing-rules';
import { normalizeItemName, normalizeSearchText, searchBigrams } from '../src/domain/text';
import { hashToken } from '../src/domain/tokens';
import { classificationOf } from '../src/domain/vocabularies';
import { pathCodesOf } from '../src/domain/category-codes';
import { SEEDED_CATEGORIES } from '../migrations/20261206030000_categories';
import { replyDeadline, shanghaiDate, WorkingDayCalendar } from '../src/domain/working-days';
import { recordAudit } from '../src/modules/audit/audit.store';
import { CalendarStore } from '../src/modules/calendar/calendar.store';
import { DataItem, Resource, ResourceStore, searchTextOf } from '../src/modules/resources/resources.store';
import { rebuildSearchRows, SEARCH_TABLES } from '../src/modules/resources/search-rows.store';
import * as words from './city-words';

type Row = Record<string, unknown>;

// ---------------------------------------------------------------------------------------------
// Sizes and fixed facts
// ---------------------------------------------------------------------------------------------

const DEPARTMENT_COUNT = 300;
const PROJECT_COUNT = 2000;
const REQUEST_COUNT = 200_000;
/** The project whose onboarding checklist a benchmark reads owns exactly this many entries. */
const CHECKLIST_ENTRIES = 200;
const MIN_ENTRIES = 1000;
/** Unpublished entries besides the N published ones, as shares of N (a live catalog has them). */
const EXTRA_STATUS_SHARES = { draft: 0.015, submitted: 0.005, returned: 0.003, withdrawn: 0.007 } as const;
/** Share of entries produced by a project (the rest predate the rule or came from routine work), capped in number. */
const PROJECT_ENTRY_SHARE = 0.3;
const PROJECT_ENTRY_CAP = 120_000;
const MANIFEST_ENTRY_IDS = 1000;
const MANIFEST_REQUESTABLE_IDS = 2000;

const TOKENS = { bureau: 'bench-bureau-token', producer: 'bench-producer-token', consumer: 'bench-consumer-token' } as const;
const SEARCH_TERMS = { twoChar: '户籍', keyword: '户籍人口', filter: 'sharingType=conditional' } as const;

/** SQLite's bound-variable limit (SQLITE_MAX_VARIABLE_NUMBER since 3.32). */
const SQLITE_MAX_VARIABLES = 32766;
/** Rows per PostgreSQL COPY. */
const PG_BATCH_ROWS = 4000;
/** Entries generated, and written, per batch. */
const ENTRY_BATCH = 4000;

const DAY = 86_400_000;
const HOUR = 3_600_000;
const YEAR = 365 * DAY;

// The fields a producer edits (ResourceService's EDITABLE_FIELDS): version 1 lists them all as changed.
const EDITABLE_FIELDS = [
  'name',
  'categoryCode',
  'summary',
  'projectId',
  'format',
  'formatDetail',
  'items',
  'sharingType',
  'sharingConditions',
  'sharingBasis',
  'openType',
  'openConditions',
  'updateCycle',
  'relatedResourceCodes',
  'totalDataVolume',
  'scopeOfUse',
  'provisionModes',
  'video',
];

const STATUSES = ['published', 'draft', 'submitted', 'returned', 'withdrawn'] as const;
const SHARING = ['unconditional', 'conditional', 'not_shared'] as const;
/** Provision modes as bits of a mask, in the order an entry lists them. */
const MODES = ['query_api', 'verification_api', 'batch_exchange', 'certificate', 'other'] as const;
type ModeCode = (typeof MODES)[number];
const bit = (mode: ModeCode) => 1 << MODES.indexOf(mode);

// ---------------------------------------------------------------------------------------------
// Options, progress
// ---------------------------------------------------------------------------------------------

interface Options {
  entries: number;
  seed: number;
  force: boolean;
  pgUrl: string | null;
}

function parseOptions(argv: string[]): Options {
  const pgUrl = process.env.BENCH_DATABASE_URL?.trim() || null;
  const options: Options = { entries: pgUrl ? 1_000_000 : 100_000, seed: 20261122, force: false, pgUrl };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < 0) throw new Error(`${arg} needs a whole number`);
      return v;
    };
    if (arg === '--entries') options.entries = value();
    else if (arg === '--seed') options.seed = value();
    else if (arg === '--force') options.force = true;
    else throw new Error(`unknown option ${arg} (known: --entries N, --seed S, --force)`);
  }
  if (options.entries < MIN_ENTRIES) throw new Error(`--entries must be at least ${MIN_ENTRIES}`);
  // Resource codes number entries within a category with six digits.
  if (options.entries > 5_000_000) throw new Error('--entries above 5,000,000 would overflow the resource codes of a category');
  return options;
}

const started = performance.now();
function log(message: string): void {
  const s = ((performance.now() - started) / 1000).toFixed(1).padStart(7);
  process.stdout.write(`[${s} s] ${message}\n`);
}

async function timed<T>(what: string, work: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const result = await work();
  log(`${what} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Randomness: a small seedable generator (sfc32), so the same seed builds the same city
// ---------------------------------------------------------------------------------------------

class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.u32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A whole number from lo to hi inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** A number from lo to hi. */
  real(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Choices with weights, e.g. [['conditional', 70], ['unconditional', 25]]. */
  weighted<T>(choices: ReadonlyArray<readonly [T, number]>): T {
    let total = 0;
    for (const [, w] of choices) total += w;
    let r = this.next() * total;
    for (const [value, w] of choices) {
      r -= w;
      if (r < 0) return value;
    }
    return choices[choices.length - 1][0];
  }

  /** k distinct items of the list, in their list order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(k, items.length)) chosen.add(this.int(items.length));
    return [...chosen].sort((x, y) => x - y).map((i) => items[i]);
  }

  /** A version-4 UUID, as randomUUID() makes them. */
  uuid(): string {
    const hex = (n: number) => n.toString(16).padStart(8, '0');
    const s = hex(this.u32()) + hex(this.u32()) + hex(this.u32()) + hex(this.u32());
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${'89ab'[this.u32() & 3]}${s.slice(17, 20)}-${s.slice(20, 32)}`;
  }

  personName(): string {
    return this.pick(words.surnames) + this.pick(words.givenNames);
  }
}

/** Picks indices by weight in O(log n), for the many draws of departments and entries. */
class WeightedIndex {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let sum = 0;
    for (let i = 0; i < weights.length; i++) this.cumulative[i] = sum += weights[i];
  }

  pick(rng: Rng): number {
    const r = rng.next() * this.cumulative[this.cumulative.length - 1];
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

const iso = (ms: number) => new Date(ms).toISOString();

// ---------------------------------------------------------------------------------------------
// Writing rows: multi-row INSERTs on SQLite, COPY on PostgreSQL, one batch in flight while the next is built
// ---------------------------------------------------------------------------------------------

// The parts of node-pg this uses for COPY: a "Submittable" query object (client.query(obj) calls
// obj.submit(connection), then obj.handle… for each server message — the interface pg-copy-streams
// and pg-cursor build on) and the connection's COPY data messages.
interface PgConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

class CopyFromStdin {
  private settled = false;

  constructor(
    private readonly text: string,
    private readonly data: string,
    private readonly done: (err: Error | null) => void,
  ) {}

  submit(connection: PgConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: PgConnection): void {
    const bytes = Buffer.from(this.data, 'utf8');
    for (let at = 0; at < bytes.length; at += 1 << 20) connection.sendCopyFromChunk(bytes.subarray(at, at + (1 << 20)));
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(err: Error): void {
    this.settle(err);
  }

  handleReadyForQuery(): void {
    this.settle(null);
  }

  private settle(err: Error | null): void {
    if (this.settled) return;
    this.settled = true;
    this.done(err);
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_SPECIALS = /[\\\t\n\r]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format: \N for NULL, backslash escapes for the separators. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return String(value);
  const text = String(value);
  return COPY_SPECIAL.test(text) ? text.replace(COPY_SPECIALS, (c) => COPY_ESCAPES[c]) : text;
}

// The readable numbers of requests and registrations (RJ-SQ-…, RJ-DJ-…, ADR 0037): counted per series
// and Beijing year as the rows are generated (unique, though not in creation order), and the
// counters stored after them so the service counts on from there.
const formCounters = new Map<string, number>();
function nextFormNumber(series: NumberSeries, createdMs: number): string {
  const year = beijingYear(new Date(createdMs));
  const key = `${series}:${year}`;
  const seq = (formCounters.get(key) ?? 0) + 1;
  formCounters.set(key, seq);
  return formatNumber(series, year, seq);
}
async function writeFormCounters(db: Knex.Transaction): Promise<void> {
  const rows = [...formCounters].map(([key, last]) => ({ series: key.split(':')[0], year: Number(key.split(':')[1]), last_value: last }));
  if (rows.length > 0) await db('form_number_counters').insert(rows).onConflict(['series', 'year']).merge();
}

async function insertRows(db: Knex.Transaction, dialect: Dialect, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const list = columns.join(', ');
  if (dialect === 'postgres') {
    // COPY: several times faster than any INSERT (json_populate_recordset spends ~50 µs a row
    // parsing). Inside a transaction, knex's client hands back the transaction's own connection,
    // on which this queues behind the transaction's earlier statements.
    const client = (await db.client.acquireConnection()) as { query(q: CopyFromStdin): void };
    for (let i = 0; i < rows.length; i += PG_BATCH_ROWS) {
      const data =
        rows
          .slice(i, i + PG_BATCH_ROWS)
          .map((row) => columns.map((c) => copyValue(row[c])).join('\t'))
          .join('\n') + '\n';
      await new Promise<void>((resolve, reject) =>
        client.query(new CopyFromStdin(`COPY ${table} (${list}) FROM STDIN`, data, (err) => (err ? reject(err) : resolve()))),
      );
    }
    return;
  }
  const perStatement = Math.floor(SQLITE_MAX_VARIABLES / columns.length);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const batch = rows.slice(i, i + perStatement);
    const bindings: unknown[] = [];
    // Booleans as 0/1, as SQLite stores them.
    for (const row of batch) for (const c of columns) bindings.push(typeof row[c] === 'boolean' ? Number(row[c]) : (row[c] ?? null));
    await db.raw(`INSERT INTO ${table} (${list}) VALUES ${batch.map(() => tuple).join(', ')}`, bindings as Knex.RawBinding[]);
  }
}

/**
 * Lets pending I/O run. A COPY needs several round trips (query, CopyInResponse, data), each
 * handled on the event loop, so generation that never yields would stall the insert it overlaps.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));
const BREATHE_EVERY = 250;

/** Keeps one insert running while the caller generates the next batch (the database and node overlap). */
class Pipeline {
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly db: Knex.Transaction,
    private readonly dialect: Dialect,
  ) {}

  async write(batches: Array<[string, Row[]]>): Promise<void> {
    await this.flush();
    this.pending = (async () => {
      for (const [table, rows] of batches) await insertRows(this.db, this.dialect, table, rows);
    })().catch((err: unknown) => {
      this.failure = err;
    });
  }

  async flush(): Promise<void> {
    await this.pending;
    if (this.failure) throw this.failure;
  }
}

// ---------------------------------------------------------------------------------------------
// The city: departments and their users
// ---------------------------------------------------------------------------------------------

interface Department {
  index: number;
  id: string;
  name: string;
  creditCode: string;
  level: 'municipal' | 'county' | 'township';
  isBureau: boolean;
  sector: words.Sector;
  /** The district or county it belongs to; null for municipal departments. */
  district: string | null;
  /** How many entries it registers relative to others. */
  weight: number;
  /** Its clerk: the user who registers its entries and answers its requests. */
  clerkId: string;
}

interface User {
  id: string;
  name: string;
  departmentId: string;
  roles: Role[];
  token: string | null;
}

function planDepartments(rng: Rng): Department[] {
  const specs: Array<Omit<Department, 'index' | 'id' | 'creditCode' | 'clerkId'> & { division: number }> = [];
  for (const sector of words.sectors) {
    specs.push({
      name: `${words.CITY}${sector.municipal}`,
      level: 'municipal',
      isBureau: sector.key === 'bureau',
      sector,
      district: null,
      weight: 12 * sector.weight,
      division: words.CITY_DIVISION,
    });
  }
  words.districts.forEach((d, i) => {
    for (const sector of words.sectors) {
      if (sector.district)
        specs.push({
          name: `${d.name}${sector.district}`,
          level: 'county',
          isBureau: false,
          sector,
          district: d.name,
          weight: 3 * sector.weight,
          division: words.CITY_DIVISION + i + 1,
        });
    }
  });
  // Townships and sub-districts fill the rest, spread over the districts.
  for (let n = 0; specs.length < DEPARTMENT_COUNT; n++) {
    const di = n % words.districts.length;
    const d = words.districts[di];
    const place = words.townshipNames[Math.floor(n / words.districts.length) % words.townshipNames.length];
    const name = d.kind === 'district' ? `${d.name}${place}街道办事处` : `${d.name}${place}镇人民政府`;
    specs.push({
      name,
      level: 'township',
      isBureau: false,
      sector: words.townshipSector,
      district: d.name,
      weight: words.townshipSector.weight * 2,
      division: words.CITY_DIVISION + di + 1,
    });
  }
  if (specs.length !== DEPARTMENT_COUNT) throw new Error(`planned ${specs.length} departments, not ${DEPARTMENT_COUNT}`);
  return specs.map(({ division, ...spec }, index) => ({
    ...spec,
    index,
    id: rng.uuid(),
    // 11: a government body; the administrative division; an organisation code (the 9 characters
    // of the old 组织机构代码, here MB + a serial); the check character of GB 32100.
    creditCode: withCreditCodeCheckChar(`11${division}MB${String(1000000 + index * 37).slice(-7)}`),
    clerkId: rng.uuid(),
  }));
}

// ---------------------------------------------------------------------------------------------
// Projects and their lifecycle
// ---------------------------------------------------------------------------------------------

type Stage = 'approved' | 'under_construction' | 'completed' | 'preliminary_accepted' | 'trial_run' | 'accepted' | 'rectification';
type StepAction = 'start_construction' | 'complete' | 'pass_preliminary' | 'start_trial_run' | 'accept' | 'fail_acceptance';

interface Project {
  index: number;
  id: string;
  code: string;
  name: string;
  department: Department;
  content: string;
  budgetFen: number;
  stage: Stage;
  createdAt: number;
  steps: Array<{ action: StepAction; from: Stage; to: Stage; at: number }>;
  /** When entries may start naming it (construction started); null while only approved. */
  producesFrom: number | null;
  delay: { reason: string; newDate: string; reportedAt: number } | null;
  rectification: { of: 'preliminary' | 'final'; findings: string } | null;
}

const STAGE_MIX: ReadonlyArray<readonly [Stage, number]> = [
  ['approved', 12],
  ['under_construction', 22],
  ['completed', 12],
  ['preliminary_accepted', 6],
  ['trial_run', 10],
  ['accepted', 34],
  ['rectification', 4],
];

/**
 * A project's steps, ending at its stage: the last step's age is drawn for the stage (a trial run
 * began 1–250 days ago …), and the earlier steps go back from it with typical gaps.
 */
function projectTimeline(rng: Rng, stage: Stage, now: number): Pick<Project, 'createdAt' | 'steps' | 'rectification'> {
  const path: StepAction[] = [];
  let rectification: Project['rectification'] = null;
  const reach = (until: StepAction) => {
    const order: StepAction[] = ['start_construction', 'complete', 'pass_preliminary', 'start_trial_run', 'accept'];
    path.push(...order.slice(0, order.indexOf(until) + 1));
  };
  let lastAgo = rng.between(1, 300) * DAY;
  switch (stage) {
    case 'approved':
      break;
    case 'under_construction':
      reach('start_construction');
      lastAgo = rng.between(1, 500) * DAY;
      break;
    case 'completed':
      reach('complete');
      lastAgo = rng.between(1, 320) * DAY;
      break;
    case 'preliminary_accepted':
      reach('pass_preliminary');
      lastAgo = rng.between(1, 60) * DAY;
      break;
    case 'trial_run':
      reach('start_trial_run');
      lastAgo = rng.between(1, 250) * DAY;
      break;
    case 'accepted':
      reach('accept');
      lastAgo = rng.between(5, 1000) * DAY;
      break;
    case 'rectification': {
      const final = rng.chance(0.5);
      reach(final ? 'start_trial_run' : 'complete');
      path.push('fail_acceptance');
      rectification = final
        ? {
            of: 'final',
            findings: rng.pick([
              '平台接入核验未通过：信息查询接口未通过健康探测',
              '试运行期间数据更新不及时，未达到目录登记的更新周期',
              '共享申请答复超期，须整改后重新申请验收',
            ]),
          }
        : {
            of: 'preliminary',
            findings: rng.pick(['部分信息资源未在目录中登记', '系统安全等级保护测评未完成', '初验材料不齐全，缺少数据资源清单']),
          };
      lastAgo = rng.between(1, 90) * DAY;
      break;
    }
  }
  const gap: Record<StepAction, () => number> = {
    start_construction: () => rng.between(20, 120) * DAY,
    complete: () => rng.between(120, 540) * DAY,
    pass_preliminary: () => rng.between(10, 60) * DAY,
    start_trial_run: () => rng.between(5, 30) * DAY,
    // Final acceptance no earlier than three months into the trial run (Sanming art. 17).
    accept: () => rng.between(95, 200) * DAY,
    fail_acceptance: () => rng.between(95, 150) * DAY,
  };
  // Go back from the last step; each step's time is the next one's minus its own gap.
  const times: number[] = new Array(path.length);
  let t = now - lastAgo - rng.int(8 * HOUR);
  for (let i = path.length - 1; i >= 0; i--) {
    times[i] = t;
    t -= gap[path[i]]();
  }
  const createdAt = path.length > 0 ? t : now - lastAgo;
  const steps: Project['steps'] = [];
  let from: Stage = 'approved';
  path.forEach((action, i) => {
    const to: Stage =
      action === 'fail_acceptance'
        ? 'rectification'
        : (
            {
              start_construction: 'under_construction',
              complete: 'completed',
              pass_preliminary: 'preliminary_accepted',
              start_trial_run: 'trial_run',
              accept: 'accepted',
            } as const
          )[action];
    steps.push({ action, from, to, at: times[i] });
    from = to;
  });
  return { createdAt, steps, rectification };
}

function planProjects(rng: Rng, departments: Department[], checklistOwner: Department, now: number): Project[] {
  const byWeight = new WeightedIndex(departments.map((d) => d.weight));
  const codes = new Set<string>();
  const projects: Project[] = [];
  for (let index = 0; index < PROJECT_COUNT; index++) {
    // The first project is the one whose onboarding checklist the benchmark reads: in its trial
    // run for a hundred days, so only the checklist (not the time rule) holds back its acceptance.
    const checklist = index === 0;
    const department = checklist ? checklistOwner : departments[byWeight.pick(rng)];
    const stage: Stage = checklist ? 'trial_run' : rng.weighted(STAGE_MIX);
    const timeline = checklist
      ? {
          createdAt: now - 900 * DAY,
          rectification: null,
          steps: [
            { action: 'start_construction' as const, from: 'approved' as const, to: 'under_construction' as const, at: now - 820 * DAY },
            { action: 'complete' as const, from: 'under_construction' as const, to: 'completed' as const, at: now - 200 * DAY },
            { action: 'pass_preliminary' as const, from: 'completed' as const, to: 'preliminary_accepted' as const, at: now - 150 * DAY },
            { action: 'start_trial_run' as const, from: 'preliminary_accepted' as const, to: 'trial_run' as const, at: now - 100 * DAY },
          ],
        }
      : projectTimeline(rng, stage, now);
    const subject = rng.pick(department.sector.subjects).name;
    const year = new Date(timeline.createdAt).getUTCFullYear();
    const area = department.district ? words.districts.find((d) => d.name === department.district)!.code : 'LJ';
    let code: string;
    do code = `${area}-${year}-${department.sector.code}-${String(rng.between(1, 999)).padStart(3, '0')}`;
    while (codes.has(code));
    codes.add(code);
    const shortName = department.name.replace(words.CITY, '');
    const completed = timeline.steps.find((s) => s.action === 'complete');
    // Completed more than six months ago and not accepted: overdue (Xiuwu art. 20–21), unless a delay was reported.
    const overdue = completed && stage !== 'accepted' && now - completed.at > 183 * DAY;
    const delay =
      overdue && rng.chance(0.4)
        ? {
            reason: rng.pick(['试运行期间发现性能问题，正在优化', '等待上级部门接口联调', '受资金拨付进度影响']),
            newDate: shanghaiDate(new Date(now + rng.between(20, 150) * DAY)),
            reportedAt: now - rng.between(1, 30) * DAY,
          }
        : null;
    projects.push({
      index,
      id: rng.uuid(),
      code,
      name: checklist ? `${shortName}${subject}综合管理平台建设项目` : `${shortName}${subject}${rng.pick(words.projectKinds)}`,
      department,
      content: `建设${subject}相关业务系统，汇聚${department.name}${subject}数据，在目录中登记其产生的信息资源，并通过市数据共享交换平台向全市政务部门提供查询、核验和批量交换服务。`,
      budgetFen: rng.between(30, 2000) * 10_000 * 100 + rng.between(0, 99) * 100,
      stage,
      createdAt: timeline.createdAt,
      steps: timeline.steps,
      producesFrom: timeline.steps[0]?.at ?? null,
      delay,
      rectification: timeline.rectification,
    });
  }
  return projects;
}

// ---------------------------------------------------------------------------------------------
// Templates: what an entry is about and which items it lists
// ---------------------------------------------------------------------------------------------

interface Template {
  index: number;
  sector: words.Sector;
  subject: words.Subject;
  kind: string;
  isVideo: boolean;
  /** Items as the entry lists them without, and with, a query API (which marks inputs and outputs). */
  items: [DataItem[], DataItem[]];
}

const MAX_ITEMS = 20;

function buildTemplates(): { templates: Template[]; bySector: Map<string, Template[]> } {
  const templates: Template[] = [];
  const bySector = new Map<string, Template[]>();
  for (const sector of [...words.sectors, words.townshipSector]) {
    const list: Template[] = [];
    for (const subject of sector.subjects) {
      for (const kind of subject.kinds) {
        const own = [...subject.items];
        const names = () => [...new Set([...subject.ids, ...own, ...words.recordKinds[kind], ...words.trailingItems])];
        while (names().length > MAX_ITEMS) own.pop();
        const item = (name: string, role: 'input' | 'output' | null): DataItem => {
          const facts = words.itemFacts(name);
          // Shaped as ResourceStore reads an item back, so a version snapshot matches the API.
          return {
            name,
            dataType: facts.dataType,
            length: facts.length,
            description: facts.description,
            sensitive: facts.desensitizationRule !== null,
            desensitizationRule: facts.desensitizationRule,
            queryRole: role,
            masking: null,
            key: false,
            required: false,
          };
        };
        const all = names();
        const template: Template = {
          index: templates.length,
          sector,
          subject,
          kind,
          isVideo: words.VIDEO_SUBJECT.test(subject.name),
          items: [all.map((n) => item(n, null)), all.map((n) => item(n, subject.ids.includes(n) ? 'input' : 'output'))],
        };
        templates.push(template);
        list.push(template);
      }
    }
    bySector.set(sector.key, list);
  }
  return { templates, bySector };
}

/** An entry's items: template × (with a query API or not). */
const variantOf = (template: number, modes: number) => template * 2 + ((modes & bit('query_api')) !== 0 ? 1 : 0);

// ---------------------------------------------------------------------------------------------
// Entries: a compact table of what later phases need, then full rows made batch by batch
// ---------------------------------------------------------------------------------------------

interface EntryTable {
  count: number;
  published: number;
  ids: string[];
  department: Uint16Array;
  template: Uint16Array;
  status: Uint8Array;
  sharing: Uint8Array;
  modes: Uint8Array;
  category: Uint16Array;
  /** Index of its project, or -1. */
  project: Int16Array;
  /** When it was published (published, withdrawn) or last handled (draft, submitted, returned). */
  when: Float64Array;
  /** Published entries later edited with a change reason (version 2). */
  edited: Uint8Array;
  /** Sequence number of its resource code within its category; 0 for none. */
  codeSeq: Int32Array;
  /** Seed of everything else about it, so a batch can be rebuilt without holding all rows. */
  seed: Uint32Array;
}

function pickModes(rng: Rng, template: Template): number {
  let mask = 0;
  if (template.kind === '电子证照') mask |= bit('certificate');
  if (template.isVideo) return bit('other') | (rng.chance(0.5) ? bit('query_api') : 0);
  if (rng.chance(0.55)) mask |= bit('query_api');
  if (rng.chance(0.15) && /公民身份号码|统一社会信用代码/.test(template.subject.ids[0])) mask |= bit('verification_api');
  if (rng.chance(0.5)) mask |= bit('batch_exchange');
  if (rng.chance(0.03)) mask |= bit('other');
  return mask === 0 ? bit('batch_exchange') : mask;
}

function planEntries(
  rng: Rng,
  published: number,
  departments: Department[],
  projects: Project[],
  bySector: Map<string, Template[]>,
  checklist: Project,
  now: number,
): EntryTable {
  const extra = Object.fromEntries(Object.entries(EXTRA_STATUS_SHARES).map(([k, share]) => [k, Math.round(published * share)])) as Record<
    keyof typeof EXTRA_STATUS_SHARES,
    number
  >;
  // Published entries count N; withdrawn ones were published too but are not among the N.
  const count = published + extra.draft + extra.submitted + extra.returned + extra.withdrawn;
  const t: EntryTable = {
    count,
    published,
    ids: new Array<string>(count),
    department: new Uint16Array(count),
    template: new Uint16Array(count),
    status: new Uint8Array(count),
    sharing: new Uint8Array(count),
    modes: new Uint8Array(count),
    category: new Uint16Array(count),
    project: new Int16Array(count).fill(-1),
    when: new Float64Array(count),
    edited: new Uint8Array(count),
    codeSeq: new Int32Array(count),
    seed: new Uint32Array(count),
  };
  const statusOf = (i: number): number => {
    let k = i - published;
    if (k < 0) return 0;
    for (const [status, n] of [
      ['draft', extra.draft],
      ['submitted', extra.submitted],
      ['returned', extra.returned],
      ['withdrawn', extra.withdrawn],
    ] as const) {
      if (k < n) return STATUSES.indexOf(status);
      k -= n;
    }
    throw new Error('unreachable');
  };
  // A department's projects that produce entries, by when they started (an entry names a project already under way).
  const projectsOf = new Map<number, Project[]>();
  for (const p of projects) {
    if (p === checklist || p.producesFrom === null) continue;
    const list = projectsOf.get(p.department.index) ?? [];
    list.push(p);
    projectsOf.set(p.department.index, list);
  }
  for (const list of projectsOf.values()) list.sort((a, b) => a.producesFrom! - b.producesFrom!);
  const projectShare = Math.min(PROJECT_ENTRY_SHARE, PROJECT_ENTRY_CAP / published);
  const byWeight = new WeightedIndex(departments.map((d) => d.weight));
  const checklistFrom = checklist.steps[0].at;
  const checklistUntil = checklist.steps[checklist.steps.length - 1].at;
  const span = 5 * YEAR;

  for (let i = 0; i < count; i++) {
    t.ids[i] = rng.uuid();
    t.seed[i] = rng.u32();
    const status = statusOf(i);
    t.status[i] = status;
    // The first CHECKLIST_ENTRIES published entries are the checklist project's, made during its construction.
    const ofChecklist = i < CHECKLIST_ENTRIES;
    const department = ofChecklist ? checklist.department : departments[byWeight.pick(rng)];
    t.department[i] = department.index;
    const templates = bySector.get(department.sector.key)!;
    const template = rng.pick(templates);
    t.template[i] = template.index;
    const cats = department.sector.categories;
    const category = rng.chance(0.55) ? cats[0] : rng.pick(cats);
    t.category[i] = Number(category);
    let sharing = rng.weighted([
      [1, 70],
      [0, 25],
      [2, 5],
    ] as const);
    // Base resources (1xx) are shared universally (Guangyuan art. 18).
    if (sharing === 2 && classificationOf(category) === 'base') sharing = 1;
    t.sharing[i] = sharing;
    t.modes[i] = pickModes(rng, template);
    const when = ofChecklist
      ? rng.real(checklistFrom + 30 * DAY, checklistUntil - DAY)
      : STATUSES[status] === 'published' || STATUSES[status] === 'withdrawn'
        ? now - rng.real(2 * DAY, span)
        : now - rng.real(HOUR, 120 * DAY);
    t.when[i] = when;
    t.edited[i] = STATUSES[status] === 'published' && rng.chance(0.08) ? 1 : 0;
    if (ofChecklist) {
      t.project[i] = checklist.index;
    } else if (rng.chance(projectShare)) {
      const list = projectsOf.get(department.index) ?? [];
      // Projects that had started 30 days before the entry: the first `n` of the sorted list.
      let n = 0;
      while (n < list.length && list[n].producesFrom! <= when - 30 * DAY) n++;
      if (n > 0) t.project[i] = list[rng.int(n)].index;
    }
  }

  // Resource codes: within each category, in the order entries were first published.
  const coded: number[] = [];
  for (let i = 0; i < count; i++) if (t.status[i] === 0 || t.status[i] === 4) coded.push(i);
  coded.sort((a, b) => t.when[a] - t.when[b]);
  const next = new Map<number, number>();
  for (const i of coded) {
    const seq = (next.get(t.category[i]) ?? 0) + 1;
    next.set(t.category[i], seq);
    t.codeSeq[i] = seq;
  }
  return t;
}

interface BuildContext {
  departments: Department[];
  projects: Project[];
  templates: Template[];
  entries: EntryTable;
  bureau: User;
  now: number;
}

interface BuiltEntry {
  resource: Resource;
  row: Row;
  versions: Row[];
  modes: Row[];
}

/** The resources row for an entry, column for column as ResourceStore.save writes it (its private toRow). */
function resourceRow(r: Resource, createdBy: string, rowVersion: number): Row {
  return {
    id: r.id,
    code: r.code,
    status: r.status,
    version: r.version,
    name: r.name,
    category_code: r.categoryCode,
    classification: r.classification,
    department_id: r.departmentId,
    project_id: r.projectId,
    summary: r.summary,
    format: r.format,
    format_detail: r.formatDetail,
    sharing_type: r.sharingType,
    sharing_conditions: r.sharingConditions,
    sharing_basis: r.sharingBasis,
    open_type: r.openType,
    open_conditions: r.openConditions,
    update_cycle: r.updateCycle,
    related_codes_json: JSON.stringify(r.relatedResourceCodes),
    total_records: r.totalDataVolume.records ?? null,
    total_bytes: r.totalDataVolume.bytes ?? null,
    scope_of_use: r.scopeOfUse,
    provision_modes_json: JSON.stringify(r.provisionModes),
    video_json: r.video ? JSON.stringify(r.video) : null,
    duplicate_candidates_json: JSON.stringify(r.duplicateCandidates),
    item_count: r.items.length,
    return_reason: r.returnReason,
    withdraw_reason: r.withdrawReason,
    // Exactly what keyword search reads, made by the store's own functions.
    search_name: normalizeSearchText(r.name),
    search_text: searchTextOf(r),
    created_by: createdBy,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
    submitted_at: r.submittedAt,
    published_at: r.publishedAt,
    withdrawn_at: r.withdrawnAt,
    row_version: rowVersion,
  };
}

function provisionModesOf(rng: Rng, mask: number, template: Template, department: Department, cycle: string): Resource['provisionModes'] {
  const subject = template.subject;
  const modes: Resource['provisionModes'] = [];
  for (const mode of MODES) {
    if (!(mask & bit(mode))) continue;
    switch (mode) {
      case 'query_api':
        modes.push({ mode, description: `按${subject.ids.join('、')}查询${subject.name}${template.kind}，返回脱敏后的结果。` });
        break;
      case 'verification_api':
        modes.push({ mode, description: `核验${subject.ids.join('与')}是否一致，返回“一致/不一致”。` });
        break;
      case 'batch_exchange':
        modes.push(
          rng.chance(0.6)
            ? {
                mode,
                fileFormat: rng.pick(['csv', 'xlsx', 'json', 'xml']),
                description: `通过共享交换平台${words.updatePhrases[cycle].replace('更新', '')}增量交换。`,
              }
            : { mode, fileFormat: rng.pick(['csv', 'xlsx', 'json']) },
        );
        break;
      case 'certificate':
        modes.push({ mode, certificateName: `${subject.name}电子证照`, issuingAuthority: department.name });
        break;
      case 'other':
        modes.push({
          mode,
          description: template.isVideo ? '按 GB/T 28181 接入市视频共享平台调阅' : '通过政务外网专线以数据库视图方式提供。',
        });
        break;
    }
  }
  return modes;
}

/** Everything about entry i, rebuilt from its seed: the entry as the API shows it, its row and versions. */
function buildEntry(ctx: BuildContext, i: number): BuiltEntry {
  const t = ctx.entries;
  const rng = new Rng(t.seed[i]);
  const department = ctx.departments[t.department[i]];
  const template = ctx.templates[t.template[i]];
  const project = t.project[i] >= 0 ? ctx.projects[t.project[i]] : null;
  const status = STATUSES[t.status[i]];
  const modeMask = t.modes[i];
  const items = template.items[(modeMask & bit('query_api')) !== 0 ? 1 : 0];
  const categoryCode = String(t.category[i]);
  const subject = template.subject;
  const sharingType = SHARING[t.sharing[i]];
  const when = t.when[i];

  const prefix = rng.weighted([
    ['', 70],
    [department.district ?? words.CITY, 22],
    [`${new Date(when).getUTCFullYear() - rng.between(0, 2)}年`, 8],
  ] as const);
  const name = `${prefix}${subject.name}${template.kind}`;
  const updateCycle =
    template.kind === '监测数据'
      ? rng.pick(['realtime', 'daily'] as const)
      : template.kind === '统计数据'
        ? rng.pick(['monthly', 'quarterly', 'yearly'] as const)
        : rng.weighted([
            ['realtime', 8],
            ['daily', 30],
            ['weekly', 8],
            ['monthly', 18],
            ['quarterly', 8],
            ['half_yearly', 4],
            ['yearly', 10],
            ['irregular', 14],
          ] as const);
  const format = template.isVideo
    ? 'streaming_media'
    : template.kind === '电子证照'
      ? 'electronic_file'
      : template.kind === '统计数据'
        ? rng.pick(['spreadsheet', 'database'] as const)
        : rng.weighted([
            ['database', 50],
            ['service_interface', 18],
            ['spreadsheet', 12],
            ['self_describing', 10],
            ['electronic_file', 5],
            ['image', 2],
            ['other', 3],
          ] as const);
  const listed = items
    .slice(0, 4)
    .map((it) => it.name)
    .join('、');
  const summary =
    `${department.name}${rng.pick(words.sourceSystems)}中的${subject.name}${template.kind}，包括${listed}等${items.length}项信息，${words.updatePhrases[updateCycle]}，` +
    `${rng.pick(['是全市该类数据的权威来源', '覆盖本辖区全部登记对象', '按国家标准规范采集', '已完成数据清洗和标准化'])}。`;
  const openType = rng.weighted([
    ['not_open', 70],
    ['conditional_open', 20],
    ['open', 10],
  ] as const);
  const records = Math.round(10 ** rng.real(3, 7.2));
  const video: Resource['video'] = template.isVideo
    ? {
        cameraPoints: Array.from({ length: rng.between(3, 12) }, (_, k) => ({
          code: `${words.CITY_DIVISION}${String(rng.between(0, 99999999)).padStart(8, '0')}${String(k + 1).padStart(4, '0')}`.slice(0, 20),
          name: `${rng.pick(words.townshipNames)}路与${rng.pick(words.townshipNames)}路交叉口`,
          location: `${department.district ?? words.CITY}${rng.pick(words.townshipNames)}路${rng.between(1, 400)}号附近`,
          longitude: Math.round(rng.real(118.9, 119.6) * 1e6) / 1e6,
          latitude: Math.round(rng.real(25.8, 26.3) * 1e6) / 1e6,
        })),
        sharingScope: '全市公安、交通、城管、应急部门按职责调阅',
      }
    : null;

  // `when` is the entry's last step: publication, submission, return, or a draft's last edit.
  const submittedAt = status === 'draft' ? null : status === 'submitted' ? when : when - rng.real(HOUR, 5 * DAY);
  const createdAt = (submittedAt ?? when) - rng.real(HOUR, 55 * DAY);
  const isPublic = status === 'published' || status === 'withdrawn';
  const publishedAt = isPublic ? when : null;
  const editedAt = t.edited[i] ? when + rng.real(DAY, Math.max(2 * DAY, ctx.now - when - HOUR)) : null;
  const withdrawnAt = status === 'withdrawn' ? when + rng.real(HOUR, Math.max(2 * HOUR, ctx.now - when - HOUR)) : null;
  const updatedAt = withdrawnAt ?? editedAt ?? when;
  const finalRecords = editedAt ? Math.round(records * rng.real(1.02, 1.4)) : records;
  const bytesPerRecord = rng.between(200, 4000);

  const resource: Resource = {
    id: t.ids[i],
    code: t.codeSeq[i] > 0 ? formatResourceCode(categoryCode, t.codeSeq[i]) : null,
    status,
    version: status === 'withdrawn' || editedAt ? 2 : isPublic ? 1 : 0,
    name,
    classification: classificationOf(categoryCode),
    categoryCode,
    categoryPath: pathCodesOf(categoryCode).map((c) => SEEDED_CATEGORIES.find((s) => s.code === c)?.name ?? c),
    departmentId: department.id,
    departmentName: department.name,
    projectId: project?.id ?? null,
    projectName: project?.name ?? null,
    summary,
    format,
    formatDetail: rng.pick(words.formatDetails[format]),
    items,
    sharingType,
    sharingConditions: sharingType === 'conditional' ? rng.pick(words.sharingConditions) : null,
    sharingBasis: sharingType === 'not_shared' ? rng.pick(words.notSharedBases) : null,
    openType,
    openConditions: openType === 'conditional_open' ? rng.pick(words.openConditions) : null,
    updateCycle,
    relatedResourceCodes: [],
    totalDataVolume: { records: finalRecords, bytes: finalRecords * bytesPerRecord },
    scopeOfUse: rng.pick(words.scopesOfUse),
    provisionModes: provisionModesOf(rng, modeMask, template, department, updateCycle),
    video,
    duplicateCandidates: [],
    returnReason:
      status === 'returned'
        ? rng.pick(['摘要过于简略，请说明数据来源和覆盖范围', '敏感信息项的脱敏规则不明确', '提供方式与数据格式不一致，请核实'])
        : null,
    withdrawReason:
      status === 'withdrawn' ? rng.pick(['源系统已停用，数据不再更新', '与市级同类目录重复，统一由市级部门提供', '业务职能调整']) : null,
    createdAt: iso(createdAt),
    updatedAt: iso(updatedAt),
    submittedAt: submittedAt === null ? null : iso(submittedAt),
    publishedAt: publishedAt === null ? null : iso(publishedAt),
    withdrawnAt: withdrawnAt === null ? null : iso(withdrawnAt),
  };

  // Row versions as the write path leaves them: created (1), then one per save — submit, publish or
  // return, an edit, a withdrawal (migration 20261122010000_row_versions).
  const rowVersion =
    1 +
    (status === 'draft' ? 0 : 1) +
    (status === 'published' || status === 'withdrawn' || status === 'returned' ? 1 : 0) +
    (editedAt ? 1 : 0) +
    (withdrawnAt ? 1 : 0);
  const clerk = department.clerkId;
  const versions: Row[] = [];
  if (isPublic) {
    const first: Resource = {
      ...resource,
      status: 'published',
      version: 1,
      updatedAt: iso(when),
      totalDataVolume: { records, bytes: records * bytesPerRecord },
      withdrawReason: null,
      withdrawnAt: null,
    };
    versions.push(versionRow(first, 'published', EDITABLE_FIELDS, null, ctx.bureau.id, when));
    if (editedAt) versions.push(versionRow(resource, 'updated', ['totalDataVolume'], '数据总量随业务增长更新', clerk, editedAt));
    if (withdrawnAt) versions.push(versionRow(resource, 'withdrawn', ['status'], resource.withdrawReason, clerk, withdrawnAt));
  }
  return {
    resource,
    row: resourceRow(resource, clerk, rowVersion),
    versions,
    modes: resource.provisionModes.map((m) => ({ resource_id: resource.id, mode: m.mode })),
  };
}

function versionRow(
  snapshot: Resource,
  action: 'published' | 'updated' | 'withdrawn',
  changed: string[],
  reason: string | null,
  by: string,
  at: number,
): Row {
  return {
    resource_id: snapshot.id,
    version: snapshot.version,
    action,
    changed_fields_json: JSON.stringify(changed),
    reason,
    snapshot_json: JSON.stringify(snapshot),
    created_by: by,
    created_at: iso(at),
  };
}

// ---------------------------------------------------------------------------------------------
// The output database
// ---------------------------------------------------------------------------------------------

interface Target {
  dialect: Dialect;
  db: Knex;
  /** Where the manifest says the database is. */
  location: { sqliteDataDir: string } | { databaseUrl: string };
  /** Where to make the audit checkpoint signing key (see main). */
  keyFile: string;
  /** The environment a server on this city starts with (paths relative to the project root). */
  serverEnv: Record<string, string>;
  manifestPath: string;
  /** Moves the finished database into place (it is built under a temporary name). */
  finish(): Promise<void>;
  /** The database's size in bytes, once finished. */
  size(): Promise<number>;
}

const ROOT = path.resolve(__dirname, '..');
const DATA = path.join(ROOT, 'bench', '.data');

async function openTarget(options: Options): Promise<Target> {
  fs.mkdirSync(DATA, { recursive: true });
  const n = options.entries;
  if (!options.pgUrl) {
    const finalDir = path.join(DATA, `city-${n}`);
    const buildDir = path.join(DATA, `city-${n}.building`);
    const manifestPath = path.join(DATA, `city-${n}-sqlite.json`);
    if (fs.existsSync(finalDir) && !options.force) throw new Error(`${path.relative(ROOT, finalDir)} exists: pass --force to replace it`);
    fs.rmSync(buildDir, { recursive: true, force: true });
    const db = createDb({ databaseUrl: null, sqliteFile: path.join(buildDir, 'catalog.sqlite') });
    return {
      dialect: 'sqlite',
      db,
      location: { sqliteDataDir: path.relative(ROOT, finalDir) },
      // The server's default place for the key, inside the data folder: it moves with the database.
      keyFile: path.join(buildDir, 'audit-signing-key.pem'),
      serverEnv: { DATA_DIR: path.relative(ROOT, finalDir), DEMO_DATA: 'false' },
      manifestPath,
      async finish() {
        await db.destroy();
        fs.rmSync(finalDir, { recursive: true, force: true });
        fs.renameSync(buildDir, finalDir);
      },
      async size() {
        return fs.statSync(path.join(finalDir, 'catalog.sqlite')).size;
      },
    };
  }
  const name = `bench_city_${n}`;
  const building = `${name}_building`;
  const urlOf = (database: string) => {
    const url = new URL(options.pgUrl!);
    url.pathname = `/${database}`;
    return url.toString();
  };
  const admin = createDb({ databaseUrl: options.pgUrl, poolMax: 1 });
  const exists = async (database: string) => Boolean(await admin('pg_database').where({ datname: database }).first('datname'));
  if ((await exists(name)) && !options.force) {
    await admin.destroy();
    throw new Error(`database ${name} exists: pass --force to replace it`);
  }
  await admin.raw(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
  await admin.raw(`CREATE DATABASE ${building}`);
  const db = createDb({ databaseUrl: urlOf(building), poolMax: 2 });
  const keyFile = path.join(DATA, `city-${n}-postgres-audit-signing-key.pem`);
  return {
    dialect: 'postgres',
    db,
    location: { databaseUrl: urlOf(name) },
    keyFile,
    serverEnv: { DATABASE_URL: urlOf(name), AUDIT_SIGNING_KEY_FILE: path.relative(ROOT, keyFile), DEMO_DATA: 'false' },
    manifestPath: path.join(DATA, `city-${n}-postgres.json`),
    async finish() {
      await db.destroy();
      // WITH (FORCE): a server left running on the old database would otherwise block the swap.
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.raw(`ALTER DATABASE ${building} RENAME TO ${name}`);
    },
    async size() {
      const row = await admin.raw('SELECT pg_database_size(?) AS size', [name]);
      await admin.destroy();
      return Number(row.rows[0].size);
    },
  };
}

/** Session settings for a bulk load, inside one of its transactions. */
async function tuneForLoad(trx: Knex.Transaction, dialect: Dialect, superuser: boolean): Promise<void> {
  if (dialect !== 'postgres') return;
  await trx.raw('SET LOCAL synchronous_commit = off');
  await trx.raw("SET LOCAL work_mem = '256MB'");
  await trx.raw("SET LOCAL maintenance_work_mem = '1GB'");
  // Foreign keys are checked by triggers, one queued event per row: 15 million of them for the
  // items. A superuser may skip them for the load; they are verified afterwards instead.
  if (superuser) await trx.raw('SET LOCAL session_replication_role = replica');
}

const LOADED_TABLES = [
  'resources',
  'resource_items',
  'resource_provision_modes',
  'resource_versions',
  'sharing_requests',
  'grants',
  'onboarding_connections',
];

/** Drops the secondary indexes of the bulk-loaded tables (keys and unique constraints stay); returns how to recreate them. */
async function dropSecondaryIndexes(db: Knex, dialect: Dialect): Promise<Array<{ name: string; sql: string }>> {
  let indexes: Array<{ name: string; sql: string }>;
  if (dialect === 'postgres') {
    const result = await db.raw(
      `SELECT i.indexname AS name, i.indexdef AS sql FROM pg_indexes i
       WHERE i.schemaname = current_schema() AND i.tablename = ANY(?)
         AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)`,
      [LOADED_TABLES],
    );
    indexes = result.rows;
  } else {
    indexes = await db('sqlite_master')
      .where({ type: 'index' })
      .whereNotNull('sql')
      .whereIn('tbl_name', LOADED_TABLES)
      .select('name', 'sql');
  }
  for (const index of indexes) await db.raw(`DROP INDEX ${index.name}`);
  return indexes;
}

// ---------------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------------

interface Bench {
  bureau: User;
  producer: User;
  consumer: User;
}

function planUsers(
  rng: Rng,
  departments: Department[],
  producerDept: Department,
  consumerDept: Department,
): { users: User[]; bench: Bench } {
  // Each department's clerk; the bureau's is the bureau administrator and the checklist project's
  // department's the benchmark producer. The benchmark consumer is a second user of its department.
  const users: User[] = departments.map((d) => ({
    id: d.clerkId,
    name: rng.personName(),
    departmentId: d.id,
    roles: d.isBureau ? ['bureau'] : ['producer', 'consumer'],
    token: d.isBureau ? TOKENS.bureau : d === producerDept ? TOKENS.producer : null,
  }));
  const consumer: User = {
    id: rng.uuid(),
    name: rng.personName(),
    departmentId: consumerDept.id,
    roles: ['consumer'],
    token: TOKENS.consumer,
  };
  users.push(consumer);
  return {
    users,
    bench: { bureau: users.find((u) => u.token === TOKENS.bureau)!, producer: users.find((u) => u.token === TOKENS.producer)!, consumer },
  };
}

async function writeOrganisation(
  trx: Knex.Transaction,
  dialect: Dialect,
  rng: Rng,
  departments: Department[],
  users: User[],
  projects: Project[],
  now: number,
): Promise<void> {
  const since = now - 6 * YEAR;
  await insertRows(
    trx,
    dialect,
    'departments',
    departments.map((d) => ({
      id: d.id,
      name: d.name,
      credit_code: d.creditCode,
      level: d.level,
      is_bureau: d.isBureau,
      created_at: iso(since + d.index * HOUR),
      updated_at: iso(since + d.index * HOUR),
      row_version: 1,
    })),
  );
  await insertRows(
    trx,
    dialect,
    'users',
    users.map((u, k) => ({
      id: u.id,
      name: u.name,
      department_id: u.departmentId,
      roles_json: JSON.stringify(u.roles),
      active: true,
      created_at: iso(since + DAY + k * HOUR),
      updated_at: iso(since + DAY + k * HOUR),
      row_version: 1,
    })),
  );
  // Only hashes are stored (src/domain/tokens.ts). The benchmark tokens never expire, like the demo
  // city's; the clerks' own tokens are random secrets nobody knows, issued for 90 days as the API does.
  await insertRows(
    trx,
    dialect,
    'api_tokens',
    users.map((u) => {
      const issued = now - rng.between(1, 200) * DAY;
      return {
        id: rng.uuid(),
        user_id: u.id,
        name: u.token ? 'benchmark' : '经办令牌',
        token_hash: hashToken(u.token ?? `dgc_${rng.uuid()}${rng.uuid()}`),
        created_at: iso(u.token ? now - DAY : issued),
        expires_at: u.token ? null : iso(issued + 90 * DAY),
        revoked_at: null,
      };
    }),
  );
  const bureauUser = users.find((u) => u.roles.includes('bureau'))!;
  await insertRows(
    trx,
    dialect,
    'projects',
    projects.map((p) => {
      const at = (a: StepAction) => p.steps.find((s) => s.action === a)?.at ?? null;
      const stamp = (a: StepAction) => (at(a) === null ? null : iso(at(a)!));
      const last = Math.max(p.createdAt, ...p.steps.map((s) => s.at), p.delay?.reportedAt ?? 0);
      return {
        id: p.id,
        code: p.code,
        name: p.name,
        owner_department_id: p.department.id,
        content: p.content,
        approved_budget_fen: p.budgetFen,
        created_at: iso(p.createdAt),
        updated_at: iso(last),
        stage: p.stage,
        construction_started_at: stamp('start_construction'),
        completed_at: stamp('complete'),
        preliminary_accepted_at: stamp('pass_preliminary'),
        trial_started_at: stamp('start_trial_run'),
        accepted_at: stamp('accept'),
        rectification_of: p.rectification?.of ?? null,
        rectification_findings: p.rectification?.findings ?? null,
        acceptance_delay_reason: p.delay?.reason ?? null,
        acceptance_delay_new_date: p.delay?.newDate ?? null,
        acceptance_delay_reported_at: p.delay ? iso(p.delay.reportedAt) : null,
        no_request_declaration: null,
        no_request_declared_at: null,
        // Created (1), then one per step and per delay report (ProjectStore.update).
        row_version: 1 + p.steps.length + (p.delay ? 1 : 0),
      };
    }),
  );
  await insertRows(
    trx,
    dialect,
    'project_stage_events',
    projects.flatMap((p) =>
      p.steps.map((s) => ({
        project_id: p.id,
        action: s.action,
        from_stage: s.from,
        to_stage: s.to,
        actor_id:
          s.action === 'pass_preliminary' || s.action === 'accept' || s.action === 'fail_acceptance' ? bureauUser.id : p.department.clerkId,
        at: iso(s.at),
        note: s.action === 'fail_acceptance' ? (p.rectification?.findings ?? null) : null,
      })),
    ),
  );
}

/** Writes every entry: rows, versions, provision modes, then items and the search index in SQL. */
async function writeEntries(
  trx: Knex.Transaction,
  dialect: Dialect,
  ctx: BuildContext,
): Promise<{ items: number; versions: number; modes: number }> {
  const t = ctx.entries;
  // Temporary tables, on the transaction's connection: which variant each entry has, and the variants' items.
  const onCommit = dialect === 'postgres' ? ' ON COMMIT DROP' : '';
  await trx.raw(`CREATE TEMP TABLE bench_entry_variants (resource_id VARCHAR(36) NOT NULL, variant INTEGER NOT NULL)${onCommit}`);
  await trx.raw(`CREATE TEMP TABLE bench_item_variants (variant INTEGER NOT NULL, position INTEGER NOT NULL, name VARCHAR(100) NOT NULL, normalized_name VARCHAR(100) NOT NULL,
    data_type VARCHAR(1) NOT NULL, length INTEGER, description TEXT, sensitive BOOLEAN NOT NULL, desensitization_rule TEXT, query_role VARCHAR(10), PRIMARY KEY (variant, position))${onCommit}`);
  // The items of every template variant, made as ResourceStore.save makes an entry's item rows.
  const variants: Row[] = [];
  for (const template of ctx.templates) {
    template.items.forEach((items, withQuery) =>
      items.forEach((item, position) =>
        variants.push({
          variant: template.index * 2 + withQuery,
          position,
          name: item.name,
          normalized_name: normalizeItemName(item.name),
          data_type: item.dataType,
          length: item.length ?? null,
          description: item.description ?? null,
          sensitive: item.sensitive ?? false,
          desensitization_rule: item.desensitizationRule ?? null,
          query_role: item.queryRole ?? null,
        }),
      ),
    );
  }
  await insertRows(trx, dialect, 'bench_item_variants', variants);

  // Written in id order, so every primary key grows at its end instead of splitting pages at random.
  const order = Array.from({ length: t.count }, (_, i) => i).sort((a, b) => (t.ids[a] < t.ids[b] ? -1 : 1));
  const pipeline = new Pipeline(trx, dialect);
  let versions = 0;
  let modes = 0;
  for (let start = 0; start < order.length; start += ENTRY_BATCH) {
    const rows: Row[] = [];
    const versionRows: Row[] = [];
    const modeRows: Row[] = [];
    const variantRows: Row[] = [];
    for (const [k, i] of order.slice(start, start + ENTRY_BATCH).entries()) {
      if (k % BREATHE_EVERY === 0) await breathe();
      const built = buildEntry(ctx, i);
      rows.push(built.row);
      // SQLite's index of two-character keywords, as ResourceStore.save fills it (PostgreSQL's is an
      // expression index over search_text, rebuilt with the others).
      versionRows.push(...built.versions);
      modeRows.push(...built.modes);
      variantRows.push({ resource_id: t.ids[i], variant: variantOf(t.template[i], t.modes[i]) });
    }
    versions += versionRows.length;
    modes += modeRows.length;
    await pipeline.write([
      ['resources', rows],
      ['resource_versions', versionRows],
      ['resource_provision_modes', modeRows],
      ['bench_entry_variants', variantRows],
    ]);
    const done = Math.min(start + ENTRY_BATCH, order.length);
    if (done % (ENTRY_BATCH * 25) === 0 || done === order.length)
      log(`  entries ${done.toLocaleString('en-US')} / ${order.length.toLocaleString('en-US')}`);
  }
  await pipeline.flush();

  const itemColumns =
    'resource_id, position, name, normalized_name, data_type, length, description, sensitive, desensitization_rule, query_role';
  const inserted = await timed('  data items expanded from the templates', () =>
    trx.raw(
      `INSERT INTO resource_items (${itemColumns})
     SELECT m.resource_id, t.position, t.name, t.normalized_name, t.data_type, t.length, t.description, t.sensitive, t.desensitization_rule, t.query_role
     FROM bench_entry_variants m JOIN bench_item_variants t ON t.variant = m.variant`,
    ),
  );
  const items = dialect === 'postgres' ? Number(inserted.rowCount) : Number((await trx('resource_items').count('* as n').first())!.n);
  if (dialect === 'sqlite') {
    // SQLite's FTS tables, each entry under its search number in the order of its last save, as
    // ResourceStore.save writes them (src/modules/resources/search-rows.store.ts).
    await timed('  FTS5 search indexes filled', () => rebuildSearchRows(trx));
    await trx.raw('DROP TABLE bench_entry_variants');
    await trx.raw('DROP TABLE bench_item_variants');
  }
  // Each category's sequence continues after the codes handed out, so the next publication gets a fresh one.
  const last = new Map<number, number>();
  for (let i = 0; i < t.count; i++) if (t.codeSeq[i] > (last.get(t.category[i]) ?? 0)) last.set(t.category[i], t.codeSeq[i]);
  await insertRows(
    trx,
    dialect,
    'resource_code_sequences',
    [...last].map(([category, value]) => ({ category_code: String(category), last_value: value })),
  );
  return { items, versions, modes };
}

interface RequestStats {
  requests: number;
  grants: number;
  byStatus: Record<string, number>;
}

type RequestOutcome =
  | 'draft'
  | 'cancelled_draft'
  | 'pending'
  | 'cancelled_pending'
  | 'approved'
  | 'rejected'
  | 'escalated'
  | 'rejection_upheld'
  | 'bureau_granted';
const CONDITIONAL_OUTCOMES: ReadonlyArray<readonly [RequestOutcome, number]> = [
  ['draft', 4],
  ['cancelled_draft', 2],
  ['pending', 8],
  ['cancelled_pending', 2],
  ['approved', 62],
  ['rejected', 14],
  ['escalated', 3],
  ['rejection_upheld', 3],
  ['bureau_granted', 2],
];

/** Sharing requests in every state, answered on the working-day calendar, and the grants they gave. */
async function writeRequests(
  trx: Knex.Transaction,
  dialect: Dialect,
  rng: Rng,
  ctx: BuildContext,
  calendar: WorkingDayCalendar,
  bench: Bench,
): Promise<RequestStats> {
  const t = ctx.entries;
  const departments = ctx.departments;
  const eligible: number[] = [];
  for (let i = 0; i < t.count; i++) if (t.status[i] === 0 && t.sharing[i] !== 2) eligible.push(i);
  // A few entries (population, enterprises, real estate …) draw a large share of the requests.
  const hot = rng.sample(eligible, Math.max(20, Math.round(eligible.length * 0.005)));
  const checklistEntries = eligible.filter((i) => t.project[i] === 0);
  // The bureau's only user has no consumer role, so it files none.
  const consumers = new WeightedIndex(departments.map((d) => (d.isBureau ? 0 : d.weight)));
  const stats: RequestStats = { requests: 0, grants: 0, byStatus: {} };
  const pipeline = new Pipeline(trx, dialect);
  const batch = 5000;
  for (let start = 0; start < REQUEST_COUNT; start += batch) {
    const requestRows: Row[] = [];
    const grantRows: Row[] = [];
    for (let k = start; k < Math.min(start + batch, REQUEST_COUNT); k++) {
      if (k % BREATHE_EVERY === 0) await breathe();
      // The checklist project's entries get a few requests, so its sharing-forms item holds.
      const i = k < 30 && checklistEntries.length > 0 ? rng.pick(checklistEntries) : rng.chance(0.4) ? rng.pick(hot) : rng.pick(eligible);
      const producer = departments[t.department[i]];
      let consumer = departments[consumers.pick(rng)];
      while (consumer === producer) consumer = departments[consumers.pick(rng)];
      const template = ctx.templates[t.template[i]];
      const entryItems = template.items[(t.modes[i] & bit('query_api')) !== 0 ? 1 : 0];
      const offered = MODES.filter((m) => t.modes[i] & bit(m));
      const mode = offered.includes('query_api') && rng.chance(0.7) ? 'query_api' : rng.pick(offered);
      const inputs = entryItems.filter((it) => it.queryRole === 'input');
      const outputs = entryItems.filter((it) => it.queryRole !== 'input');
      const chosen =
        mode === 'query_api'
          ? [...rng.sample(inputs, rng.between(1, inputs.length)), ...rng.sample(outputs, rng.between(2, Math.min(6, outputs.length)))]
          : rng.sample(entryItems, rng.between(3, Math.min(10, entryItems.length)));
      const items = chosen.map((it) => ({ name: it.name, queryRole: it.queryRole ?? null }));
      const outcome: RequestOutcome =
        SHARING[t.sharing[i]] === 'unconditional'
          ? rng.weighted([
              ['draft', 4],
              ['cancelled_draft', 2],
              ['approved', 94],
            ] as const)
          : rng.weighted(CONDITIONAL_OUTCOMES);
      // Submitted within the last two years; those still awaiting an answer mostly within the ten
      // working days (about two weeks) they have, a quarter or so past them.
      const recent = outcome === 'pending' || outcome === 'cancelled_pending' || outcome === 'draft';
      const submitted = Math.max(
        t.when[i] + HOUR,
        ctx.now - (recent ? rng.real(HOUR, 21 * DAY) * rng.real(0.5, 1) : rng.real(2 * DAY, 2 * YEAR)),
      );
      const created = submitted - rng.real(10 * 60_000, 3 * DAY);
      const periodStart = shanghaiDate(new Date(submitted));
      const years = rng.pick([1, 1, 2, 3]);
      const periodEnd = `${Number(periodStart.slice(0, 4)) + years}${periodStart.slice(4)}`.replace(/-02-29$/, '-02-28');
      const isSubmitted = outcome !== 'draft' && outcome !== 'cancelled_draft';
      const byRule = isSubmitted && SHARING[t.sharing[i]] === 'unconditional';
      const due = isSubmitted && !byRule ? replyDeadline(new Date(submitted), 10, calendar) : null;
      // Most answers come within the ten working days, some late.
      const answered =
        due && outcome !== 'pending' && outcome !== 'cancelled_pending'
          ? Math.min(submitted + (due.dueAt.getTime() - submitted) * rng.real(0.1, 1.3), ctx.now - rng.real(60_000, HOUR))
          : byRule
            ? submitted
            : null;
      const escalated =
        answered !== null && ['escalated', 'rejection_upheld', 'bureau_granted'].includes(outcome)
          ? Math.min(answered + rng.real(HOUR, 10 * DAY), ctx.now - 60_000)
          : null;
      const decided =
        escalated !== null && outcome !== 'escalated' ? Math.min(escalated + rng.real(HOUR, 15 * DAY), ctx.now - 30_000) : null;
      const cancelledAfter = outcome === 'cancelled_draft' ? created : outcome === 'cancelled_pending' ? submitted : null;
      const cancelled =
        cancelledAfter === null
          ? null
          : Math.max(cancelledAfter + 1000, Math.min(cancelledAfter + rng.real(HOUR, 3 * DAY), ctx.now - 60_000));
      const status = (
        {
          draft: 'draft',
          cancelled_draft: 'cancelled',
          pending: 'pending',
          cancelled_pending: 'cancelled',
          approved: 'approved',
          rejected: 'rejected',
          escalated: 'escalated',
          rejection_upheld: 'rejection_upheld',
          bureau_granted: 'approved',
        } as const
      )[outcome];
      const producerDecided = outcome === 'approved' && !byRule;
      const narrowed = producerDecided && rng.chance(0.15) && items.length > 3;
      const approvedItems = narrowed ? items.filter((it, n) => it.queryRole === 'input' || n % 2 === 0) : items;
      const approvedEnd =
        producerDecided && rng.chance(0.2)
          ? `${Number(periodStart.slice(0, 4)) + 1}${periodStart.slice(4)}`.replace(/-02-29$/, '-02-28')
          : periodEnd;
      const requestId = rng.uuid();
      const purpose = `${rng.pick(words.purposes)}（${template.subject.name}）`;
      const scope = `${consumer.name}${rng.pick(['相关业务科室', '政务服务窗口', '执法人员', '数据分析人员'])}`;
      let grantId: string | null = null;
      if (status === 'approved') {
        grantId = rng.uuid();
        const grantedAt = decided ?? answered!;
        const revoked = rng.chance(0.03) ? Math.min(grantedAt + rng.real(DAY, 200 * DAY), ctx.now - 60_000) : null;
        grantRows.push({
          id: grantId,
          request_id: requestId,
          status: revoked ? 'revoked' : 'active',
          resource_id: t.ids[i],
          producer_department_id: producer.id,
          consumer_department_id: consumer.id,
          provision_mode: mode,
          items_json: JSON.stringify(producerDecided ? approvedItems : items),
          purpose,
          scope_of_use: scope,
          valid_from: periodStart,
          valid_until: producerDecided ? approvedEnd : periodEnd,
          granted_by: byRule ? 'rule' : outcome === 'bureau_granted' ? 'bureau' : 'producer',
          revoked_at: revoked ? iso(revoked) : null,
          revoked_by: revoked ? producer.clerkId : null,
          revoke_reason: revoked ? rng.pick(['使用部门超出申请用途使用数据', '使用部门职能调整，不再需要该数据']) : null,
          suspended_at: null,
          created_at: iso(grantedAt),
          updated_at: iso(revoked ?? grantedAt),
        });
        stats.grants += 1;
      }
      const last = Math.max(created, submitted * Number(isSubmitted), answered ?? 0, escalated ?? 0, decided ?? 0, cancelled ?? 0);
      // Created (1), then one per action: submit, answer, escalate, decide, cancel (SharingStore.updateRequest).
      const rowVersion =
        1 +
        Number(isSubmitted) +
        Number(answered !== null && !byRule) +
        Number(escalated !== null) +
        Number(decided !== null) +
        Number(cancelled !== null);
      const rejected = ['rejected', 'escalated', 'rejection_upheld', 'bureau_granted'].includes(outcome);
      requestRows.push({
        id: requestId,
        number: nextFormNumber('SQ', created),
        status,
        resource_id: t.ids[i],
        producer_department_id: producer.id,
        consumer_department_id: consumer.id,
        requested_by: consumer.id === bench.consumer.departmentId && rng.chance(0.5) ? bench.consumer.id : consumer.clerkId,
        provision_mode: mode,
        items_json: JSON.stringify(items),
        purpose,
        basis: rng.pick(words.requestBases),
        scope_of_use: scope,
        period_start: periodStart,
        period_end: periodEnd,
        submitted_at: isSubmitted ? iso(submitted) : null,
        due_date: due?.dueDate ?? null,
        due_at: due ? due.dueAt.toISOString() : null,
        answered_at: answered !== null ? iso(answered) : null,
        answered_by: answered !== null && !byRule ? producer.clerkId : null,
        decision: byRule ? 'granted_by_rule' : producerDecided ? 'approved' : rejected ? 'rejected' : null,
        reject_reason: rejected ? rng.pick(words.rejectReasons) : null,
        approval_comment: producerDecided && rng.chance(0.3) ? '同意共享，请严格按申请用途使用' : null,
        approved_items_json: producerDecided ? JSON.stringify(approvedItems) : null,
        approved_period_start: producerDecided ? periodStart : null,
        approved_period_end: producerDecided ? approvedEnd : null,
        escalated_at: escalated !== null ? iso(escalated) : null,
        escalation_reason: escalated !== null ? '该信息为履行法定职责所必需，请大数据管理局协调' : null,
        bureau_decision: decided !== null ? (outcome === 'bureau_granted' ? 'grant' : 'uphold') : null,
        bureau_reason: decided !== null ? (outcome === 'bureau_granted' ? '申请用途符合法定职责，应予共享' : '提供部门拒绝理由成立') : null,
        bureau_decided_at: decided !== null ? iso(decided) : null,
        bureau_decided_by: decided !== null ? ctx.bureau.id : null,
        grant_id: grantId,
        created_at: iso(created),
        updated_at: iso(last),
        row_version: rowVersion,
      });
      stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    }
    stats.requests += requestRows.length;
    await pipeline.write([
      ['sharing_requests', requestRows],
      ['grants', grantRows],
    ]);
  }
  await pipeline.flush();
  return stats;
}

/**
 * Onboarding evidence of the projects that reached their trial run: connections declared and
 * confirmed (some not, some stale), the bureau's verifications of accepted projects, and their
 * achievement registrations. The checklist project's is left realistically incomplete.
 */
async function writeOnboarding(
  trx: Knex.Transaction,
  dialect: Dialect,
  rng: Rng,
  ctx: BuildContext,
): Promise<{ connections: number; verifications: number; registrations: number }> {
  const t = ctx.entries;
  const byProject = new Map<number, number[]>();
  for (let i = 0; i < t.count; i++) {
    if (t.project[i] < 0 || t.status[i] !== 0) continue;
    const list = byProject.get(t.project[i]) ?? [];
    list.push(i);
    byProject.set(t.project[i], list);
  }
  const connections: Row[] = [];
  const deliveries: Row[] = [];
  const verifications: Row[] = [];
  const registrations: Row[] = [];
  const bureau = ctx.bureau;
  const freshness: Record<string, number> = {
    realtime: 1,
    daily: 2,
    weekly: 8,
    monthly: 32,
    quarterly: 93,
    half_yearly: 184,
    yearly: 367,
    irregular: 365,
  };
  for (const project of ctx.projects) {
    if (!['trial_run', 'accepted', 'rectification'].includes(project.stage)) continue;
    const entries = byProject.get(project.index) ?? [];
    const accepted = project.steps.find((s) => s.action === 'accept')?.at ?? null;
    const trial = project.steps.find((s) => s.action === 'start_trial_run')?.at ?? project.steps[project.steps.length - 1].at;
    // Before acceptance every mode was connected; a project still in its trial run is part way there.
    const share = accepted ? 1 : project.index === 0 ? 0.85 : rng.real(0.4, 1);
    const checklistEntries: ChecklistEntry[] = [];
    const checklistConnections: ChecklistConnection[] = [];
    const checklistObserved: ObservedExchange[] = [];
    const lastDelivery = new Map<string, number>();
    const evaluatedAt = accepted ? accepted - rng.real(DAY, 10 * DAY) : ctx.now;
    for (const i of entries) {
      const built = buildEntry(ctx, i);
      const r = built.resource;
      const modes: ConnectionMode[] = [...r.provisionModes.map((m) => m.mode), ...(r.video ? ['video_centre' as const] : [])];
      checklistEntries.push({
        id: r.id,
        name: r.name,
        status: r.status,
        updateCycle: r.updateCycle,
        provisionModes: r.provisionModes.map((m) => m.mode),
        isVideo: r.video !== null,
        endpointModes: [],
        metadataGaps: [],
      });
      for (const mode of modes) {
        if (!rng.chance(share)) continue;
        const confirmed = accepted !== null || rng.chance(0.9);
        // A delivery within the update cycle, some (while in trial run) gone stale since.
        const window = freshness[r.updateCycle ?? 'irregular'] * DAY;
        const reference = evaluatedAt - (accepted || rng.chance(0.93) ? rng.real(HOUR, window * 0.8) : rng.real(window * 1.2, window * 3));
        const occurred = Math.max(reference, trial);
        if (mode === 'batch_exchange' || mode === 'query_api' || mode === 'verification_api' || mode === 'certificate') {
          // What the exchange observes: a delivery (the generated entries serve their APIs from
          // delivered data); a certificate's evidence is the checklist's only (no certificate rows).
          if (mode === 'certificate') {
            checklistObserved.push({ resourceId: r.id, kind: 'certificate', mode, at: iso(occurred) });
            continue;
          }
          const last = lastDelivery.get(r.id) ?? 0;
          if (occurred > last) lastDelivery.set(r.id, occurred);
          checklistObserved.push({ resourceId: r.id, kind: 'delivery', mode: 'batch_exchange', at: iso(occurred) });
          continue;
        }
        const declared = Math.min(occurred + rng.real(HOUR, DAY), ctx.now - 2 * HOUR);
        const row = {
          id: rng.uuid(),
          resource_id: r.id,
          mode,
          reference: mode === 'video_centre' ? `视频平台目录 SP-${rng.between(1000, 9999)}` : `前置机 QZ-${rng.between(1000, 9999)}`,
          evidence: words.connectionEvidence[mode],
          occurred_at: null,
          declared_by: project.department.clerkId,
          declared_at: iso(declared),
          confirmed_by: confirmed ? bureau.id : null,
          confirmed_at: confirmed ? iso(Math.min(declared + rng.real(HOUR, 3 * DAY), ctx.now - HOUR)) : null,
        };
        connections.push(row);
        checklistConnections.push({ resourceId: r.id, mode, confirmed, occurredAt: row.occurred_at });
      }
    }
    for (const [resourceId, at] of lastDelivery) {
      const rows = rng.between(1000, 500000);
      deliveries.push({
        id: rng.uuid(),
        resource_id: resourceId,
        seq: 1,
        kind: 'full',
        format: 'csv',
        encoding: 'utf-8',
        on_rejected: 'refuse',
        bytes: rows * rng.between(80, 240),
        sha256: rng.uuid().replace(/-/g, '') + rng.uuid().replace(/-/g, ''),
        rows_received: rows,
        rows_accepted: rows,
        rows_rejected: 0,
        rows_deleted: 0,
        rejections_json: '[]',
        file_name: null,
        delivered_by: project.department.clerkId,
        delivered_at: iso(at),
        idempotency_key: null,
      });
    }
    if (accepted !== null && entries.length > 0) {
      // The verification the gate required: the checklist as it held then, computed by the domain's own rules.
      const checklist = onboardingChecklist({
        entries: checklistEntries,
        connections: checklistConnections,
        observed: checklistObserved,
        sharingOnFile: true,
        noRequestDeclaration: null,
        now: new Date(evaluatedAt),
      });
      verifications.push({
        id: rng.uuid(),
        project_id: project.id,
        snapshot_json: JSON.stringify(checklist.items),
        verified_by: bureau.id,
        verified_at: iso(evaluatedAt),
      });
    }
    if (accepted !== null && rng.chance(0.8)) {
      const filed = Math.min(accepted + rng.real(DAY, 25 * DAY), ctx.now - HOUR);
      const received = rng.chance(0.6) ? Math.min(filed + rng.real(HOUR, 10 * DAY), ctx.now - 60_000) : null;
      registrations.push({
        project_id: project.id,
        number: nextFormNumber('DJ', filed),
        outcomes: `${project.name}已建成并通过竣工验收，形成${entries.length}个信息资源。`,
        acceptance_materials: '竣工验收报告、第三方测评报告、平台接入核验记录',
        sharing_request_forms: entries.length > 0 ? `数据共享应用（需求）表 ${rng.between(1, 30)} 份` : '无共享申请。',
        scope_and_desensitization: '按目录登记的使用范围共享，敏感信息项按脱敏规则处理',
        total_data_volume: `${entries.length} 个信息资源`,
        data_format: '数据库、服务接口',
        shared: entries.length > 0,
        handler: rng.personName(),
        registered_on: shanghaiDate(new Date(filed)),
        registered_by: project.department.clerkId,
        registered_at: iso(filed),
        receipt_notes: received ? '材料齐全，已接收' : null,
        receiving_department_id: received ? ctx.departments.find((d) => d.isBureau)!.id : null,
        receiver: received ? rng.personName() : null,
        received_on: received ? shanghaiDate(new Date(received)) : null,
        received_by: received ? bureau.id : null,
        received_at: received ? iso(received) : null,
      });
    }
  }
  await insertRows(trx, dialect, 'onboarding_connections', connections);
  await insertRows(trx, dialect, 'exchange_deliveries', deliveries);
  await insertRows(trx, dialect, 'onboarding_verifications', verifications);
  await insertRows(trx, dialect, 'project_registrations', registrations);
  await writeFormCounters(trx);
  return { connections: connections.length, verifications: verifications.length, registrations: registrations.length };
}

/**
 * Rebuilds the dropped indexes. PostgreSQL builds them on two connections at once: the GIN indexes
 * (trigram, character pairs), which take minutes at a million entries, go to alternate lanes first,
 * then each B-tree to the lane with less work queued.
 */
async function rebuildIndexes(db: Knex, dialect: Dialect, indexes: Array<{ name: string; sql: string }>): Promise<void> {
  const run = async (list: Array<{ name: string; sql: string }>) => {
    for (const index of list) {
      await timed(`  index ${index.name}`, () =>
        db.transaction(async (trx) => {
          if (dialect === 'postgres') await trx.raw("SET LOCAL maintenance_work_mem = '1GB'");
          await trx.raw(index.sql);
        }),
      );
    }
  };
  if (dialect !== 'postgres') return run(indexes);
  const cost = (i: { sql: string }) => (/using gin/i.test(i.sql) ? 20 : 1);
  const lanes: Array<Array<{ name: string; sql: string }>> = [[], []];
  const load = [0, 0];
  for (const index of [...indexes].sort((a, b) => cost(b) - cost(a))) {
    const lane = load[0] <= load[1] ? 0 : 1;
    lanes[lane].push(index);
    load[lane] += cost(index);
  }
  await Promise.all(lanes.map(run));
}

/** Every foreign key holds (they were not enforced during the load). */
async function checkForeignKeys(db: Knex, dialect: Dialect): Promise<void> {
  if (dialect === 'sqlite') {
    const broken: Row[] = await db.raw('PRAGMA foreign_key_check');
    if (broken.length > 0) throw new Error(`foreign key check failed: ${JSON.stringify(broken.slice(0, 5))}`);
    return;
  }
  const fks = await db.raw(
    `SELECT c.conrelid::regclass::text AS child, a.attname AS col, c.confrelid::regclass::text AS parent, af.attname AS pcol
     FROM pg_constraint c
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     JOIN pg_attribute af ON af.attrelid = c.confrelid AND af.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND c.connamespace = current_schema()::regnamespace AND array_length(c.conkey, 1) = 1`,
  );
  for (const fk of fks.rows as Array<{ child: string; col: string; parent: string; pcol: string }>) {
    const result = await db.raw(
      `SELECT count(*) AS n FROM ${fk.child} c WHERE c.${fk.col} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${fk.parent} p WHERE p.${fk.pcol} = c.${fk.col})`,
    );
    if (Number(result.rows[0].n) > 0) throw new Error(`${fk.child}.${fk.col}: ${result.rows[0].n} rows reference no ${fk.parent}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Checking the result through the app's own services
// ---------------------------------------------------------------------------------------------

function actorOf(user: User): Actor {
  return {
    userId: user.id,
    userName: user.name,
    departmentId: user.departmentId,
    roles: user.roles,
    requestId: 'bench-generate',
    clientAddress: null,
  };
}

async function selfCheck(
  db: Knex,
  bench: Bench,
  checklistProjectId: string,
  sampleIds: string[],
  requestable: Array<{ id: string; items: string[] }>,
): Promise<void> {
  const services = createServices(db, systemClock);
  const store = new ResourceStore();
  const consumer = actorOf(bench.consumer);
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`self-check failed: ${what}`);
  };
  const owned = await db('resources').where({ project_id: checklistProjectId }).count('* as n').first();
  expect(Number(owned?.n) === CHECKLIST_ENTRIES, `the checklist project owns ${CHECKLIST_ENTRIES} entries`);
  // The next publication in each category gets a code no entry has yet.
  for (const seq of await db('resource_code_sequences').select('category_code', 'last_value')) {
    const top = await db('resources')
      .whereBetween('code', [`${seq.category_code}/`, `${seq.category_code}/999999`])
      .max('code as code')
      .first();
    expect(top?.code === formatResourceCode(seq.category_code, Number(seq.last_value)), `code sequence of ${seq.category_code}`);
  }
  // Search reads exactly what the write path stores.
  const sample = sampleIds.slice(0, 200);
  const stored = new Map<string, Row>(
    (await db('resources').whereIn('id', sample).select('id', 'search_text', 'search_name')).map((r: Row) => [r.id as string, r]),
  );
  // resource_id is not indexed in the FTS5 table: one scan for the whole sample.
  const pairs =
    dialectOf(db) === 'sqlite'
      ? new Map<string, string>(
          (await db('resources_bigrams').whereIn('resource_id', sample).select('resource_id', 'bigrams')).map((r: Row) => [
            r.resource_id as string,
            r.bigrams as string,
          ]),
        )
      : null;
  for (const id of sample) {
    const entry = (await store.findById(db, id))!;
    const row = stored.get(id)!;
    expect(row.search_text === searchTextOf(entry) && row.search_name === normalizeSearchText(entry.name), `search columns of ${id}`);
    if (pairs) expect(pairs.get(id) === searchBigrams(row.search_text as string), `two-character index of ${id}`);
  }
  const ms = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    log(`  ${what}: ${(performance.now() - t).toFixed(0)} ms`);
    return result;
  };
  const twoChar = await ms(`search ${SEARCH_TERMS.twoChar}`, () => services.resources.search(consumer, { q: SEARCH_TERMS.twoChar }));
  expect(twoChar.items.length > 0, `search ${SEARCH_TERMS.twoChar} finds entries`);
  const keyword = await ms(`search ${SEARCH_TERMS.keyword}`, () => services.resources.search(consumer, { q: SEARCH_TERMS.keyword }));
  expect(
    keyword.items.length > 0 && keyword.items[0].name.includes(SEARCH_TERMS.keyword),
    `search ${SEARCH_TERMS.keyword} finds entries named so first`,
  );
  const filtered = await ms(`search ${SEARCH_TERMS.keyword} & sharingType=conditional`, () =>
    services.resources.search(consumer, { q: SEARCH_TERMS.keyword, sharingType: ['conditional'] }),
  );
  expect(filtered.items.length > 0 && filtered.items.every((i) => i.sharingType === 'conditional'), 'filtered search');
  await ms('browse newest first', () => services.resources.search(consumer, {}));
  const facets = await ms('facets (all published)', () => services.resources.facets(consumer, {}));
  expect(facets.total > 0, 'facets count entries');
  await ms(`facets of ${SEARCH_TERMS.twoChar}`, () => services.resources.facets(consumer, { q: SEARCH_TERMS.twoChar }));
  await ms('get an entry', () => services.resources.get(consumer, sampleIds[0]));
  const onboarding = await ms('onboarding checklist of the 200-entry project', () =>
    services.onboarding.get(actorOf(bench.producer), checklistProjectId),
  );
  expect(onboarding.checklist.length > 0, 'checklist');
  await ms('board', () => services.board.board(actorOf(bench.bureau)));
  await ms('incoming requests of the producer', () => services.sharing.list(actorOf(bench.producer), { side: 'incoming' }));
  const chain = await ms('audit chain verification', () => services.audit.verify(actorOf(bench.bureau)));
  expect(chain.valid, 'audit chain verifies');
  // The requestable entries pass the filing rules for the benchmark consumer.
  const today = shanghaiDate(new Date());
  for (const r of requestable.slice(0, 100)) {
    const entry = (await store.findById(db, r.id))!;
    const problems = requestProblems(entry, {
      consumerDepartmentId: bench.consumer.departmentId,
      provisionMode: 'query_api',
      items: r.items,
      periodStart: today,
      periodEnd: today,
    });
    expect(problems.length === 0, `entry ${r.id} is requestable (${problems.map((p) => p.code).join(', ')})`);
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const rng = new Rng(options.seed);
  const now = Date.now();
  const target = await openTarget(options);
  const { db, dialect } = target;
  log(
    `building a city of ${options.entries.toLocaleString('en-US')} published entries on ${dialect === 'postgres' ? 'PostgreSQL' : 'SQLite'}`,
  );

  await timed('schema migrated', () => migrateToLatest(db));
  const superuser =
    dialect === 'postgres' && Boolean((await db.raw('SELECT rolsuper FROM pg_roles WHERE rolname = current_user')).rows[0]?.rolsuper);
  if (dialect === 'sqlite') {
    // One connection (createDb): these hold for the whole load. Foreign keys are checked at the end;
    // a crash leaves only the .building folder behind, so no journal is needed on disk.
    for (const pragma of [
      'foreign_keys = OFF',
      'journal_mode = MEMORY',
      'synchronous = OFF',
      'cache_size = -1048576',
      'temp_store = MEMORY',
    ])
      await db.raw(`PRAGMA ${pragma}`);
  }
  const dropped = await dropSecondaryIndexes(db, dialect);

  const departments = planDepartments(rng);
  const producerDept = departments.find((d) => d.level === 'municipal' && d.sector.key === 'police')!;
  const consumerDept = departments.find((d) => d.level === 'municipal' && d.sector.key === 'civil')!;
  const { users, bench } = planUsers(rng, departments, producerDept, consumerDept);
  const projects = planProjects(rng, departments, producerDept, now);
  const checklistProject = projects[0];
  const { templates, bySector } = buildTemplates();
  const entries = planEntries(rng, options.entries, departments, projects, bySector, checklistProject, now);
  const ctx: BuildContext = { departments, projects, templates, entries, bureau: bench.bureau, now };
  log(
    `planned ${departments.length} departments, ${users.length} users, ${projects.length} projects, ${entries.count.toLocaleString('en-US')} entries over ${templates.length} templates`,
  );

  await timed('departments, users, tokens and projects written', () =>
    db.transaction(async (trx) => {
      await tuneForLoad(trx, dialect, superuser);
      await writeOrganisation(trx, dialect, rng, departments, users, projects, now);
    }),
  );
  const entryStats = await timed('entries written', () =>
    db.transaction(async (trx) => {
      await tuneForLoad(trx, dialect, superuser);
      return writeEntries(trx, dialect, ctx);
    }),
  );
  const calendar = await new CalendarStore().calendar(db);
  const requestStats = await timed('sharing requests and grants written', () =>
    db.transaction(async (trx) => {
      await tuneForLoad(trx, dialect, superuser);
      return writeRequests(trx, dialect, rng, ctx, calendar, bench);
    }),
  );
  const onboardingStats = await timed('onboarding evidence and registrations written', () =>
    db.transaction(async (trx) => {
      await tuneForLoad(trx, dialect, superuser);
      return writeOnboarding(trx, dialect, rng, ctx);
    }),
  );
  // One audit event for the whole import, appended through the app's own chain.
  await db.transaction((trx) =>
    recordAudit(trx, null, new Date(), {
      action: 'system.bulk_import',
      objectType: 'system',
      objectId: `bench-city-${options.entries}`,
      departments: [],
      details: {
        generator: 'bench/generate-city.ts',
        seed: options.seed,
        entries: options.entries,
        departments: departments.length,
        projects: projects.length,
        sharingRequests: requestStats.requests,
      },
    }),
  );

  await timed('indexes rebuilt', () => rebuildIndexes(db, dialect, dropped));
  if (dialect === 'sqlite') {
    await timed('FTS5 indexes merged', async () => {
      for (const table of Object.values(SEARCH_TABLES)) await db.raw(`INSERT INTO ${table} (${table}) VALUES ('optimize')`);
    });
    await timed('foreign keys checked', () => checkForeignKeys(db, dialect));
    await timed('statistics gathered', async () => {
      await db.raw('ANALYZE');
      await db.raw('PRAGMA optimize');
    });
    await db.raw('PRAGMA journal_mode = DELETE');
    await db.raw('PRAGMA foreign_keys = ON');
  } else {
    await timed('foreign keys checked', () => checkForeignKeys(db, dialect));
    // Sets hint bits and the visibility map now, so the first benchmark queries do not pay for them.
    await timed('vacuumed and analysed', () => db.raw('VACUUM (ANALYZE)'));
  }

  // Manifest picks: random published entries, and conditional query-API entries the consumer may request.
  const published: number[] = [];
  for (let i = 0; i < entries.count; i++) if (entries.status[i] === 0) published.push(i);
  const entryIds = rng.sample(published, MANIFEST_ENTRY_IDS).map((i) => entries.ids[i]);
  const candidates = published.filter(
    (i) => entries.sharing[i] === 1 && entries.modes[i] & bit('query_api') && departments[entries.department[i]] !== consumerDept,
  );
  const requestable = rng.sample(candidates, MANIFEST_REQUESTABLE_IDS).map((i) => {
    const items = templates[entries.template[i]].items[1];
    return {
      id: entries.ids[i],
      items: [items.find((it) => it.queryRole === 'input')!.name, items.find((it) => it.queryRole === 'output')!.name],
    };
  });

  // The audit checkpoint signing key, made now. A server started with serverEnv signs with it, so
  // every run on this city can verify every checkpoint; on PostgreSQL the default key would be each
  // server's own <DATA_DIR>/audit-signing-key.pem, and a checkpoint one server signed would fail
  // verification on the next. A new database has no checkpoints, so an old key file is dropped.
  fs.rmSync(target.keyFile, { force: true });
  loadAuditSigningKey({ AUDIT_SIGNING_KEY_FILE: target.keyFile }, path.dirname(target.keyFile));

  log("checking through the app's services:");
  await selfCheck(db, bench, checklistProject.id, entryIds, requestable);
  await target.finish();
  const bytes = await target.size();
  const seconds = Math.round((performance.now() - started) / 100) / 10;

  const today = shanghaiDate(new Date());
  const manifest = {
    dialect,
    ...target.location,
    serverEnv: target.serverEnv,
    entries: options.entries,
    entriesByStatus: Object.fromEntries(STATUSES.map((s, k) => [s, entries.status.filter((x) => x === k).length])),
    departments: departments.length,
    users: users.length,
    projects: projects.length,
    sharingRequests: requestStats.requests,
    sharingRequestsByStatus: requestStats.byStatus,
    grants: requestStats.grants,
    items: entryStats.items,
    resourceVersions: entryStats.versions,
    onboardingConnections: onboardingStats.connections,
    tokens: { bureau: TOKENS.bureau, producer: TOKENS.producer, consumer: TOKENS.consumer },
    producerDepartmentId: producerDept.id,
    consumerDepartmentId: consumerDept.id,
    checklistProjectId: checklistProject.id,
    entryIds,
    requestableEntryIds: requestable.map((r) => r.id),
    // POST /api/v1/sharing-requests as the consumer: this body with resourceId and that entry's items.
    sharingRequestBody: {
      provisionMode: 'query_api',
      purpose: '办理政务服务事项时核验申请人信息（性能测试）',
      basis: '《政务信息资源共享管理暂行办法》第十二条',
      scopeOfUse: `${consumerDept.name}政务服务窗口`,
      periodStart: today,
      periodEnd: `${Number(today.slice(0, 4)) + 1}${today.slice(4)}`.replace(/-02-29$/, '-02-28'),
    },
    requestItems: Object.fromEntries(requestable.map((r) => [r.id, r.items])),
    searchTerms: SEARCH_TERMS,
    generatedAt: new Date().toISOString(),
    seed: options.seed,
    seconds,
    databaseBytes: bytes,
  };
  fs.writeFileSync(target.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  log(`done in ${seconds} s: ${(bytes / 2 ** 20).toFixed(0)} MiB; manifest ${path.relative(ROOT, target.manifestPath)}`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
