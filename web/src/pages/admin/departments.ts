// Every department (GET /api/v1/departments, paged through), for the lists' department names and
// the forms' department choices. The bureau's pages and the auditor's trail both use it.
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { useLoad } from '../../components/useLoad';

export type Department = components['schemas']['Department'];

export async function loadAllDepartments(): Promise<Department[]> {
  const all: Department[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 50; page++) {
    const answer = await must(api.GET('/api/v1/departments', { params: { query: { limit: 100, cursor } } }));
    all.push(...answer.items);
    if (!answer.nextCursor) break;
    cursor = answer.nextCursor;
  }
  return all;
}

export function useAllDepartments() {
  return useLoad(loadAllDepartments, []);
}

export function departmentOptions(departments: Department[] | undefined): Array<{ value: string; label: string }> {
  return (departments ?? []).map((d) => ({ value: d.id, label: d.name }));
}

export function departmentName(departments: Department[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return departments?.find((d) => d.id === id)?.name ?? id;
}
