import { changedFields, consistencyErrors, EntryFields, storedItems, submissionGaps } from '../../src/domain/resource-rules';

// A complete, consistent entry: a professional (2xx) resource shared on conditions through a query
// API and a batch exchange, with one sensitive item carrying its desensitization rule.
function entry(overrides: Partial<EntryFields> = {}): EntryFields {
  return {
    name: '城乡居民医保参保信息',
    categoryCode: '202',
    summary: '本市城乡居民基本医疗保险参保登记信息。',
    format: 'database',
    items: [
      { name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, desensitizationRule: '保留前6位和后4位', queryRole: 'input' },
      { name: '参保状态', dataType: 'C', length: 2, queryRole: 'output' },
      { name: '参保日期', dataType: 'D', queryRole: 'output' },
    ],
    sharingType: 'conditional',
    sharingConditions: '用于依法履职的参保核验',
    sharingBasis: null,
    openType: 'not_open',
    openConditions: null,
    updateCycle: 'daily',
    scopeOfUse: '政务服务参保核验',
    provisionModes: [
      { mode: 'query_api', description: '按身份证号查询' },
      { mode: 'batch_exchange', fileFormat: 'csv' },
    ],
    video: null,
    ...overrides,
  };
}

/** The draft a clerk starts from: a name and a category, nothing else. */
function emptyDraft(overrides: Partial<EntryFields> = {}): EntryFields {
  return {
    name: '新建目录',
    categoryCode: '301',
    summary: null,
    format: null,
    items: [],
    sharingType: null,
    sharingConditions: null,
    sharingBasis: null,
    openType: null,
    openConditions: null,
    updateCycle: null,
    scopeOfUse: null,
    provisionModes: [],
    video: null,
    ...overrides,
  };
}

const codes = (errors: { code?: string }[]) => errors.map((e) => e.code);
const paths = (errors: { path?: string }[]) => errors.map((e) => e.path);

describe('consistencyErrors', () => {
  it('finds nothing wrong with a complete entry, nor with an empty draft', () => {
    expect(consistencyErrors(entry())).toEqual([]);
    expect(consistencyErrors(emptyDraft())).toEqual([]);
  });

  describe('conditional sharing needs its conditions', () => {
    it.each([null, '', '   ', '\n\t'])('refuses conditional sharing with conditions %p', (conditions) => {
      const errors = consistencyErrors(entry({ sharingType: 'conditional', sharingConditions: conditions }));
      expect(errors).toEqual([
        { path: '/sharingConditions', code: 'sharing_conditions_required', message: expect.stringMatching(/共享条件/) },
      ]);
    });

    it('does not ask unconditional or not-shared entries for conditions', () => {
      expect(consistencyErrors(entry({ sharingType: 'unconditional', sharingConditions: null }))).toEqual([]);
      expect(
        consistencyErrors(entry({ sharingType: 'not_shared', sharingConditions: null, sharingBasis: '《中华人民共和国个人信息保护法》' })),
      ).toEqual([]);
    });
  });

  describe('not shared needs its legal or policy basis', () => {
    it.each([null, '', '  '])('refuses not_shared with basis %p', (basis) => {
      const errors = consistencyErrors(entry({ sharingType: 'not_shared', sharingConditions: null, sharingBasis: basis }));
      expect(errors).toEqual([{ path: '/sharingBasis', code: 'sharing_basis_required', message: expect.stringMatching(/依据/) }]);
    });

    it('accepts not_shared with a basis for a professional (2xx) and a department (3xx) resource', () => {
      for (const categoryCode of ['202', '301', '399']) {
        expect(
          consistencyErrors(
            entry({ categoryCode, sharingType: 'not_shared', sharingConditions: null, sharingBasis: '《保守国家秘密法》第九条' }),
          ),
        ).toEqual([]);
      }
    });
  });

  describe('base resources (1xx) are shared universally', () => {
    it.each(['101', '102', '103', '104', '105', '106'])('refuses not_shared for base category %s even with a basis', (categoryCode) => {
      const errors = consistencyErrors(
        entry({ categoryCode, sharingType: 'not_shared', sharingConditions: null, sharingBasis: '某政策依据' }),
      );
      expect(errors).toEqual([
        { path: '/sharingType', code: 'base_resource_must_be_shared', message: expect.stringMatching(/基础信息资源/) },
      ]);
    });

    it('reports both the missing basis and the base rule at once', () => {
      const errors = consistencyErrors(
        entry({ categoryCode: '101', sharingType: 'not_shared', sharingConditions: null, sharingBasis: null }),
      );
      expect(codes(errors).sort()).toEqual(['base_resource_must_be_shared', 'sharing_basis_required']);
    });

    it('allows base resources to be shared unconditionally or on conditions', () => {
      expect(consistencyErrors(entry({ categoryCode: '101', sharingType: 'unconditional', sharingConditions: null }))).toEqual([]);
      expect(consistencyErrors(entry({ categoryCode: '101', sharingType: 'conditional' }))).toEqual([]);
    });
  });

  describe('duplicate data items', () => {
    const item = (name: string) => ({ name, dataType: 'C' });

    it('flags the second occurrence of the same name, pointing at its index', () => {
      const errors = consistencyErrors(entry({ items: [item('姓名'), item('性别'), item('姓名')] }));
      expect(errors).toEqual([{ path: '/items/2/name', code: 'duplicate_item', message: expect.stringContaining('姓名') }]);
    });

    it.each([
      ['trailing space', '公民身份号码 '],
      ['inner full-width space', '公民身份\u3000号码'],
      ['tab and newline', '\t公民身份\n号码'],
    ])('treats a variant with %s as the same item', (_label, variant) => {
      const errors = consistencyErrors(entry({ items: [item('公民身份号码'), item(variant)] }));
      expect(errors).toEqual([{ path: '/items/1/name', code: 'duplicate_item', message: expect.any(String) }]);
    });

    it('treats full-width letters and digits and a different case as the same item (NFKC)', () => {
      const errors = consistencyErrors(entry({ items: [item('GPS坐标1'), item('ｇｐｓ坐标１'), item('gps 坐标 1')] }));
      expect(paths(errors)).toEqual(['/items/1/name', '/items/2/name']);
      expect(codes(errors)).toEqual(['duplicate_item', 'duplicate_item']);
    });

    it('does not confuse different items', () => {
      expect(consistencyErrors(entry({ items: [item('姓名'), item('曾用名'), item('姓名拼音')] }))).toEqual([]);
    });
  });

  describe('duplicate provision modes', () => {
    it('flags each repetition of a mode, at its index', () => {
      const errors = consistencyErrors(
        entry({
          provisionModes: [
            { mode: 'query_api' },
            { mode: 'batch_exchange' },
            { mode: 'query_api', description: '另一个接口' },
            { mode: 'batch_exchange' },
          ],
        }),
      );
      expect(errors).toEqual([
        { path: '/provisionModes/2/mode', code: 'duplicate_provision_mode', message: expect.stringContaining('query_api') },
        { path: '/provisionModes/3/mode', code: 'duplicate_provision_mode', message: expect.stringContaining('batch_exchange') },
      ]);
    });

    it('accepts each of the five modes once', () => {
      const provisionModes = ['certificate', 'query_api', 'verification_api', 'batch_exchange', 'other'].map((mode) => ({ mode }));
      expect(consistencyErrors(entry({ provisionModes }))).toEqual([]);
    });
  });

  describe("unknown category (the bureau's tree says which exist: src/modules/categories)", () => {
    it.each(['100', '199', '211', '300', '999', '101001'])('refuses category %s when the tree has no such category', (categoryCode) => {
      const errors = consistencyErrors(entry({ categoryCode }), false);
      expect(errors).toEqual([{ path: '/categoryCode', code: 'unknown_category', message: expect.stringContaining(categoryCode) }]);
      expect(errors[0].message).toContain('目录分类代码');
    });

    it.each(['400', '1', '1010', '10100'])('refuses %s, outside the national code scheme, whatever the tree says', (categoryCode) => {
      expect(codes(consistencyErrors(entry({ categoryCode }), true))).toEqual(['unknown_category']);
      expect(codes(consistencyErrors(entry({ categoryCode })))).toEqual(['unknown_category']);
    });

    it('accepts a 项, 目 or 细目 the tree holds', () => {
      for (const categoryCode of ['202', '202001', '202001001']) expect(consistencyErrors(entry({ categoryCode }), true)).toEqual([]);
    });

    it('does not apply the base rule to an unknown 1xx category, and still reports the other errors', () => {
      const errors = consistencyErrors(
        entry({ categoryCode: '199', sharingType: 'not_shared', sharingConditions: null, sharingBasis: null }),
        false,
      );
      expect(codes(errors)).toEqual(['unknown_category', 'sharing_basis_required']);
    });
  });

  describe('masking rules fit their items (docs/resources.md, Masking)', () => {
    const masked = (...items: EntryFields['items']) => consistencyErrors(entry({ items }));

    it('accepts rules that fit, on sensitive items and, harmlessly, on others', () => {
      expect(
        masked(
          { name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, masking: { rule: 'keep_ends', first: 6, last: 4 } },
          { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'family_name' } },
          { name: '出生日期', dataType: 'D', masking: { rule: 'date', precision: 'year' } },
          { name: '登记时间', dataType: 'T', masking: { rule: 'date', precision: 'month' } },
          { name: '联系电话', dataType: 'C', length: 20, sensitive: true, masking: { rule: 'phone' } },
          { name: '住址', dataType: 'C', sensitive: true, masking: { rule: 'fixed', replacement: '***' } },
          { name: '银行账号', dataType: 'C', sensitive: true, masking: { rule: 'keyed_hash', length: 16 } },
          { name: '性别', dataType: 'C', length: 1, masking: null },
        ),
      ).toEqual([]);
    });

    it('refuses a rule whose parameters do not fit the item, at /items/<i>/masking', () => {
      const errors = masked(
        { name: '出生日期', dataType: 'D' },
        { name: '姓名', dataType: 'C', length: 50, sensitive: true, masking: { rule: 'date', precision: 'year' } },
        { name: '公民身份号码', dataType: 'C', length: 18, sensitive: true, masking: { rule: 'keep_ends', first: 14, last: 4 } },
        { name: '银行账号', dataType: 'C', sensitive: true, masking: { rule: 'keyed_hash', length: 4 } },
      );
      expect(errors.map((e) => [e.path, e.code])).toEqual([
        ['/items/1/masking', 'masking_not_for_data_type'],
        ['/items/2/masking', 'invalid_masking_parameter'],
        ['/items/3/masking/length', 'invalid_masking_parameter'],
      ]);
      expect(errors[0].message).toMatch(/日期精度.*字符型.*\(the date rule does not fit/);
    });
  });

  it('lists every error at once', () => {
    const errors = consistencyErrors(
      entry({
        categoryCode: '101',
        sharingType: 'not_shared',
        sharingConditions: null,
        sharingBasis: ' ',
        items: [
          { name: '姓名', dataType: 'C' },
          { name: '姓名 ', dataType: 'C' },
        ],
        provisionModes: [
          { mode: 'other', description: '光盘' },
          { mode: 'other', description: '纸质' },
        ],
      }),
    );
    expect(paths(errors)).toEqual(['/sharingBasis', '/sharingType', '/items/1/name', '/provisionModes/1/mode']);
  });
});

describe('submissionGaps', () => {
  it('finds no gap in a complete entry', () => {
    expect(submissionGaps(entry())).toEqual([]);
  });

  it('lists every missing field of an empty draft at once', () => {
    const gaps = submissionGaps(emptyDraft());
    expect(paths(gaps)).toEqual([
      '/summary',
      '/format',
      '/updateCycle',
      '/sharingType',
      '/openType',
      '/scopeOfUse',
      '/items',
      '/provisionModes',
    ]);
    expect(new Set(codes(gaps))).toEqual(new Set(['required_for_submission']));
    for (const g of gaps) expect(g.message.trim()).not.toBe('');
  });

  it('treats blank summary and scope of use as missing', () => {
    const gaps = submissionGaps(entry({ summary: '   ', scopeOfUse: '\n' }));
    expect(paths(gaps)).toEqual(['/summary', '/scopeOfUse']);
  });

  describe('sensitive items need a desensitization rule', () => {
    it.each([null, undefined, '', '  '])('reports a sensitive item whose rule is %p', (rule) => {
      const items = [
        { name: '公民身份号码', dataType: 'C', sensitive: true, desensitizationRule: '保留前6位和后4位', queryRole: 'input' as const },
        { name: '联系电话', dataType: 'C', sensitive: true, desensitizationRule: rule, queryRole: 'output' as const },
      ];
      const gaps = submissionGaps(entry({ items }));
      expect(gaps).toEqual([
        { path: '/items/1/desensitizationRule', code: 'required_for_submission', message: expect.stringContaining('联系电话') },
      ]);
    });

    it('reports every sensitive item without a rule, and no rule is needed for an insensitive one', () => {
      const items = [
        { name: '姓名', dataType: 'C', sensitive: true, queryRole: 'input' as const },
        { name: '性别', dataType: 'C', sensitive: false, queryRole: 'output' as const },
        { name: '住址', dataType: 'C', sensitive: true, desensitizationRule: null, queryRole: 'output' as const },
      ];
      expect(paths(submissionGaps(entry({ items })))).toEqual(['/items/0/desensitizationRule', '/items/2/desensitizationRule']);
    });
  });

  describe('a query API lists its input and output items', () => {
    const plain = (name: string, queryRole: 'input' | 'output' | null = null) => ({ name, dataType: 'C', queryRole });

    it('asks for both an input and an output item when none is marked', () => {
      const gaps = submissionGaps(entry({ items: [plain('姓名'), plain('性别')], provisionModes: [{ mode: 'query_api' }] }));
      expect(gaps).toHaveLength(2);
      expect(paths(gaps)).toEqual(['/items', '/items']);
      expect(gaps[0].message).toMatch(/输入项/);
      expect(gaps[1].message).toMatch(/输出项/);
    });

    it('asks for the output when only inputs are marked, and for the input when only outputs are', () => {
      const onlyInput = submissionGaps(entry({ items: [plain('姓名', 'input')], provisionModes: [{ mode: 'query_api' }] }));
      expect(onlyInput).toEqual([{ path: '/items', code: 'required_for_submission', message: expect.stringMatching(/输出项/) }]);
      const onlyOutput = submissionGaps(entry({ items: [plain('姓名', 'output')], provisionModes: [{ mode: 'query_api' }] }));
      expect(onlyOutput).toEqual([{ path: '/items', code: 'required_for_submission', message: expect.stringMatching(/输入项/) }]);
    });

    it('does not ask other provision modes for query roles', () => {
      const items = [plain('姓名'), plain('性别')];
      for (const mode of ['certificate', 'verification_api', 'batch_exchange', 'other']) {
        expect(submissionGaps(entry({ items, provisionModes: [{ mode }] }))).toEqual([]);
      }
    });
  });

  describe('conditional opening needs its conditions', () => {
    it.each([null, '', ' '])('reports conditional_open with conditions %p', (openConditions) => {
      expect(submissionGaps(entry({ openType: 'conditional_open', openConditions }))).toEqual([
        { path: '/openConditions', code: 'required_for_submission', message: expect.stringMatching(/开放条件/) },
      ]);
    });

    it('accepts conditional_open with conditions, and open or not_open without', () => {
      expect(submissionGaps(entry({ openType: 'conditional_open', openConditions: '仅向科研机构开放' }))).toEqual([]);
      expect(submissionGaps(entry({ openType: 'open', openConditions: null }))).toEqual([]);
      expect(submissionGaps(entry({ openType: 'not_open', openConditions: null }))).toEqual([]);
    });
  });

  describe('video surveillance states camera points and sharing scope', () => {
    const point = { code: 'CAM-001', name: '五一广场东', location: '五一广场东侧路口' };

    it('reports both when neither is given', () => {
      const gaps = submissionGaps(entry({ video: { cameraPoints: [], sharingScope: '' } }));
      expect(paths(gaps)).toEqual(['/video/cameraPoints', '/video/sharingScope']);
      expect(new Set(codes(gaps))).toEqual(new Set(['required_for_submission']));
    });

    it('reports a blank sharing scope, and missing points', () => {
      expect(paths(submissionGaps(entry({ video: { cameraPoints: [point], sharingScope: '  ' } })))).toEqual(['/video/sharingScope']);
      expect(paths(submissionGaps(entry({ video: { cameraPoints: [], sharingScope: '公安、交通、应急部门' } })))).toEqual([
        '/video/cameraPoints',
      ]);
    });

    it('accepts points with a scope', () => {
      expect(
        submissionGaps(entry({ video: { cameraPoints: [point], sharingScope: '接入区视频中心，共享给公安、交通、应急部门' } })),
      ).toEqual([]);
    });
  });

  it('lists missing fields, rules and video gaps together', () => {
    const gaps = submissionGaps(
      emptyDraft({
        openType: 'conditional_open',
        items: [{ name: '车牌号码', dataType: 'C', sensitive: true }],
        provisionModes: [{ mode: 'query_api' }],
        video: { cameraPoints: [], sharingScope: '' },
      }),
    );
    expect(paths(gaps)).toEqual([
      '/summary',
      '/format',
      '/updateCycle',
      '/sharingType',
      '/scopeOfUse',
      '/openConditions',
      '/items/0/desensitizationRule',
      '/items',
      '/items',
      '/video/cameraPoints',
      '/video/sharingScope',
    ]);
  });
});

describe('storedItems', () => {
  const keepEnds = { rule: 'keep_ends' as const, first: 6, last: 4 };

  it('gives every item every field, in the order the store reads them, the rule in its canonical form', () => {
    const [item] = storedItems(
      [{ masking: { last: 4, first: 6, rule: 'keep_ends' } as typeof keepEnds, dataType: 'C', name: ' 公民身份号码 ' }],
      [],
    );
    expect(JSON.stringify(item)).toBe(
      JSON.stringify({
        name: '公民身份号码',
        dataType: 'C',
        length: null,
        description: null,
        sensitive: false,
        desensitizationRule: '保留前6位和后4位',
        queryRole: null,
        masking: keepEnds,
        key: false,
        required: false,
      }),
    );
  });

  it('fills an empty desensitization text with the rule in words, and keeps a text the clerk wrote', () => {
    const items = storedItems(
      [
        { name: '姓名', dataType: 'C', sensitive: true, desensitizationRule: ' ', masking: { rule: 'family_name' } },
        { name: '公民身份号码', dataType: 'C', sensitive: true, desensitizationRule: '保留前6位和后4位，其余以*代替', masking: keepEnds },
        { name: '住址', dataType: 'C', sensitive: true, desensitizationRule: '仅保留至县（区）一级' },
      ],
      [],
    );
    expect(items.map((i) => i.desensitizationRule)).toEqual(['仅显示姓', '保留前6位和后4位，其余以*代替', '仅保留至县（区）一级']);
    expect(submissionGaps(entry({ items, provisionModes: [{ mode: 'batch_exchange' }] }))).toEqual([]);
  });

  it('lets a text that was the words of the previous rule follow a changed rule', () => {
    const before = storedItems([{ name: '公民身份号码', dataType: 'C', sensitive: true, masking: keepEnds }], []);
    const [changed] = storedItems([{ ...before[0], name: '公民身份号码 ', masking: { rule: 'keyed_hash', length: 16 } }], before);
    expect(changed.desensitizationRule).toBe('按使用部门加密散列（16位）');
    const [removed] = storedItems([{ ...before[0], masking: null }], before);
    expect(removed).toMatchObject({ desensitizationRule: '保留前6位和后4位', masking: null });
  });
});

describe('changedFields', () => {
  const fields = ['name', 'summary', 'items', 'provisionModes', 'video'];

  it('names no field when nothing changed', () => {
    const before = { name: 'A', summary: 'S', items: [{ name: 'x' }], provisionModes: [], video: null };
    expect(changedFields(before, JSON.parse(JSON.stringify(before)), fields)).toEqual([]);
  });

  it('names the fields that differ, in the order of the field list', () => {
    const before = { name: 'A', summary: 'S', items: [{ name: 'x' }], provisionModes: [{ mode: 'query_api' }], video: null };
    const after = {
      name: 'B',
      summary: 'S',
      items: [{ name: 'x' }, { name: 'y' }],
      provisionModes: [{ mode: 'query_api' }],
      video: { cameraPoints: [], sharingScope: '' },
    };
    expect(changedFields(before, after, fields)).toEqual(['name', 'items', 'video']);
  });

  it('compares nested values deeply', () => {
    expect(changedFields({ items: [{ name: 'x', length: 1 }] }, { items: [{ name: 'x', length: 2 }] }, ['items'])).toEqual(['items']);
  });

  it('treats a missing field as null, and ignores fields not listed', () => {
    expect(changedFields({ summary: null }, {}, ['summary'])).toEqual([]);
    expect(changedFields({}, { summary: undefined }, ['summary'])).toEqual([]);
    expect(changedFields({ summary: null }, { summary: '' }, ['summary'])).toEqual(['summary']);
    expect(changedFields({ other: 1 }, { other: 2 }, ['summary'])).toEqual([]);
  });
});
