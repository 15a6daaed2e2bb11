// Text normalisation shared by search and the duplicate check (一数一源): what a reader cannot
// tell apart must compare equal. Invisible characters go first — format characters (\p{Cf}: zero-
// width space and joiners, bidi marks, the byte-order mark, the soft hyphen …), variation selectors
// and control characters other than whitespace — then full-width letters and digits become
// half-width (NFKC), case folds, and whitespace folds: to one space in search text, to nothing in
// an item name, so that "公民身份号码", "公民身份号码 " and "公民\u200b身份号码" are the same item.
// Names are compared, never rewritten: an entry keeps the name its producer gave (docs/resources.md).

// Control characters are what this pattern is for.
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\x00-\x08\x0E-\x1F\x7F-\x9F]/gu;

/** Without invisible characters, NFKC, lower case; whitespace left for the caller to fold. */
function visibleForm(text: string): string {
  // NFKC again after lower-casing: a few lower-case forms are not in NFKC themselves.
  return text.replace(INVISIBLE, '').normalize('NFKC').toLowerCase().normalize('NFKC');
}

export function normalizeSearchText(text: string): string {
  return visibleForm(text).replace(/\s+/g, ' ').trim();
}

export function normalizeItemName(name: string): string {
  return visibleForm(name).replace(/\s+/g, '');
}

// In a name, no control character (C0, DEL, C1: tabs and line feeds included), no line or
// paragraph separator, and none of the bidi controls that make text display in another order than
// it is stored ("Trojan Source"): the Arabic letter mark, LRM and RLM, the embeddings and overrides
// U+202A–202E and the isolates U+2066–2069.
const NOT_IN_NAMES = /[\p{Cc}\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * Whether a name may be stored: it holds none of the characters above, and something remains of
 * it once invisible characters and whitespace are gone (the form the duplicate check compares).
 */
export function isPlainName(name: string): boolean {
  return !NOT_IN_NAMES.test(name) && normalizeItemName(name).length > 0;
}

/**
 * Whether the text holds half of a UTF-16 surrogate pair alone, which is no character at all: JSON
 * can carry one ("\\ud800"), UTF-8 cannot, so the database would store U+FFFD instead.
 * (String.prototype.isWellFormed, without the ES2024 library.)
 */
export function hasLoneSurrogate(text: string): boolean {
  return /\p{Cs}/u.test(text);
}

/** Keywords of a search: normalised, split on whitespace, duplicates dropped, at most five. */
export function searchTerms(q: string): string[] {
  const terms = normalizeSearchText(q)
    .split(' ')
    .filter((t) => t.length > 0);
  return [...new Set(terms)].slice(0, 5);
}

/**
 * The two-character pieces of a search text, space-separated, for the index that answers
 * two-character keywords (户籍, 社保): every overlapping pair of code points within each word.
 * PostgreSQL computes the same set in SQL (search_bigrams() in migration 20261123010000).
 */
export function searchBigrams(searchText: string): string {
  const pairs = new Set<string>();
  for (const word of searchText.split(' ')) {
    const chars = Array.from(word);
    for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  }
  return [...pairs].join(' ');
}

/** A keyword the two-character index can answer: two letters or digits (the FTS tokenizer's word characters). */
export function isBigramTerm(term: string): boolean {
  return /^[\p{L}\p{N}]{2}$/u.test(term);
}

/**
 * The distinct letters and digits of a search text, space-separated, for the index that answers
 * one-character keywords (婚, 税) on SQLite: each as a word of its own.
 */
export function searchChars(searchText: string): string {
  return [...new Set(searchText.match(/[\p{L}\p{N}]/gu) ?? [])].join(' ');
}

/** A keyword the one-character index can answer: one letter or digit. */
export function isCharTerm(term: string): boolean {
  return /^[\p{L}\p{N}]$/u.test(term);
}
