// Which held reads a write makes stale (读缓存失效, ADR 0018 amended 2026-12-05), from the audit
// events that write committed: every write commits with its audit event, so the events since the
// cache's last look name everything that changed. A cached read depends on:
// - an entry by id: that entry, and the names shown with it (its department's, its project's, its
//   category's path);
// - search results and facets: every entry, and those names (the category facet's labels);
// - a project: that project, and its department's name;
// - the onboarding checklist and the board: nearly everything (they are also kept a minute at most).
// An action not listed here makes everything stale: a new kind of write is safe before it is tuned.

export type ReadKind = 'search' | 'facets' | 'entry' | 'project' | 'onboarding' | 'board';

export interface CommittedChange {
  action: string;
  objectType: string;
  objectId: string;
}

export interface StaleReads {
  everything: boolean;
  /** Kinds stale whatever they answer. */
  kinds: Set<ReadKind>;
  /** Entries (by id) whose own read is stale. */
  entries: Set<string>;
}

/** Writes of the catalog's entries: the entry itself, every search and count, and the summaries built on them. */
const CATALOG = /^resource\./;
/**
 * The bureau's category tree (ADR 0039): a category's name shows in every entry's category path and
 * in the category facet's labels, so every entry read, search and facet count goes (the checklists
 * and the board with them, as with an entry's write). Rare: the bureau maintains the tree by hand.
 */
const CATEGORIES = /^category\./;
/**
 * Writes that no search, facet count, entry or project shows: requests, grants and their terms,
 * deliveries and certificates, tokens and users (visibility comes from the caller, read each time),
 * onboarding declarations and verifications, the holiday calendar.
 */
const OUTSIDE_CATALOG =
  /^(sharing_request|grant|exchange|certificate|certificate_key|token|user|bootstrap_admin|connection|onboarding|calendar)\./;

export function staleReads(changes: CommittedChange[]): StaleReads {
  const stale: StaleReads = { everything: false, kinds: new Set(), entries: new Set() };
  for (const c of changes) {
    if (CATALOG.test(c.action)) {
      for (const kind of ['search', 'facets', 'onboarding', 'board'] as const) stale.kinds.add(kind);
      stale.entries.add(c.objectId);
    } else if (CATEGORIES.test(c.action)) {
      for (const kind of ['search', 'facets', 'entry', 'onboarding', 'board'] as const) stale.kinds.add(kind);
    } else if (OUTSIDE_CATALOG.test(c.action)) {
      stale.kinds.add('onboarding');
      stale.kinds.add('board');
    } else {
      // Departments and projects (names shown everywhere), and anything not listed.
      stale.everything = true;
      return stale;
    }
  }
  return stale;
}
