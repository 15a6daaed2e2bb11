import { Tx } from './database';

// The counters behind the human-readable numbers (src/domain/form-numbers.ts, ADR 0037): one row per
// series and year in form_number_counters, moved on in the transaction that creates the request or
// the registration. The UPDATE takes the row's lock (PostgreSQL) or the database's write lock
// (SQLite), so two transactions — on one process or on two instances sharing a PostgreSQL — can never
// read the same value: the second waits for the first to commit or roll back and then counts on from
// what the first left. A rolled-back creation gives its number back.

/** The next counter value of the series in the year, taken in `tx`. */
export async function nextCounterValue(tx: Tx, series: string, year: number): Promise<number> {
  // The year's row, made by whichever transaction needs it first; a concurrent maker waits on the
  // unique key and then finds it there.
  await tx('form_number_counters').insert({ series, year, last_value: 0 }).onConflict(['series', 'year']).ignore();
  await tx('form_number_counters').where({ series, year }).increment('last_value', 1);
  const row = await tx('form_number_counters').where({ series, year }).first('last_value');
  return Number(row.last_value);
}
