import { Database } from './database';
import { dialectOf } from './knex';

/** Asks the database the cheapest question; throws when it does not answer. Which database it is. */
export async function pingDatabase(db: Database): Promise<'sqlite' | 'postgres'> {
  await db.raw('select 1');
  return dialectOf(db);
}

/** SQLite's advice for a long-running process: refresh the planner's statistics now and then. */
export async function optimizeSqlite(db: Database): Promise<void> {
  if (dialectOf(db) === 'sqlite') await db.raw('PRAGMA optimize');
}
