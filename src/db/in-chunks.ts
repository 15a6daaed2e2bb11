/**
 * Runs a query once per slice of a long list of keys (an IN list) and concatenates the rows: the
 * databases bound how many parameters one statement takes (SQLite 32,766, PostgreSQL 65,535), and
 * the board asks about every entry of every project in trial run at once.
 */
export async function inChunks<K, R>(keys: K[], run: (chunk: K[]) => Promise<R[]>, size = 5000): Promise<R[]> {
  const rows: R[] = [];
  // One after the other: `run` may use a transaction, whose one connection takes one query at a time.
  for (let i = 0; i < keys.length; i += size) rows.push(...(await run(keys.slice(i, i + size))));
  return rows;
}
