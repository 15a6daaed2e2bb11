// Resource codes in the national style (资源代码 = 前段码 "/" 后段码): the category code, then a
// six-digit sequence number within that category, e.g. 101/000001.

export function formatResourceCode(categoryCode: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999999) {
    throw new Error(`resource sequence out of range: ${sequence}`);
  }
  return `${categoryCode}/${String(sequence).padStart(6, '0')}`;
}
