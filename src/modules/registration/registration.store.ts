import { Conn, Tx } from '../../db/database';
import { nextCounterValue } from '../../db/form-counters';
import { Row } from '../../db/rows';

// The achievement registrations (project_registrations): one per project, filed once, received once.

export class RegistrationStore {
  /** A project's registration with the receiving department's name, or null before it is filed. */
  async find(db: Conn, projectId: string): Promise<Row | null> {
    return (
      (await db('project_registrations as g')
        .leftJoin('departments as d', 'd.id', 'g.receiving_department_id')
        .where('g.project_id', projectId)
        .select('g.*', 'd.name as receiving_department_name')
        .first()) ?? null
    );
  }

  /** The next counter of registration numbers in the year (Beijing), taken in the filing transaction. */
  nextNumber(tx: Tx, year: number): Promise<number> {
    return nextCounterValue(tx, 'DJ', year);
  }

  async insert(tx: Tx, row: Row): Promise<void> {
    await tx('project_registrations').insert(row);
  }

  /** Records the bureau's receipt of a registration not received yet; false when it already was. */
  async receive(tx: Tx, projectId: string, receipt: Row): Promise<boolean> {
    const updated = await tx('project_registrations').where({ project_id: projectId }).whereNull('received_on').update(receipt);
    return Number(updated) === 1;
  }
}
