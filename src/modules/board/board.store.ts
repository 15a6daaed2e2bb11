import { Conn } from '../../db/database';
import { inChunks } from '../../db/in-chunks';
import { Row } from '../../db/rows';

// What the bureau's board counts, read across the areas' tables (read only: the board is a view
// of the city, and writes nothing).

export class BoardStore {
  /** Every department's id and name, in the order they were registered. */
  departments(db: Conn): Promise<Row[]> {
    return db('departments')
      .select('id', 'name')
      .orderBy([{ column: 'created_at' }, { column: 'id' }]);
  }

  /** The names of these entries. */
  async entryNames(db: Conn, ids: string[]): Promise<Map<string, string>> {
    const rows: Row[] = await inChunks(ids, (chunk) => db('resources').whereIn('id', chunk).select('id', 'name'));
    return new Map(rows.map((r) => [r.id as string, r.name as string]));
  }

  /** Per department: entries registered (past draft), published, and published to share. */
  entryCounts(db: Conn): Promise<Row[]> {
    return db('resources')
      .whereNot('status', 'draft')
      .groupBy('department_id')
      .select('department_id')
      .select({
        registered: db.raw('COUNT(*)'),
        published: db.raw("SUM(CASE WHEN status = 'published' THEN 1 ELSE 0 END)"),
        shared: db.raw("SUM(CASE WHEN status = 'published' AND sharing_type IN ('unconditional', 'conditional') THEN 1 ELSE 0 END)"),
      });
  }

  /** Per producing department: requests awaiting an answer, and of those the ones overdue at `now`. */
  pendingRequestCounts(db: Conn, now: Date): Promise<Row[]> {
    return db('sharing_requests')
      .where('status', 'pending')
      .groupBy('producer_department_id')
      .select('producer_department_id')
      .select({ pending: db.raw('COUNT(*)'), overdue: db.raw('SUM(CASE WHEN due_at < ? THEN 1 ELSE 0 END)', [now.toISOString()]) });
  }

  /** Every project's row with its owner's name and whether its registration is filed. */
  projects(db: Conn): Promise<Row[]> {
    return db('projects as p')
      .join('departments as d', 'd.id', 'p.owner_department_id')
      .leftJoin('project_registrations as reg', 'reg.project_id', 'p.id')
      .select('p.*', 'd.name as owner_department_name', 'reg.registered_on');
  }
}
