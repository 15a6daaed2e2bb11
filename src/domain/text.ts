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
