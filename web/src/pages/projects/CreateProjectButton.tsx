import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useNavigate } from 'react-router';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { links } from '../../links';
import { useSession } from '../../session/session';

interface Values {
  code: string;
  name: string;
  ownerDepartmentId?: string;
  content: string;
  budgetWan: number;
}

/** 登记项目: a producer for its own department, the bureau for any. */
export function CreateProjectButton({ onCreated }: { onCreated: () => void }) {
  const { hasRole } = useSession();
  const bureau = hasRole('bureau');
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const departments = useLoad(
    () => (bureau && open ? must(api.GET('/api/v1/departments', { params: { query: { limit: 100 } } })) : Promise.resolve(null)),
    [bureau, open],
  );

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const project = await must(
        api.POST('/api/v1/projects', {
          params: { header: { 'Idempotency-Key': idempotencyKey() } },
          body: {
            code: values.code,
            name: values.name,
            content: values.content,
            approvedBudgetYuan: Math.round(values.budgetWan * 1000000) / 100,
            ...(bureau ? { ownerDepartmentId: values.ownerDepartmentId } : {}),
          },
        }),
      );
      message.success(`已登记项目“${project.name}”`);
      setOpen(false);
      form.resetFields();
      onCreated();
      navigate(links.project(project.id));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button type="primary" onClick={() => setOpen(true)}>
        登记项目
      </Button>
      <Modal
        title="登记信息化项目"
        open={open}
        okText="登记"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error ?? departments.error} />
        <Form form={form} name="create-project" layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
          <Form.Item name="code" label="项目编码" rules={[{ required: true, message: '请填写项目编码' }]}>
            <Input placeholder="如 RC-2026-GA-002" />
          </Form.Item>
          <Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
            <Input />
          </Form.Item>
          {bureau ? (
            <Form.Item name="ownerDepartmentId" label="建设单位" rules={[{ required: true, message: '请选择建设单位' }]}>
              <Select
                loading={departments.loading}
                options={(departments.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                showSearch={{ optionFilterProp: 'label' }}
              />
            </Form.Item>
          ) : null}
          <Form.Item name="content" label="建设内容" rules={[{ required: true, message: '请填写建设内容' }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="budgetWan" label="批复金额（万元）" rules={[{ required: true, message: '请填写批复金额' }]}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
