// Reads one small delivery workbook over and over through src/modules/exchange/xlsx-rows.ts, eight
// reads at a time, and counts the reads that failed or lost rows: the check behind ADR 0009's
// amendment (exceljs's reader now and then loses xl/workbook.xml's model; xlsxRows reads again).
//
//   npx ts-node --transpile-only bench/xlsx-read-stress.ts [reads, default 4000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { xlsxRows } from '../src/modules/exchange/xlsx-rows';

const READS = Number(process.argv[2] ?? 4000);
const PARALLEL = 8;
const ROWS: unknown[][] = [
  ['公民身份号码', '姓名', '出生日期', '登记时间', '月收入', '家庭人口', '登记次数', '是否低保', '备注'],
  ['350102200003035678', '李四', new Date(Date.UTC(2000, 2, 3)), null, 10, 1, 1, false, null],
  [],
  ['350102200003035679', '王五', '1990-02-30', null, 1.234, 1, '很多', '也许', null],
];

async function main(): Promise<void> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('人口');
  for (const row of ROWS) sheet.addRow(row);
  sheet.getColumn(3).numFmt = 'yyyy-mm-dd';
  const bytes = Buffer.from(await book.xlsx.writeBuffer());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-read-stress-'));
  const failures = new Map<string, number>();
  const worker = async (w: number) => {
    for (let i = 0; i < READS / PARALLEL; i++) {
      const file = path.join(dir, `${w}-${i}.xlsx`);
      fs.writeFileSync(file, bytes);
      try {
        let rows = 0;
        for await (const _row of xlsxRows(file, { date1904: false })) rows++;
        if (rows !== 3) failures.set(`${rows} rows instead of 3`, (failures.get(`${rows} rows instead of 3`) ?? 0) + 1);
      } catch (err) {
        const what = (err as Error).message;
        failures.set(what, (failures.get(what) ?? 0) + 1);
      } finally {
        fs.unlinkSync(file);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, (_, w) => worker(w)));
  fs.rmSync(dir, { recursive: true, force: true });
  const failed = [...failures.values()].reduce((n, x) => n + x, 0);
  console.log(`${READS} reads, ${PARALLEL} at a time: ${failed} failed`);
  for (const [what, n] of failures) console.log(`  ${n} × ${what}`);
}

void main();
