// Rows copied from an Excel item list (信息项表) and pasted as text: one line per item, cells
// separated by tabs, in the order 名称、数据类型、长度、说明、是否敏感、查询角色. A data type may be its
// code (C) or its label (字符型); 是/否 and 输入项/输出项 as the template writes them. A heading row
// (its first cell 信息项名称 or 名称) is skipped.
import type { Vocabularies } from '../../components/vocabularies';
import type { ItemValues } from './entryForm';

export const PASTE_COLUMNS = ['信息项名称', '数据类型', '长度', '说明', '是否敏感', '查询角色'] as const;

export interface PastedRow {
  line: number;
  item: ItemValues;
  problems: string[];
}

const YES = new Set(['是', 'y', 'yes', 'true', '1', '敏感']);
const NO = new Set(['', '否', 'n', 'no', 'false', '0']);

/** Splits Excel's clipboard text into lines of cells (a quoted cell may hold tabs and line breaks). */
export function splitCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === '\t') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c.trim() !== ''));
}

export function parsePastedItems(text: string, vocabularies: Vocabularies | undefined): PastedRow[] {
  const types = vocabularies?.dataTypes ?? [];
  const roles = vocabularies?.queryRoles ?? [];
  const rows = splitCells(text);
  if (rows.length > 0 && ['信息项名称', '名称'].includes(rows[0][0]?.trim())) rows.shift();
  return rows.map((cells, index) => {
    const [name = '', type = '', length = '', description = '', sensitive = '', role = ''] = cells.map((c) => c.trim());
    const problems: string[] = [];
    if (!name) problems.push('缺少信息项名称');
    const dataType = types.find((t) => t.code === type.toUpperCase() || t.label === type)?.code ?? (type === '' ? 'C' : undefined);
    if (dataType === undefined) problems.push(`数据类型“${type}”不是可选项（${types.map((t) => t.label).join('、')}）`);
    const lengthNumber = length === '' ? null : Number(length);
    if (lengthNumber !== null && !(Number.isInteger(lengthNumber) && lengthNumber > 0)) problems.push(`长度“${length}”不是正整数`);
    const lower = sensitive.toLowerCase();
    if (!YES.has(lower) && !NO.has(lower)) problems.push(`是否敏感“${sensitive}”应为“是”或“否”`);
    const queryRole = role === '' ? null : (roles.find((r) => r.code === role || r.label === role)?.code ?? undefined);
    if (queryRole === undefined) problems.push(`查询角色“${role}”应为“输入项”或“输出项”`);
    return {
      line: index + 1,
      item: {
        name,
        dataType: (dataType ?? 'C') as ItemValues['dataType'],
        length: lengthNumber !== null && Number.isInteger(lengthNumber) && lengthNumber > 0 ? lengthNumber : null,
        description: description || null,
        sensitive: YES.has(lower),
        desensitizationRule: null,
        queryRole: (queryRole ?? null) as ItemValues['queryRole'],
        masking: null,
        key: false,
        required: false,
      },
      problems,
    };
  });
}
