// A sensitive item's masking: the free-text 脱敏脱密规则 the paper forms print, and the structured
// rule the exchange applies (MaskingRule in openapi/openapi.yaml; docs/resources.md "Masking").
import { Flex, Form, Input, InputNumber, Select } from 'antd';
import type { ItemValues, MaskingValues } from './entryForm';

type Rule = NonNullable<MaskingValues['rule']>;

const RULES: Array<{ value: Rule; label: string; types: string[] | null }> = [
  { value: 'keep_ends', label: '保留首尾（其余以 * 代替）', types: ['C', 'M', 'N', 'I'] },
  { value: 'phone', label: '手机号保留前3位和后4位', types: ['C', 'N', 'I'] },
  { value: 'family_name', label: '仅显示姓', types: ['C'] },
  { value: 'date', label: '日期精确到年或月', types: ['D', 'T'] },
  { value: 'fixed', label: '固定替换', types: null },
  { value: 'keyed_hash', label: '按使用部门加密散列', types: null },
];

/** The rules that fit an item of this data type (the service refuses the others). */
export function maskingOptions(dataType: string | undefined) {
  return [
    { value: '', label: '不设置结构化规则' },
    ...RULES.filter((r) => !r.types || r.types.includes(dataType ?? 'C')).map((r) => ({ value: r.value, label: r.label })),
  ];
}

/** What a rule does, in words (as describeMasking on the service says it). */
export function describeMasking(m: MaskingValues | null | undefined): string {
  switch (m?.rule) {
    case 'keep_ends':
      return `保留前${m.first ?? 0}位和后${m.last ?? 0}位`;
    case 'phone':
      return '手机号保留前3位和后4位';
    case 'family_name':
      return '仅显示姓';
    case 'date':
      return m.precision === 'month' ? '日期精确到月' : '日期精确到年';
    case 'fixed':
      return `固定替换为“${m.replacement ?? ''}”`;
    case 'keyed_hash':
      return `按使用部门加密散列（${m.length ?? 16}位）`;
    default:
      return '未设置';
  }
}

export function MaskingFields({ index, item }: { index: number; item: ItemValues | undefined }) {
  const n = index + 1;
  const rule = item?.masking?.rule ?? '';
  return (
    <Flex vertical gap={4} className="masking-fields">
      <Flex wrap gap={12} align="start">
        <Form.Item
          name={[index, 'masking', 'rule']}
          label="结构化脱敏规则"
          htmlFor={`items_${index}_masking_rule`}
          style={{ minWidth: 260, marginBottom: 8 }}
          getValueProps={(v: unknown) => ({ value: v ?? '' })}
          normalize={(v: string) => (v === '' ? null : v)}
        >
          <Select id={`items_${index}_masking_rule`} aria-label={`第 ${n} 项结构化脱敏规则`} options={maskingOptions(item?.dataType)} />
        </Form.Item>
        {rule === 'keep_ends' ? (
          <>
            <Form.Item name={[index, 'masking', 'first']} label="保留前几位" initialValue={3} style={{ marginBottom: 8 }}>
              <InputNumber min={0} max={64} aria-label={`第 ${n} 项保留前几位`} />
            </Form.Item>
            <Form.Item name={[index, 'masking', 'last']} label="保留后几位" initialValue={4} style={{ marginBottom: 8 }}>
              <InputNumber min={0} max={64} aria-label={`第 ${n} 项保留后几位`} />
            </Form.Item>
          </>
        ) : null}
        {rule === 'date' ? (
          <Form.Item name={[index, 'masking', 'precision']} label="精确到" initialValue="year" style={{ marginBottom: 8 }}>
            <Select
              aria-label={`第 ${n} 项日期精确到`}
              style={{ width: 100 }}
              options={[
                { value: 'year', label: '年' },
                { value: 'month', label: '月' },
              ]}
            />
          </Form.Item>
        ) : null}
        {rule === 'fixed' ? (
          <Form.Item name={[index, 'masking', 'replacement']} label="替换为" initialValue="***" style={{ marginBottom: 8 }}>
            <Input maxLength={50} aria-label={`第 ${n} 项替换为`} style={{ width: 140 }} />
          </Form.Item>
        ) : null}
        {rule === 'keyed_hash' ? (
          <Form.Item name={[index, 'masking', 'length']} label="散列位数" initialValue={16} style={{ marginBottom: 8 }}>
            <InputNumber min={8} max={64} aria-label={`第 ${n} 项散列位数`} />
          </Form.Item>
        ) : null}
      </Flex>
      <Form.Item
        name={[index, 'desensitizationRule']}
        label="脱敏脱密规则（文字说明，打印在申请表上）"
        extra={
          rule
            ? `留空时以规则的文字说明填入：${describeMasking(item?.masking)}`
            : '敏感信息项提交审核前须填写脱敏脱密规则，或选择结构化规则'
        }
        style={{ marginBottom: 0 }}
      >
        <Input.TextArea rows={1} maxLength={500} aria-label={`第 ${n} 项脱敏脱密规则`} />
      </Form.Item>
    </Flex>
  );
}
