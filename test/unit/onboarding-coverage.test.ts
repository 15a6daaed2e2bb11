import { coverageChanges, coverageOf, CoverableEntry } from '../../src/domain/onboarding';

// What a verification covered, and why it no longer stands (docs/onboarding.md, Verification).

const entry = (overrides: Partial<CoverableEntry> = {}): CoverableEntry => ({
  id: 'e1',
  name: '户籍人口基本信息',
  status: 'published',
  provisionModes: [{ mode: 'query_api' }, { mode: 'batch_exchange' }],
  items: [
    { name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, desensitizationRule: '保留前6位和后4位', queryRole: 'input' },
    { name: '姓名', dataType: 'C', length: 50, sensitive: true, desensitizationRule: '仅显示姓', queryRole: 'output' },
  ],
  ...overrides,
});

describe('coverageOf', () => {
  it('keeps the entries that are not withdrawn, their modes in a fixed order and one line per item', () => {
    const covered = coverageOf([entry(), entry({ id: 'e2', status: 'withdrawn' })]);
    expect(covered).toEqual([
      {
        resourceId: 'e1',
        name: '户籍人口基本信息',
        status: 'published',
        provisionModes: ['batch_exchange', 'query_api'],
        items: ['公民身份号码|C|18|sensitive|保留前6位和后4位|input', '姓名|C|50|sensitive|仅显示姓|output'],
      },
    ]);
  });
});

describe('coverageChanges', () => {
  const before = coverageOf([entry(), entry({ id: 'e2', name: '婚姻登记信息' })]);

  it('finds nothing when the covered entries are as they were, whatever the order of their modes', () => {
    expect(
      coverageChanges(
        before,
        coverageOf([
          entry({ provisionModes: [{ mode: 'batch_exchange' }, { mode: 'query_api' }] }),
          entry({ id: 'e2', name: '婚姻登记信息' }),
        ]),
      ),
    ).toEqual([]);
  });

  it('names an entry withdrawn (or gone from the project), one whose status changed, and changed modes or items', () => {
    expect(coverageChanges(before, coverageOf([entry(), entry({ id: 'e2', name: '婚姻登记信息', status: 'withdrawn' })]))).toEqual([
      expect.stringContaining('婚姻登记信息'),
    ]);
    expect(coverageChanges(before, coverageOf([entry({ status: 'submitted' }), entry({ id: 'e2', name: '婚姻登记信息' })]))).toEqual([
      expect.stringMatching(/状态已由 published 变为 submitted/),
    ]);
    expect(
      coverageChanges(before, coverageOf([entry({ provisionModes: [{ mode: 'query_api' }] }), entry({ id: 'e2', name: '婚姻登记信息' })])),
    ).toEqual([expect.stringContaining('提供方式已变更')]);
    const masked = entry().items.map((i, n) => (n === 1 ? { ...i, desensitizationRule: null } : i));
    expect(coverageChanges(before, coverageOf([entry({ items: masked }), entry({ id: 'e2', name: '婚姻登记信息' })]))).toEqual([
      expect.stringContaining('信息项已变更'),
    ]);
  });

  it('notices a masking rule added or changed, and leaves the lines of items without one as they were', () => {
    const withRule = (masking: CoverableEntry['items'][number]['masking']) =>
      entry().items.map((i, n) => (n === 0 ? { ...i, masking } : i));
    const e2 = entry({ id: 'e2', name: '婚姻登记信息' });
    expect(coverageChanges(before, coverageOf([entry({ items: withRule(null) }), e2]))).toEqual([]);
    const keepEnds = coverageOf([entry({ items: withRule({ rule: 'keep_ends', first: 6, last: 4 }) }), e2]);
    expect(keepEnds[0].items[0]).toBe('公民身份号码|C|18|sensitive|保留前6位和后4位|input|masking={"rule":"keep_ends","first":6,"last":4}');
    expect(coverageChanges(before, keepEnds)).toEqual([expect.stringContaining('信息项已变更')]);
    const other = coverageOf([entry({ items: withRule({ rule: 'keep_ends', first: 3, last: 4 }) }), e2]);
    expect(coverageChanges(keepEnds, other)).toEqual([expect.stringContaining('信息项已变更')]);
  });

  it('leaves an entry registered after the verification to the checklist', () => {
    expect(
      coverageChanges(before, coverageOf([entry(), entry({ id: 'e2', name: '婚姻登记信息' }), entry({ id: 'e3', name: '新目录' })])),
    ).toEqual([]);
  });
});
