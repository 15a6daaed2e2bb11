// The realistic read workload of bench/load.ts (issue 17): what many clerks searching the catalog
// at once ask for, rather than one request repeated (which the server's read cache answers after
// the first time). Keywords are pieces of the city's own words, drawn with a popular head and a
// long tail; half the searches narrow by one filter, some sort otherwise than by relevance, and
// some ask for the next page of what they just got. Entry reads spread over the whole catalog.
// Everything is drawn from seeded generators, so every run asks for the same mix.
import { seededRandom } from './exchange-data';
import * as words from './city-words';

export const SEARCH_PATH = '/api/v1/resources';
export const FACETS_PATH = '/api/v1/resources/facets';

/** The seed of the keyword list's order and of every draw below (issue 17). */
export const WORKLOAD_SEED = 17;
/** Share of single-character keywords in the list: a few, as people rarely search by one character. */
const ONE_CHARACTER_SHARE = 0.05;
/** Zipf's exponent: the k-th most popular keyword is asked for about 1/k as often as the first. */
export const ZIPF_S = 1;
/** Share of searches and facet reads narrowed by one filter. */
export const FILTERED_SHARE = 0.5;
/** Share of searches in the default order (relevance); the rest spread evenly over OTHER_SORTS. */
export const DEFAULT_SORT_SHARE = 0.7;
export const OTHER_SORTS = ['-updatedAt', 'name', '-createdAt'] as const;
/** Share of searches asking for the next page of the connection's previous answer. */
export const NEXT_PAGE_SHARE = 0.2;
export const PAGE_SIZE = 20;
/** How many published entries the entry reads rotate over (all of them when there are fewer). */
export const ENTRY_IDS = 20_000;
/** Share of the mixed case's requests that write (a one-step sharing-request submission); the rest read. */
export const MIXED_WRITE_SHARE = 0.05;

// ---- keywords -----------------------------------------------------------------------------------

/**
 * The words entries are made of: what bench/generate-city.ts puts into names (subject + record
 * kind, after the city's or a district's name), summaries (department names, source systems,
 * update phrases) and data items. Township names are left out: they only name camera points,
 * which search does not look at. Split at anything that is not a Chinese character.
 */
function cityWords(): string[] {
  const found = new Set<string>();
  const add = (text: string) => {
    for (const word of text.split(/[^\p{Script=Han}]+/u)) if (word) found.add(word);
  };
  for (const sector of [...words.sectors, words.townshipSector]) {
    add(sector.municipal);
    if (sector.district) add(sector.district);
    for (const s of sector.subjects) [s.name, ...s.ids, ...s.items, ...s.kinds].forEach(add);
  }
  for (const [kind, items] of Object.entries(words.recordKinds)) [kind, ...items].forEach(add);
  [words.CITY, ...words.districts.map((d) => d.name), ...words.trailingItems, ...words.sourceSystems].forEach(add);
  Object.values(words.updatePhrases).forEach(add);
  return [...found].sort();
}

/** Fisher–Yates, in place, with a seeded generator. */
export function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

/**
 * What people type into the search box: every distinct 2–4-character piece of the city's words
 * (户籍, 籍人口, 户籍人口 …), some of which match nothing once put together with a filter, plus a
 * few single characters; in a fixed shuffled order, the first being the most popular. The single
 * characters are shuffled into the second half only: people seldom search by one character, and
 * one that the shuffle put among the first few (each drawn for several % of all requests) would
 * make the seed, not the server, decide the result — one character matches most of the catalog.
 */
export function cityKeywords(seed = WORKLOAD_SEED): string[] {
  const random = seededRandom(seed);
  const pieces = new Set<string>();
  const characters = new Set<string>();
  for (const word of cityWords()) {
    const cs = [...word];
    for (const c of cs) characters.add(c);
    for (let n = 2; n <= 4; n++) for (let i = 0; i + n <= cs.length; i++) pieces.add(cs.slice(i, i + n).join(''));
  }
  const order = shuffle([...pieces].sort(), random);
  const oneCharacter = Math.round((pieces.size * ONE_CHARACTER_SHARE) / (1 - ONE_CHARACTER_SHARE));
  const half = Math.floor(order.length / 2);
  for (const c of shuffle([...characters].sort(), random).slice(0, oneCharacter)) {
    order.splice(half + Math.floor(random() * (order.length - half + 1)), 0, c);
  }
  return order;
}

/** Draws ranks 0…n−1 with P(k) ∝ 1/(k+1)^s: a popular head and a long tail. */
export function zipfSampler(n: number, s: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let k = 0; k < n; k++) cumulative[k] = total += 1 / (k + 1) ** s;
  return () => {
    const u = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** Share of all draws that fall on the `top` most popular keywords. */
export function headShare(n: number, s: number, top: number): number {
  let head = 0;
  let total = 0;
  for (let k = 0; k < n; k++) {
    const w = 1 / (k + 1) ** s;
    total += w;
    if (k < top) head += w;
  }
  return head / total;
}

// ---- filters --------------------------------------------------------------------------------------

export const FILTER_FIELDS = ['sharingType', 'categoryCode', 'format', 'updateCycle'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
/** The values the city's published entries use, per filter: those the facets count. */
export type FilterValues = Partial<Record<FilterField, string[]>>;

interface FacetsAnswer {
  total: number;
  facets: Record<string, Array<{ value: string; count: number }>>;
}

/** The filter values of a GET /api/v1/resources/facets answer (values with at least one entry). */
export function filterValuesOf(facetsBody: string): FilterValues {
  const answer = JSON.parse(facetsBody) as FacetsAnswer;
  const values: FilterValues = {};
  for (const field of FILTER_FIELDS) {
    const used = (answer.facets?.[field] ?? []).filter((f) => f.count > 0).map((f) => f.value);
    if (used.length > 0) values[field] = used;
  }
  return values;
}

// ---- requests ---------------------------------------------------------------------------------------

/** A connection's memory of its last search: the query (without cursor) and the answer's nextCursor. */
export interface PagingState {
  searchQuery?: string;
  cursor?: string | null;
}

/** The nextCursor of a search answer, read from its end rather than parsing 20 entries per answer. */
export function cursorOf(body: string): string | null | undefined {
  const at = body.lastIndexOf('"nextCursor":');
  if (at < 0) return undefined;
  const m = /^"nextCursor":\s*(null|"(?:[^"\\]|\\.)*")/.exec(body.slice(at, at + 1100));
  return m ? (JSON.parse(m[1]) as string | null) : undefined;
}

/**
 * Builds the realistic requests: one per call, drawn from a seeded generator. One instance per
 * case, kept across its runs, so the warm-up does not ask for exactly what the measured run asks.
 */
export class SearchWorkload {
  private readonly random: () => number;
  private readonly rank: () => number;
  private readonly fields: FilterField[];
  /** Searches sent; of them, those that could have asked for a next page, and those that did. */
  sent = 0;
  private pageable = 0;
  nextPages = 0;

  constructor(
    readonly keywords: string[],
    readonly filters: FilterValues,
    seed = WORKLOAD_SEED,
  ) {
    if (keywords.length === 0) throw new Error('no keywords');
    this.random = seededRandom(seed);
    this.rank = zipfSampler(keywords.length, ZIPF_S, this.random);
    this.fields = FILTER_FIELDS.filter((f) => (filters[f]?.length ?? 0) > 0);
  }

  keyword(): string {
    return this.keywords[this.rank()];
  }

  /** [field, value] of one filter, for FILTERED_SHARE of the calls; else nothing. */
  private filter(): Array<[string, string]> {
    if (this.fields.length === 0 || this.random() >= FILTERED_SHARE) return [];
    const field = this.fields[Math.floor(this.random() * this.fields.length)];
    const values = this.filters[field]!;
    return [[field, values[Math.floor(this.random() * values.length)]]];
  }

  private sort(): Array<[string, string]> {
    if (this.random() < DEFAULT_SORT_SHARE) return [];
    return [['sort', OTHER_SORTS[Math.floor(this.random() * OTHER_SORTS.length)]]];
  }

  /** A first page's query string (URL-encoded). */
  searchQuery(): string {
    return new URLSearchParams([['q', this.keyword()], ...this.filter(), ...this.sort(), ['limit', String(PAGE_SIZE)]]).toString();
  }

  facetsPath(): string {
    return `${FACETS_PATH}?${new URLSearchParams([['q', this.keyword()], ...this.filter()]).toString()}`;
  }

  /**
   * The next search of a connection: the next page of its previous answer, or a new first page.
   * Only a search after an answer with a next page can page (not a connection's first, nor one
   * after an empty or last page), so the chance of paging is raised by the share of searches
   * that could (as seen so far), to page in about NEXT_PAGE_SHARE of all searches.
   */
  searchPath(state: PagingState): string {
    this.sent++;
    const next = this.nextPagePath(state);
    if (next) this.pageable++;
    const couldPage = this.sent < 100 ? 1 : this.pageable / this.sent;
    if (next && this.random() < NEXT_PAGE_SHARE / Math.max(couldPage, NEXT_PAGE_SHARE)) {
      this.nextPages++;
      return next;
    }
    state.searchQuery = this.searchQuery();
    state.cursor = null;
    return `${SEARCH_PATH}?${state.searchQuery}`;
  }

  /** The same search's next page, or null when the previous answer had none. */
  nextPagePath(state: PagingState): string | null {
    return state.searchQuery && state.cursor ? `${SEARCH_PATH}?${state.searchQuery}&cursor=${encodeURIComponent(state.cursor)}` : null;
  }

  /** Remembers a search answer's nextCursor for the connection's next search. */
  recordSearch(state: PagingState, status: number, body: string): void {
    state.cursor = status === 200 ? (cursorOf(body) ?? null) : null;
  }

  /** Share of the searches sent that asked for a next page. */
  nextPageShare(): number {
    return this.sent === 0 ? 0 : this.nextPages / this.sent;
  }
}

// ---- entry ids ------------------------------------------------------------------------------------

/**
 * Ids of published entries spread over the whole catalog, read from the database itself (the
 * manifest lists only ~1000): all of them in id order, then a seeded shuffle keeps `count`.
 */
export async function publishedEntryIds(
  db: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string },
  count = ENTRY_IDS,
  seed = WORKLOAD_SEED,
): Promise<{ ids: string[]; published: number }> {
  const sql = "SELECT id FROM resources WHERE status = 'published' ORDER BY id";
  let all: string[];
  if (db.dialect === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const conn = new Database(db.file, { readonly: true, fileMustExist: true });
    try {
      all = conn.prepare(sql).pluck().all() as string[];
    } finally {
      conn.close();
    }
  } else {
    const { Client } = await import('pg');
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      all = (await client.query<{ id: string }>(sql)).rows.map((r) => r.id);
    } finally {
      await client.end();
    }
  }
  return { ids: shuffle(all, seededRandom(seed)).slice(0, count), published: all.length };
}
