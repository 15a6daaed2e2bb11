import { Knex } from 'knex';
import { boundedRead } from '../../db/bounded-read';
import { Conn } from '../../db/database';
import { Dialect, dialectOf } from '../../db/knex';
import { applyKeyset, applyKeysetAfter, CursorValue, decodeCursor, Page, pageOf, SortSpec, sortBy } from '../../db/pagination';
import { Actor } from '../../domain/actor';
import { entryRestriction } from '../../domain/visibility';
import { isBigramTerm, isCharTerm, searchTerms } from '../../domain/text';
import { labelOf, provisionModes, resourceFormats, resourceStatuses, sharingTypes, Term, updateCycles } from '../../domain/vocabularies';
import { QueryOf, Schema } from '../../http/api-types';
import { resourceQuery, toSummary } from './resources.store';
import { SEARCH_ENTRIES, SEARCH_TABLES } from './search-rows.store';
import { Row } from '../../db/rows';

export type SearchQuery = QueryOf<'searchResources'>;
export type FacetQuery = QueryOf<'getResourceFacets'>;
export type SearchResult = Page<Schema<'ResourceSummary'>>;
export type FacetResult = Schema<'ResourceFacets'>;

// Each sort: its keys, and how to read a row's values of those keys for the next cursor.
const sorts: Record<string, { spec: SortSpec; keyOf: (row: Row) => CursorValue[] }> = {
  '-updatedAt': {
    spec: sortBy('-updatedAt', 'r.updated_at', 'desc', 'r.id', 'timestamp'),
    keyOf: (r) => [toSummary(r).updatedAt, r.id as string],
  },
  updatedAt: {
    spec: sortBy('updatedAt', 'r.updated_at', 'asc', 'r.id', 'timestamp'),
    keyOf: (r) => [toSummary(r).updatedAt, r.id as string],
  },
  '-createdAt': {
    spec: sortBy('-createdAt', 'r.created_at', 'desc', 'r.id', 'timestamp'),
    keyOf: (r) => [toSummary(r).createdAt, r.id as string],
  },
  createdAt: {
    spec: sortBy('createdAt', 'r.created_at', 'asc', 'r.id', 'timestamp'),
    keyOf: (r) => [toSummary(r).createdAt, r.id as string],
  },
  name: { spec: sortBy('name', 'r.name', 'asc', 'r.id', 'text'), keyOf: (r) => [r.name as string, r.id as string] },
  '-name': { spec: sortBy('-name', 'r.name', 'desc', 'r.id', 'text'), keyOf: (r) => [r.name as string, r.id as string] },
};

// Within each run of the relevance order.
const newestFirst = sortBy('-updatedAt', 'r.updated_at', 'desc', 'r.id', 'timestamp');

/**
 * Relevance: entries whose name holds every keyword first, then the rest; within each, the most
 * recently updated first. A clerk searching 户籍 expects 户籍人口基本信息 before an entry that
 * merely has a 户籍地址 item.
 */
function relevanceSort(terms: string[]): { spec: SortSpec; keyOf: (row: Row) => CursorValue[] } {
  const rank = `CASE WHEN ${likeAll(terms, 'search_name')} THEN 0 ELSE 1 END`;
  const bindings = likeBindings(terms);
  return {
    spec: {
      name: 'relevance',
      keys: [
        { sql: rank, bindings, type: 'integer', direction: 'asc' },
        { sql: 'r.updated_at', type: 'timestamp', direction: 'desc' },
        { sql: 'r.id', type: 'text', direction: 'desc' },
      ],
    },
    keyOf: (r) => [Number(r.search_rank), toSummary(r).updatedAt, r.id as string],
  };
}

// Keywords of three or more characters: SQLite's FTS5 trigram index, PostgreSQL's pg_trgm index
// (LIKE). Two letters or digits (户籍): the character-pair index (resources_bigrams on SQLite,
// search_bigrams() on PostgreSQL; ADR 0017). A single character, or a pair with punctuation: LIKE
// on the same normalised text, a scan.
const FTS_MIN_LENGTH = 3;

interface WalkPlan {
  nameTable: { name: string };
  textTable: { name: string };
  /** The FTS query: every keyword the tables index, all required. */
  match: string;
  /** How many of the keywords the FTS query holds (the others are checked on the text). */
  covers: number;
}

/**
 * Which FTS tables a relevance search walks on SQLite: the trigram tables when a keyword has three
 * characters or more, else the character-pair tables when one is a pair of letters or digits, else
 * the single characters' tables; null when no keyword is indexed (punctuation), which the ordered
 * scan answers.
 */
function walkPlan(terms: string[]): WalkPlan | null {
  const quote = (t: string) => `"${t.replace(/"/g, '""')}"`;
  const indexes = [
    { serves: isLongTerm, nameTable: SEARCH_TABLES.name, textTable: SEARCH_TABLES.text },
    { serves: isBigramTerm, nameTable: SEARCH_TABLES.namePairs, textTable: SEARCH_TABLES.textPairs },
    { serves: isCharTerm, nameTable: SEARCH_TABLES.nameChars, textTable: SEARCH_TABLES.textChars },
  ];
  for (const index of indexes) {
    const served = terms.filter(index.serves);
    if (served.length > 0) {
      return {
        nameTable: { name: index.nameTable },
        textTable: { name: index.textTable },
        match: served.map(quote).join(' '),
        covers: served.length,
      };
    }
  }
  return null;
}

/** Every keyword in the column, as a substring (the bindings: likeBindings). */
function likeAll(terms: string[], column: 'search_text' | 'search_name'): string {
  return `(${terms.map(() => `r.${column} LIKE ? ESCAPE '\\'`).join(' AND ')})`;
}

function likeBindings(terms: string[]): string[] {
  return terms.map((t) => `%${escapeLike(t)}%`);
}

/**
 * Up to how many matches a keyword search in another order than relevance fetches them all and
 * sorts them; past it, walking the sort's index finds a page within a few thousand entries.
 */
const FEW_MATCHES = 5000;

/** Whether more than `n` entries' texts hold the plan's indexed keywords: counts no further than n + 1. */
async function matchesMoreThan(db: Conn, walk: WalkPlan, n: number): Promise<boolean> {
  const table = walk.textTable.name;
  const rows: Row[] = await db.raw(`SELECT count(*) AS n FROM (SELECT 1 FROM ${table} AS f WHERE f.${table} MATCH ? LIMIT ?)`, [
    walk.match,
    n + 1,
  ]);
  return Number(rows[0].n) > n;
}

/** The SQLite walk's relevance order: tier (names first), then search number, newest saved first. */
const walkedRelevance: SortSpec = {
  name: 'relevance',
  keys: [
    { sql: 'search_rank', type: 'integer', direction: 'asc' },
    { sql: 'f.rowid', type: 'integer', direction: 'desc' },
  ],
};

/** A keyword the trigram indexes serve (three characters or more). */
function isLongTerm(term: string): boolean {
  return [...term].length >= FTS_MIN_LENGTH;
}

function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function applyKeywords(qb: Knex.QueryBuilder, dialect: Dialect, q: string | undefined): void {
  if (!q) return;
  const terms = searchTerms(q);
  // PostgreSQL rechecks every row a trigram index finds against the whole indexed condition, and
  // search_bigrams() of an entry's text costs about 80 µs: beside a longer keyword, a pair is
  // checked by LIKE on the rows the trigram index found (公积金 缴存 at 1,000,000 entries: 0.34 s
  // with the pairs' index, bench/RESULTS.md 2026-12-05 session 9).
  const pairsIndexed = dialect === 'sqlite' || !terms.some(isLongTerm);
  for (const term of terms) {
    if (dialect === 'sqlite' && isLongTerm(term)) {
      qb.whereIn('r.id', (sub) => {
        sub
          .select('resource_id')
          .from('resources_fts')
          .whereRaw('resources_fts MATCH ?', [`"${term.replace(/"/g, '""')}"`]);
      });
    } else if (isBigramTerm(term) && pairsIndexed) {
      if (dialect === 'sqlite') {
        qb.whereIn('r.id', (sub) => {
          sub
            .select('resource_id')
            .from('resources_bigrams')
            .whereRaw('resources_bigrams MATCH ?', [`"${term}"`]);
        });
      } else {
        qb.whereRaw('search_bigrams(r.search_text) @> ARRAY[?]::text[]', [term]);
      }
    } else {
      qb.whereRaw("r.search_text LIKE ? ESCAPE '\\'", [`%${escapeLike(term)}%`]);
    }
  }
}

/**
 * Whose view a search or facet count is: the only way the caller enters applyFilters. Results of
 * the same query are the same for every caller of one scope (the read cache's key).
 */
export function visibilityScope(actor: Actor, f: FacetQuery): string {
  const seen = entryRestriction(actor);
  const statuses = f.status && f.status.length > 0 ? f.status : ['published'];
  if (seen.everything || statuses.every((s) => seen.publicStatuses.includes(s))) return 'unrestricted';
  return `department:${seen.ownDepartmentId}`;
}

/**
 * Applies visibility, keywords and filters shared by the list and its facets; `keywords: false`
 * when the caller matches the keywords itself (the SQLite relevance walk); `alias`: the table the
 * filtered columns are read from (the entries' `r`, or their copy in resources_fts_entries).
 */
function applyFilters(qb: Knex.QueryBuilder, dialect: Dialect, actor: Actor, f: FacetQuery, keywords = true, alias = 'r'): void {
  // Everyone sees published and withdrawn entries; drafts, submitted and returned entries only
  // their department and the bureau.
  // The rule of src/domain/visibility.ts (canSeeEntry), as SQL.
  const seen = entryRestriction(actor);
  const statuses = f.status && f.status.length > 0 ? f.status : ['published'];
  qb.whereIn(`${alias}.status`, statuses);
  // Only asked-for non-public statuses need the department condition; leaving it out otherwise
  // lets the planner count facets from an index alone (an OR across columns defeats that).
  if (!seen.everything && statuses.some((s) => !seen.publicStatuses.includes(s))) {
    qb.where((w) => w.whereIn(`${alias}.status`, seen.publicStatuses).orWhere(`${alias}.department_id`, seen.ownDepartmentId));
  }
  if (keywords) applyKeywords(qb, dialect, f.q);
  if (f.departmentId?.length) qb.whereIn(`${alias}.department_id`, f.departmentId);
  if (f.classification?.length) qb.whereIn(`${alias}.classification`, f.classification);
  if (f.categoryCode?.length) qb.whereIn(`${alias}.category_code`, f.categoryCode);
  if (f.sharingType?.length) qb.whereIn(`${alias}.sharing_type`, f.sharingType);
  if (f.format?.length) qb.whereIn(`${alias}.format`, f.format);
  if (f.updateCycle?.length) qb.whereIn(`${alias}.update_cycle`, f.updateCycle);
  if (f.projectId) qb.where(`${alias}.project_id`, f.projectId);
  if (f.provisionMode?.length) {
    const modes = f.provisionMode;
    qb.whereIn(`${alias}.id`, (sub) => sub.select('resource_id').from('resource_provision_modes').whereIn('mode', modes));
  }
}

/**
 * Labels for the category facet: each category's current name in the bureau's tree (ADR 0039),
 * read with the counts (a renamed category's facets are dropped from the read cache with it).
 */
async function categoryLabels(db: Conn, rows: Row[]): Promise<(row: Row) => string> {
  const codes = rows.map((r) => String(r.value));
  const names = new Map<string, string>(
    codes.length === 0
      ? []
      : ((await db('categories').whereIn('code', codes).select('code', 'name')) as Row[]).map((r) => [r.code as string, r.name as string]),
  );
  return (r: Row) => names.get(String(r.value)) ?? String(r.value);
}

export class ResourceSearchStore {
  /** `timeoutMs`: how long one of its statements may run on PostgreSQL before it is stopped (null: no limit). */
  constructor(private readonly timeoutMs: number | null = null) {}

  private read(qb: Knex.QueryBuilder, dialect: Dialect): Promise<Row[]> {
    return boundedRead<Row[]>(qb, dialect, this.timeoutMs);
  }

  async search(db: Conn, actor: Actor, query: SearchQuery): Promise<SearchResult> {
    const dialect = dialectOf(db);
    const terms = query.q ? searchTerms(query.q) : [];
    // Relevance is the default order of a keyword search; without keywords it means nothing.
    const sortName = query.sort ?? (terms.length > 0 ? 'relevance' : '-updatedAt');
    const limit = query.limit ?? 20;
    if (sortName === 'relevance' && terms.length > 0) return this.searchByRelevance(db, actor, query, terms, limit);
    const sort = sortName === 'relevance' ? relevanceSort(['']) : sorts[sortName];
    const qb = resourceQuery(db);
    if (sortName === 'relevance') qb.select(db.raw(`${sort.spec.keys[0].sql} AS search_rank`, [...(sort.spec.keys[0].bindings ?? [])]));
    // Keywords in another order than relevance, on SQLite: when many entries match, the sort's own
    // index is walked and each entry's text checked, stopping at a full page; when few do, they
    // are found through one FTS query of all the indexed keywords, then sorted.
    const walk = dialect === 'sqlite' && terms.length > 0 ? walkPlan(terms) : null;
    if (walk) {
      applyFilters(qb, dialect, actor, query, false);
      qb.whereRaw(likeAll(terms, 'search_text'), likeBindings(terms));
      if (!(await matchesMoreThan(db, walk, FEW_MATCHES))) {
        const table = walk.textTable.name;
        qb.whereRaw(`r.id IN (SELECT f.resource_id FROM ${table} AS f WHERE f.${table} MATCH ?)`, [walk.match]);
      }
    } else {
      applyFilters(qb, dialect, actor, query);
    }
    applyKeyset(qb, dialect, sort.spec, query.cursor);
    const rows = await this.read(qb.limit(limit + 1), dialect);
    return pageOf(rows, limit, sort.spec, sort.keyOf, toSummary);
  }

  /**
   * Relevance order in two runs, each newest first: the entries named by every keyword, then the
   * rest. Each run is an ORDER BY the database can serve from its (status, updated_at) index, or
   * from the text index and a short sort when few entries match; one ORDER BY on the rank
   * expression had to sort every match (tens of thousands for 户籍 at a million entries). Pages
   * and cursors are those of the relevance sort: [rank, updatedAt, id].
   */
  private async searchByRelevance(db: Conn, actor: Actor, query: SearchQuery, terms: string[], limit: number): Promise<SearchResult> {
    const dialect = dialectOf(db);
    const walk = dialect === 'sqlite' ? walkPlan(terms) : null;
    if (walk) return this.walkByRelevance(db, actor, query, terms, walk, limit);
    const relevance = relevanceSort(terms);
    const after = query.cursor ? decodeCursor(relevance.spec, query.cursor) : undefined;
    const nameHolds = likeAll(terms, 'search_name');
    const run = (rank: 0 | 1, from: CursorValue[] | undefined, max: number): Promise<Row[]> => {
      const qb = resourceQuery(db).select(db.raw(`${rank} AS search_rank`));
      applyFilters(qb, dialect, actor, query);
      qb.whereRaw(rank === 0 ? nameHolds : `NOT ${nameHolds}`, likeBindings(terms));
      // The names' character-pair index (migration 20261205090000) for the first tier's two-character
      // keywords; longer ones take the names' trigram index through the LIKE itself.
      if (rank === 0 && dialect === 'postgres' && !terms.some(isLongTerm)) {
        for (const pair of terms.filter(isBigramTerm)) qb.whereRaw('search_bigrams(r.search_name) @> ARRAY[?]::text[]', [pair]);
      }
      applyKeysetAfter(qb, dialect, newestFirst, from);
      return this.read(qb.limit(max), dialect);
    };
    const rows: Row[] = [];
    if (!after || after[0] === 0) rows.push(...(await run(0, after?.slice(1), limit + 1)));
    if (rows.length < limit + 1) rows.push(...(await run(1, after?.[0] === 1 ? after.slice(1) : undefined, limit + 1 - rows.length)));
    return pageOf(rows, limit, relevance.spec, relevance.keyOf, toSummary);
  }

  /**
   * Relevance on SQLite, where the FTS tables hold every entry under its search number, handed out
   * in the order of saves (search-rows.store.ts): each tier walks one of them backwards — the names'
   * for the first, the search texts' for the second — joins each candidate's row, keeps those that
   * pass the filters and hold every keyword, and stops once the page is full. Its cost follows the
   * page and how many candidates the filters turn away, not the number of matches. Within a tier
   * the newest saved come first; the cursor is [tier, search number].
   */
  private async walkByRelevance(
    db: Conn,
    actor: Actor,
    query: SearchQuery,
    terms: string[],
    walk: WalkPlan,
    limit: number,
  ): Promise<SearchResult> {
    const after = query.cursor ? decodeCursor(walkedRelevance, query.cursor) : undefined;
    const like = likeBindings(terms);
    const run = (tier: 0 | 1, afterSeq: number | undefined, max: number): Promise<Row[]> => {
      const table = tier === 0 ? walk.nameTable : walk.textTable;
      // The filters on each candidate's small row (e) before its entry's row (r) is read: a keyword
      // common in the catalog under a narrow filter turns most candidates away there.
      const qb = resourceQuery(
        db,
        db.raw(`${table.name} AS f CROSS JOIN ${SEARCH_ENTRIES} AS e ON e.seq = f.rowid CROSS JOIN resources AS r ON r.id = e.id`),
      ).select(db.raw(`${tier} AS search_rank`), 'f.rowid as search_seq');
      // The table's own hidden column: the pairs tables (detail=none) take no column filter.
      qb.whereRaw(`f.${table.name} MATCH ?`, [walk.match]);
      applyFilters(qb, 'sqlite', actor, query, false, 'e');
      if (tier === 0) qb.whereRaw(likeAll(terms, 'search_name'), like);
      else qb.whereRaw(`${likeAll(terms, 'search_text')} AND NOT ${likeAll(terms, 'search_name')}`, [...like, ...like]);
      if (afterSeq !== undefined) qb.where('f.rowid', '<', afterSeq);
      return qb.orderBy('f.rowid', 'desc').limit(max);
    };
    const rows: Row[] = [];
    if (!after || after[0] === 0) rows.push(...(await run(0, after?.[1] as number | undefined, limit + 1)));
    if (rows.length < limit + 1) rows.push(...(await run(1, after?.[0] === 1 ? (after[1] as number) : undefined, limit + 1 - rows.length)));
    return pageOf(rows, limit, walkedRelevance, (r) => [Number(r.search_rank), Number(r.search_seq)], toSummary);
  }

  /** Counts per value of each filter over the entries that match the query (as CKAN does). */
  async facets(db: Conn, actor: Actor, query: FacetQuery): Promise<FacetResult> {
    const dialect = dialectOf(db);
    // On SQLite, when one FTS query holds every keyword, the matches are counted from their small
    // rows in resources_fts_entries (found by search number) rather than the entries' own rows.
    const terms = query.q ? searchTerms(query.q) : [];
    const walk = dialect === 'sqlite' && terms.length > 0 ? walkPlan(terms) : null;
    const fromIndex = walk !== null && walk.covers === terms.length;
    const filtered = (): Knex.QueryBuilder => {
      if (!fromIndex) {
        const qb = db('resources as r');
        applyFilters(qb, dialect, actor, query);
        return qb;
      }
      const table = walk.textTable.name;
      const qb: Knex.QueryBuilder = db.queryBuilder().from(db.raw(`${table} AS f CROSS JOIN ${SEARCH_ENTRIES} AS r ON r.seq = f.rowid`));
      qb.whereRaw(`f.${table} MATCH ?`, [walk.match]);
      applyFilters(qb, dialect, actor, query, false);
      return qb;
    };
    // Each facet query yields rows of { value, count } (departments also their name as label).
    const countBy = (column: string) =>
      this.read(filtered().whereNotNull(column).groupBy(column).select(`${column} as value`).count('* as count'), dialect);
    const facet = (rows: Row[], label: (row: Row) => string) =>
      rows
        .map((r) => ({ value: String(r.value), label: label(r), count: Number(r.count) }))
        .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    const termLabel = (terms: Term[]) => (r: Row) => labelOf(terms, String(r.value));
    // With keywords, every facet counts the same matches, which an index finds but which must each be
    // read and checked: on PostgreSQL too, one pass over them for all the facets rather than one per
    // facet (at 1,000,000 entries, eight passes over a common keyword's matches: seconds).
    if (fromIndex || (dialect === 'postgres' && terms.length > 0)) return this.facetsInOnePass(db, dialect, filtered, facet, termLabel);
    const [totals, departments, categoryCounts, sharing, formats, cycles, statuses, modes] = await Promise.all([
      this.read(filtered().count('* as count'), dialect),
      this.read(
        filtered()
          .join('departments as d', 'd.id', 'r.department_id')
          .groupBy('r.department_id', 'd.name')
          .select('r.department_id as value', 'd.name as label')
          .count('* as count'),
        dialect,
      ),
      countBy('r.category_code'),
      countBy('r.sharing_type'),
      countBy('r.format'),
      countBy('r.update_cycle'),
      countBy('r.status'),
      // The modes of `id IN (the filtered entries)`, not a join: the ids then come from the
      // (status, id) index alone when nothing but the status filters (migration
      // 20261204010000), instead of every entry's table row.
      this.read(
        db('resource_provision_modes as m')
          .whereIn('m.resource_id', filtered().select('r.id'))
          .groupBy('m.mode')
          .select('m.mode as value')
          .count('* as count'),
        dialect,
      ),
    ]);
    return {
      total: Number(totals[0]?.count ?? 0),
      facets: {
        departmentId: facet(departments, (r) => String(r.label)),
        categoryCode: facet(categoryCounts, await categoryLabels(db, categoryCounts)),
        sharingType: facet(sharing, termLabel(sharingTypes)),
        provisionMode: facet(modes, termLabel(provisionModes)),
        format: facet(formats, termLabel(resourceFormats)),
        updateCycle: facet(cycles, termLabel(updateCycles)),
        status: facet(statuses, termLabel(resourceStatuses)),
      },
    };
  }

  /**
   * Facets from one pass over the matches (the keyword paths: SQLite's, whose matches are walked
   * through an FTS table, and PostgreSQL's): one GROUP BY over every counted column at once, summed
   * here per facet, instead of walking the matches once per facet.
   */
  private async facetsInOnePass(
    db: Conn,
    dialect: Dialect,
    filtered: () => Knex.QueryBuilder,
    facet: (rows: Row[], label: (row: Row) => string) => FacetResult['facets']['status'],
    termLabel: (terms: Term[]) => (r: Row) => string,
  ): Promise<FacetResult> {
    const columns = ['department_id', 'category_code', 'sharing_type', 'format', 'update_cycle', 'status'] as const;
    const [combos, modes] = await Promise.all([
      this.read(
        filtered()
          .groupBy(columns.map((c) => `r.${c}`))
          .select(columns.map((c) => `r.${c} as ${c}`))
          .count('* as count'),
        dialect,
      ),
      this.read(
        db('resource_provision_modes as m')
          .whereIn('m.resource_id', filtered().select('r.id'))
          .groupBy('m.mode')
          .select('m.mode as value')
          .count('* as count'),
        dialect,
      ),
    ]);
    const sums = (column: (typeof columns)[number]): Row[] => {
      const by = new Map<string, number>();
      for (const c of combos) if (c[column] !== null) by.set(String(c[column]), (by.get(String(c[column])) ?? 0) + Number(c.count));
      return [...by].map(([value, count]) => ({ value, count }));
    };
    const departments = sums('department_id');
    const categoryRows = sums('category_code');
    const names = new Map<string, string>(
      (
        await db('departments')
          .whereIn(
            'id',
            departments.map((d) => d.value as string),
          )
          .select('id', 'name')
      ).map((d: Row) => [d.id as string, d.name as string]),
    );
    return {
      total: combos.reduce((n, c) => n + Number(c.count), 0),
      facets: {
        departmentId: facet(
          departments.filter((d) => names.has(d.value as string)),
          (r) => names.get(r.value as string)!,
        ),
        categoryCode: facet(categoryRows, await categoryLabels(db, categoryRows)),
        sharingType: facet(sums('sharing_type'), termLabel(sharingTypes)),
        provisionMode: facet(modes, termLabel(provisionModes)),
        format: facet(sums('format'), termLabel(resourceFormats)),
        updateCycle: facet(sums('update_cycle'), termLabel(updateCycles)),
        status: facet(sums('status'), termLabel(resourceStatuses)),
      },
    };
  }
}
