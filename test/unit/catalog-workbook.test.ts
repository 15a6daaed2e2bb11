import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import YAML from 'yaml';
import {
  choiceText,
  columnLetter,
  ENTRY_COLUMNS,
  ITEM_COLUMNS,
  parseCatalogWorkbook,
  SheetRows,
  TooManyRowsError,
  workbookChoices,
} from '../../src/domain/catalog-workbook';
import { SEEDED_CATEGORIES } from '../../migrations/20261206030000_categories';
import { zipInflatedSize } from '../../src/domain/zip-size';

// The catalog workbook's pure rules (src/domain/catalog-workbook.ts): its columns keep the contract's
// limits, cells are read by heading with every problem placed on its cell, and the zip check that
// guards the import against a file that inflates to gigabytes.

// The tree as the migration seeds it: its 项 (three digits), under which entries are filed.
const choices = workbookChoices(SEEDED_CATEGORIES.filter((c) => c.code.length === 3).map((c) => ({ code: c.code, label: c.name })));
const ENTRY_HEAD = ['条目编号', '资源名称', '资源分类', '共享类型', '共享条件', '提供方式', '证照名称', '数据量（条）', '关联资源代码'];
const ITEM_HEAD = ['条目编号', '信息项名称', '数据类型', '数据长度', '是否敏感'];

function sheets(entries: unknown[][], items: unknown[][]): SheetRows[] {
  const rows = (head: string[], data: unknown[][]) => [
    { number: 1, values: head },
    { number: 2, values: ['【填写说明】必填'] },
    ...data.map((values, i) => ({ number: 3 + i, values })),
  ];
  return [
    { name: '目录', rows: rows(ENTRY_HEAD, entries) },
    { name: '信息项', rows: rows(ITEM_HEAD, items) },
  ];
}

describe('the catalog workbook columns', () => {
  const doc = YAML.parse(fs.readFileSync(path.join(__dirname, '../../openapi/openapi.yaml'), 'utf8'));
  const schemas = doc.components.schemas;
  const entryFields = schemas.ResourceFields.properties;
  const itemFields = schemas.DataItem.properties;

  it('keep the contract’s length limits', () => {
    const limit = (p: Record<string, unknown>) =>
      (p.maxLength as number | undefined) ?? (p.$ref ? schemas[String(p.$ref).split('/').pop()!].maxLength : undefined);
    for (const c of ENTRY_COLUMNS.filter((col) => entryFields[col.key] && col.maxLength))
      expect([c.key, c.maxLength]).toEqual([c.key, limit(entryFields[c.key])]);
    for (const c of ITEM_COLUMNS.filter((col) => itemFields[col.key] && col.maxLength))
      expect([c.key, c.maxLength]).toEqual([c.key, limit(itemFields[c.key])]);
    expect(ITEM_COLUMNS.find((c) => c.key === 'length')).toMatchObject({ min: itemFields.length.minimum, max: itemFields.length.maximum });
    expect(ENTRY_COLUMNS.find((c) => c.key === 'otherModeDescription')!.maxLength).toBe(schemas.OtherMode.properties.description.maxLength);
  });

  it('offer every code of the contract’s enumerations in their drop-downs', () => {
    expect(choices.sharingType.map((c) => c.code)).toEqual(schemas.SharingType.enum);
    expect(choices.openType.map((c) => c.code)).toEqual(schemas.OpenType.enum);
    expect(choices.updateCycle.map((c) => c.code)).toEqual(schemas.UpdateCycle.enum);
    expect(choices.format.map((c) => c.code)).toEqual(schemas.ResourceFormat.enum);
    expect(choices.provisionMode.map((c) => c.code)).toEqual(schemas.ProvisionModeCode.enum);
    expect(choices.dataType.map((c) => c.code)).toEqual(schemas.DataType.enum);
    // Categories show their code: two share a name.
    expect(choiceText(choices.category, '206')).toBe('206 交通运输');
    expect(choiceText(choices.category, '309')).toBe('309 交通运输');
  });

  it('letters columns as a spreadsheet does', () => {
    expect([1, 26, 27, 52, 703].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'AAA']);
  });
});

describe('reading a filled workbook', () => {
  it('reads entries and items by heading, labels or codes, several provision modes, flags and numbers', () => {
    const parsed = parseCatalogWorkbook(
      sheets(
        [
          [
            'E1',
            ' 不动产登记信息 ',
            '304',
            'conditional',
            '依申请',
            '信息查询接口、电子证照/可信文件',
            '不动产权证书',
            '1,200',
            '301/000001、301/000002',
          ],
        ],
        [
          ['E1', '不动产单元号', 'C 字符型'.slice(2), 28, '是'],
          ['E1', '登记日期', '日期型', null, null],
        ],
      ),
      choices,
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(1);
    expect(parsed.entries[0].body).toMatchObject({
      name: '不动产登记信息',
      categoryCode: '304',
      sharingType: 'conditional',
      provisionModes: [{ mode: 'query_api' }, { mode: 'certificate', certificateName: '不动产权证书' }],
      totalDataVolume: { records: 1200, bytes: null },
      relatedResourceCodes: ['301/000001', '301/000002'],
    });
    expect(parsed.entries[0].body.items.map((i) => [i.name, i.dataType, i.length, i.sensitive])).toEqual([
      ['不动产单元号', 'C', 28, true],
      ['登记日期', 'D', null, false],
    ]);
    expect(parsed.itemCount).toBe(2);
  });

  it('takes a category by its name alone only when the name is unique', () => {
    const parsed = parseCatalogWorkbook(
      sheets(
        [
          ['E1', '甲', '公安'],
          ['E2', '乙', '交通运输'],
        ],
        [],
      ),
      choices,
    );
    expect(parsed.entries.map((e) => e.body.categoryCode)).toEqual(['301']);
    expect(parsed.problems).toEqual([expect.objectContaining({ cell: 'C4', code: 'unknown_choice' })]);
  });

  it('places every problem on its cell: required, unknown label, wrong type, bad code, missing certificate name, duplicate key', () => {
    const parsed = parseCatalogWorkbook(
      sheets(
        [
          ['E1', '', '301'],
          ['E2', '乙', '301', '随便共享', null, null, null, '12.5'],
          ['E2', '丙', '301', null, null, '电子证照/可信文件', null, null, 'ABC'],
          ['E4', '丁', '101', '不予共享'],
          ['E5', '戊', '301', null, null, '电子证照/可信文件、其他'],
        ],
        [['E4', '姓名', '字符型', 0, '也许']],
      ),
      choices,
    );
    expect(parsed.problems.map((p) => `${p.sheet}!${p.cell ?? p.row} ${p.code}`)).toEqual([
      '目录!B3 required',
      '目录!D4 unknown_choice',
      '目录!H4 wrong_type',
      '目录!A5 duplicate_key',
      '目录!I5 invalid_code',
      '目录!6 sharing_basis_required',
      '目录!D6 base_resource_must_be_shared',
      '目录!7 required',
      '目录!G7 required',
      '信息项!D3 out_of_range',
      '信息项!E3 unknown_choice',
    ]);
    expect(parsed.problems[0].message).toBe('目录表 B3“资源名称”：必填，不能为空 (required)');
  });

  it('reports missing sheets and missing required columns, and skips unknown headings with a note', () => {
    expect(parseCatalogWorkbook([{ name: 'Sheet1', rows: [] }], choices).problems.map((p) => p.code)).toEqual([
      'missing_sheet',
      'missing_sheet',
    ]);
    const parsed = parseCatalogWorkbook(
      [
        { name: '目录', rows: [{ number: 1, values: ['条目编号', '名称', '备注'] }] },
        { name: '信息项', rows: [{ number: 1, values: ITEM_HEAD }] },
      ],
      choices,
    );
    expect(parsed.problems.map((p) => p.message)).toEqual([
      '目录表第 1 行：缺少必需的列“资源名称” (a required column is missing)',
      '目录表第 1 行：缺少必需的列“资源分类” (a required column is missing)',
    ]);
    expect(parsed.ignoredHeadings).toEqual(['目录!B1 名称', '目录!C1 备注']);
  });

  it('stops at the row cap', () => {
    const many = Array.from({ length: 2001 }, (_, i) => [`K${i}`, `目录${i}`, '301']);
    expect(() => parseCatalogWorkbook(sheets(many, []), choices)).toThrow(TooManyRowsError);
  });
});

describe('the inflated size of a zip', () => {
  it('is read from the directory of an .xlsx, and null for what is not a zip', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('目录').addRow(['x'.repeat(100_000)]);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const size = zipInflatedSize(file)!;
    expect(size).toBeGreaterThan(100_000);
    expect(size).toBeGreaterThan(file.length * 10);
    expect(zipInflatedSize(Buffer.from('资源名称,资源分类\n'))).toBeNull();
    expect(zipInflatedSize(Buffer.alloc(0))).toBeNull();
  });
});
