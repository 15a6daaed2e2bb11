// 申请使用: the consumer fills in the 数据共享应用（需求）表 (Fuzhou 附件2) for a published entry of
// another department — the provision mode, the 信息项明细表, purpose, basis, scope and period —
// and saves it as a draft or files it at once. With ?draft=<id> it edits that draft (PATCH).
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Radio, Space, Typography } from 'antd';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { components } from '@contract';
import { api, idempotencyKey, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { beijingToday, formatDate } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { ItemsTable } from './ItemsTable';
import { SharingFrame } from './sharing';

type ProvisionModeCode = components['schemas']['ProvisionModeCode'];

interface FormValues {
  provisionMode: ProvisionModeCode;
  purpose: string;
  basis: string;
  scopeOfUse: string;
  periodStart: string;
  periodEnd: string;
}

export default function RequestFormPage() {
  const { resourceId = '' } = useParams();
  const v = useVocabularies();
  const { me } = useSession();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [items, setItems] = useState<string[]>([]);
  const [itemsError, setItemsError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState<'draft' | 'submit' | null>(null);
  const [params] = useSearchParams();
  const draftId = params.get('draft');
  const entry = useLoad(() => must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId } } })), [resourceId]);
  const draft = useLoad(
    () =>
      draftId
        ? withEtag(api.GET('/api/v1/sharing-requests/{requestId}', { params: { path: { requestId: draftId } } }))
        : Promise.resolve(null),
    [draftId],
  );
  useEffect(() => {
    // Once both the entry (the form is shown) and the draft are loaded: the draft's values in the form.
    const d = draft.data?.body;
    if (!d || !entry.data) return;
    form.setFieldsValue({
      provisionMode: d.provisionMode,
      purpose: d.purpose,
      basis: d.basis,
      scopeOfUse: d.scopeOfUse,
      periodStart: d.periodStart,
      periodEnd: d.periodEnd,
    });
    setItems(d.items.map((i) => i.name));
  }, [draft.data, entry.data, form]);
  const editing = draft.data?.body.status === 'draft' ? draft.data : null;

  const file = async (submit: boolean) => {
    setError(undefined);
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      if (items.length === 0) setItemsError('请至少选择一个信息项');
      return;
    }
    if (items.length === 0) {
      setItemsError('请至少选择一个信息项');
      return;
    }
    setSaving(submit ? 'submit' : 'draft');
    try {
      let created;
      if (editing) {
        const requestId = editing.body.id;
        const path = { requestId };
        created = await must(
          api.PATCH('/api/v1/sharing-requests/{requestId}', {
            params: { path, header: { 'If-Match': editing.etag } },
            body: { ...values, items },
          }),
        );
        if (submit) created = await must(api.POST('/api/v1/sharing-requests/{requestId}/submit', { params: { path } }));
      } else {
        created = await must(
          api.POST('/api/v1/sharing-requests', {
            params: { header: { 'Idempotency-Key': idempotencyKey() } },
            body: { resourceId, ...values, items, submit },
          }),
        );
      }
      if (!submit) message.success(`草稿已保存，申请编号 ${created.number}`);
      else if (created.status === 'approved') message.success(`申请 ${created.number} 已提交，无条件共享已按规则授权`);
      else message.success(`申请 ${created.number} 已提交，提供部门的答复期限至 ${formatDate(created.dueDate)}（含当日）`);
      navigate(links.sharingRequest(created.id));
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(null);
    }
  };

  const resource = entry.data;
  const modes = resource?.provisionModes ?? [];
  // What the service would refuse (422) anyway, said before the clerk fills anything in.
  const refusal = !resource
    ? null
    : resource.status !== 'published'
      ? `该目录${labelOf(v, 'resourceStatuses', resource.status)}，不能申请使用。`
      : resource.sharingType === 'not_shared'
        ? `该目录不予共享，不能申请使用。依据：${resource.sharingBasis ?? '—'}`
        : resource.departmentId === me?.department.id
          ? '这是本部门的目录，无须申请共享。'
          : null;
  return (
    <SharingFrame>
      <Page title="申请使用：数据共享应用（需求）表">
        <ErrorAlert error={entry.error ?? draft.error} />
        {draft.data && !editing ? <Alert type="warning" showIcon title="该申请已不是草稿，不能再修改。" /> : null}
        {editing ? <Alert type="info" showIcon title={`正在修改草稿 ${editing.body.number}`} style={{ marginBottom: 16 }} /> : null}
        {resource ? (
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Card size="small" title="信息资源">
              <Descriptions
                size="small"
                column={{ xs: 1, md: 2 }}
                items={[
                  { key: 'name', label: '信息资源名称', children: <Link to={links.entry(resource.id)}>{resource.name}</Link> },
                  { key: 'code', label: '资源代码', children: resource.code ?? '—' },
                  { key: 'producer', label: '信息资源生产单位（提供部门）', children: resource.departmentName },
                  { key: 'type', label: '共享类型', children: labelOf(v, 'sharingTypes', resource.sharingType) },
                  ...(resource.sharingConditions
                    ? [{ key: 'conditions', label: '共享条件', children: resource.sharingConditions, span: 2 }]
                    : []),
                ]}
              />
            </Card>
            {refusal ? (
              <Alert type="warning" showIcon title={refusal} />
            ) : resource.sharingType === 'conditional' ? (
              <Alert type="info" showIcon title="有条件共享：提交后由提供部门在 10 个工作日内答复（同意、缩小范围或说明理由拒绝）。" />
            ) : resource.sharingType === 'unconditional' ? (
              <Alert type="info" showIcon title="无条件共享：提交后即按规则授权。" />
            ) : null}
            <Form<FormValues>
              form={form}
              layout="vertical"
              requiredMark
              initialValues={{ provisionMode: modes[0]?.mode, periodStart: beijingToday() }}
              onValuesChange={() => setError(undefined)}
            >
              <Form.Item name="provisionMode" label="信息资源可提供方式" rules={[{ required: true, message: '请选择提供方式' }]}>
                <Radio.Group
                  options={modes.map((m) => ({ value: m.mode, label: labelOf(v, 'provisionModes', m.mode) }))}
                  aria-label="信息资源可提供方式"
                />
              </Form.Item>
              <Form.Item
                label="信息项明细表"
                required
                validateStatus={itemsError ? 'error' : undefined}
                help={itemsError ?? '勾选所需的信息项；信息查询接口须包含输入项和输出项。'}
              >
                <ItemsTable
                  caption={`已选 ${items.length} / ${resource.items.length} 项`}
                  items={resource.items}
                  selected={items}
                  onChange={(names) => {
                    setItems(names);
                    setItemsError(null);
                  }}
                />
              </Form.Item>
              <Form.Item name="purpose" label="申请用途" rules={[{ required: true, whitespace: true, message: '请填写申请用途' }]}>
                <Input.TextArea rows={2} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item
                name="basis"
                label="申请依据（法律法规或业务依据）"
                rules={[{ required: true, whitespace: true, message: '请填写申请依据' }]}
              >
                <Input.TextArea rows={2} maxLength={2000} showCount />
              </Form.Item>
              <Form.Item
                name="scopeOfUse"
                label="使用范围（应用场景）"
                rules={[{ required: true, whitespace: true, message: '请填写使用范围' }]}
              >
                <Input.TextArea rows={2} maxLength={2000} showCount />
              </Form.Item>
              <Space wrap size="large">
                <Form.Item name="periodStart" label="使用期限起" rules={[{ required: true, message: '请选择起始日期' }]}>
                  <Input type="date" />
                </Form.Item>
                <Form.Item
                  name="periodEnd"
                  label="使用期限止"
                  dependencies={['periodStart']}
                  rules={[
                    { required: true, message: '请选择截止日期' },
                    ({ getFieldValue }) => ({
                      validator: (_r, value: string | undefined) =>
                        !value || !getFieldValue('periodStart') || value >= getFieldValue('periodStart')
                          ? Promise.resolve()
                          : Promise.reject(new Error('截止日期不能早于起始日期')),
                    }),
                  ]}
                >
                  <Input type="date" />
                </Form.Item>
              </Space>
              <ErrorAlert error={error} />
              <Space className="no-print" style={{ marginTop: 16 }}>
                <Button
                  type="primary"
                  loading={saving === 'submit'}
                  disabled={saving !== null || refusal !== null}
                  onClick={() => file(true)}
                >
                  提交申请
                </Button>
                <Button loading={saving === 'draft'} disabled={saving !== null || refusal !== null} onClick={() => file(false)}>
                  保存草稿
                </Button>
                <Button onClick={() => navigate(-1)}>返回</Button>
              </Space>
            </Form>
            <Typography.Paragraph type="secondary">提交后可在“共享申请”中查看答复进度，并下载附件2（.xlsx / .pdf）。</Typography.Paragraph>
          </Space>
        ) : entry.loading ? (
          <Card loading />
        ) : null}
      </Page>
    </SharingFrame>
  );
}
