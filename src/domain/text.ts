// Text normalisation shared by search and the duplicate check: full-width letters and digits
// become half-width (NFKC), case folds, and for item names all whitespace goes, so that
// "公民身份号码" and "公民身份号码 " are the same item.

export function normalizeSearchText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

export function normalizeItemName(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Keywords of a search: normalised, split on whitespace, duplicates dropped, at most five. */
export function searchTerms(q: string): string[] {
  const terms = normalizeSearchText(q).split(' ').filter((t) => t.length > 0);
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
