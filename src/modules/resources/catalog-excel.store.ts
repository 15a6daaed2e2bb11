import { Conn } from '../../db/database';
import { inChunks } from '../../db/in-chunks';
import { Row } from '../../db/rows';
import { normalizeItemName } from '../../domain/text';
import { DataItem, Resource, resourceQuery, toItem, toResource } from './resources.store';

// The reads of the catalog's Excel import and export (resources.import.ts, resources.export.ts):
// a page of entries with their items, the items of many entries, and which names a department
// already uses.

export class CatalogExcelStore {
  /** The entries with these ids, with their items, in the order of `ids` (a page of a search). */
  async entriesWithItems(db: Conn, ids: string[]): Promise<Resource[]> {
    if (ids.length === 0) return [];
    const rows: Row[] = await inChunks(ids, (chunk) => resourceQuery(db).whereIn('r.id', chunk));
    const items = await this.itemsOf(db, ids);
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.filter((id) => byId.has(id)).map((id) => toResource(byId.get(id)!, items.get(id) ?? []));
  }

  /** The items of each entry, in their order. */
  async itemsOf(db: Conn, ids: string[]): Promise<Map<string, DataItem[]>> {
    const rows: Row[] = await inChunks(ids, (chunk) =>
      db('resource_items').whereIn('resource_id', chunk).orderBy(['resource_id', 'position']),
    );
    const byResource = new Map<string, DataItem[]>();
    for (const row of rows) {
      const list = byResource.get(row.resource_id as string) ?? [];
      list.push(toItem(row));
      byResource.set(row.resource_id as string, list);
    }
    return byResource;
  }

  /** Of these names, those the department's entries (any status but withdrawn) already have, compared as item names are. */
  async existingNames(db: Conn, departmentId: string, names: string[]): Promise<Set<string>> {
    const wanted = new Set(names.map(normalizeItemName));
    const rows: Row[] = await db('resources').where({ department_id: departmentId }).whereNot('status', 'withdrawn').select('name');
    return new Set(rows.map((r) => normalizeItemName(r.name as string)).filter((n) => wanted.has(n)));
  }
}
