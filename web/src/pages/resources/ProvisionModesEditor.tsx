// How the entry's data is provided (可提供方式): tick the modes, then give each its details —
// a certificate's name and issuer, a query or verification API's description and the producer's
// own endpoint, a batch exchange's file format (ProvisionMode in openapi/openapi.yaml).
import { Card, Checkbox, Flex, Form, Input, Switch, Typography } from 'antd';
import { labelOf, type Vocabularies } from '../../components/vocabularies';
import { MODE_ORDER, type EntryValues, type ModeValues, type ProvisionModeCode } from './entryForm';

const HINTS: Record<ProvisionModeCode, string> = {
  certificate: '以电子证照或可信文件提供，平台签发并可公开核验',
  query_api: '按输入项查询，返回授权的输出项；须在信息项中标明输入项和输出项',
  verification_api: '核验使用方提交的信息与本部门数据是否一致',
  batch_exchange: '按更新周期批量交付数据文件',
  other: '其他方式，须说明',
};

export function ProvisionModesEditor({ vocabularies, disabled }: { vocabularies: Vocabularies | undefined; disabled?: boolean }) {
  const form = Form.useFormInstance<EntryValues>();
  const modes = (Form.useWatch('provisionModes', { form, preserve: true }) ?? []) as ModeValues[];
  const chosen = modes.map((m) => m.mode);
  return (
    <Form.List name="provisionModes">
      {(fields, { add, remove }, { errors }) => (
        <div>
          <fieldset className="plain-fieldset">
            <legend>选择可提供方式（可多选）</legend>
            <Checkbox.Group
              disabled={disabled}
              value={chosen}
              onChange={(next) => {
                const wanted = next as ProvisionModeCode[];
                // Remove the unticked (from the end, so the indexes stay right), then add the newly ticked.
                chosen
                  .map((m, i) => ({ m, i }))
                  .filter(({ m }) => !wanted.includes(m))
                  .reverse()
                  .forEach(({ i }) => remove(i));
                for (const m of MODE_ORDER) if (wanted.includes(m) && !chosen.includes(m)) add({ mode: m });
              }}
              options={MODE_ORDER.map((m) => ({ value: m, label: labelOf(vocabularies, 'provisionModes', m) }))}
            />
          </fieldset>
          <Form.ErrorList errors={errors} />
          <Flex vertical gap={12} style={{ marginTop: 12 }}>
            {fields.map((f) => {
              const mode = modes[f.name]?.mode;
              if (!mode) return null;
              const title = labelOf(vocabularies, 'provisionModes', mode);
              return (
                <Card key={f.key} size="small" title={title}>
                  <Typography.Paragraph type="secondary">{HINTS[mode]}</Typography.Paragraph>
                  {mode === 'certificate' ? (
                    <>
                      <Form.Item
                        name={[f.name, 'certificateName']}
                        label="证照名称"
                        rules={[{ required: true, whitespace: true, message: '请填写证照或可信文件名称' }]}
                      >
                        <Input maxLength={200} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'issuingAuthority']} label="发证机关">
                        <Input maxLength={200} />
                      </Form.Item>
                    </>
                  ) : null}
                  {mode === 'batch_exchange' ? (
                    <Form.Item name={[f.name, 'fileFormat']} label="文件格式" extra="如 csv、xlsx、json">
                      <Input maxLength={50} />
                    </Form.Item>
                  ) : null}
                  <Form.Item
                    name={[f.name, 'description']}
                    label={`${title}说明`}
                    rules={mode === 'other' ? [{ required: true, whitespace: true, message: '请说明其他提供方式' }] : []}
                  >
                    <Input.TextArea rows={2} maxLength={1000} />
                  </Form.Item>
                  {mode === 'query_api' || mode === 'verification_api' ? (
                    <Form.Item
                      name={[f.name, 'endpoint']}
                      label="本部门接口地址（可选）"
                      extra="填写后查询或核验转发到该接口（须为 https），否则以最近交付的数据答复"
                      rules={[{ pattern: /^https?:\/\/\S+$/, message: '请填写以 https:// 开头的接口地址' }]}
                    >
                      <Input maxLength={500} />
                    </Form.Item>
                  ) : null}
                  {mode === 'verification_api' ? (
                    <Form.Item name={[f.name, 'perItemResult']} label="逐项答复核验结果" valuePropName="checked">
                      <Switch checkedChildren="逐项" unCheckedChildren="仅一致与否" />
                    </Form.Item>
                  ) : null}
                </Card>
              );
            })}
          </Flex>
        </div>
      )}
    </Form.List>
  );
}
