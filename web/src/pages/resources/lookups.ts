// What the editor's selects offer besides the code lists: the category tree and the department's projects.
import type { components } from '@contract';
import { api, must } from '../../api/client';

type Category = components['schemas']['Category'];

export interface CategoryNode {
  value: string;
  title: string;
  selectable: boolean;
  children: CategoryNode[];
}

/** The tree (flat in pre-order from listCategories) as TreeSelect nodes; a 类 itself is not an entry's category. */
export function categoryTree(items: Category[]): CategoryNode[] {
  const roots: CategoryNode[] = [];
  const byCode = new Map<string, CategoryNode>();
  for (const c of items) {
    const node: CategoryNode = { value: c.code, title: `${c.code} ${c.name}`, selectable: c.level >= 2, children: [] };
    byCode.set(c.code, node);
    const parent = c.parentCode ? byCode.get(c.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export async function loadCategories(): Promise<CategoryNode[]> {
  const list = await must(api.GET('/api/v1/categories'));
  return categoryTree(list.items);
}

/** The department's projects (every page), for the entry's producing project. */
export async function loadProjects(departmentId: string): Promise<Array<{ value: string; label: string }>> {
  const out: Array<{ value: string; label: string }> = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const list = await must(
      api.GET('/api/v1/projects', { params: { query: { ownerDepartmentId: departmentId, limit: 100, ...(cursor ? { cursor } : {}) } } }),
    );
    out.push(...list.items.map((p) => ({ value: p.id, label: `${p.name}（${p.code}）` })));
    if (!list.nextCursor) break;
    cursor = list.nextCursor;
  }
  return out;
}
