import { useState } from 'react';
import { App, Button, Form, Input, InputNumber, Modal } from 'antd';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Project } from './projectTerms';

interface Values {
  code: string;
  name: string;
  content: string;
  budgetWan: number;
}

/** 更正登记信息: the project's code, name, content and approved amount, sent with the ETag it was read with. */
export function EditProjectButton({ project, etag, onDone }: { project: Project; etag: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<Values>();
  const { message } = App.useApp();

  async function submit(values: Values) {
    setBusy(true);
    setError(undefined);
    const budget = Math.round(values.budgetWan * 1000000) / 100;
    const changed = {
      ...(values.code.trim() !== project.code ? { code: values.code.trim() } : {}),
      ...(values.name.trim() !== project.name ? { name: values.name.trim() } : {}),
      ...(values.content.trim() !== project.content ? { content: values.content.trim() } : {}),
      ...(budget !== project.approvedBudgetYuan ? { approvedBudgetYuan: budget } : {}),
    };
    try {
      if (Object.keys(changed).length > 0) {
        await must(
          api.PATCH('/api/v1/projects/{projectId}', {
            params: { path: { projectId: project.id }, header: { 'If-Match': etag } },
            body: changed,
          }),
        );
        message.success('已更正项目登记信息');
      }
      setOpen(false);
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <Button onClick={() => setOpen(true)}>更正登记信息</Button>
      <Modal
        title="更正项目登记信息"
        open={open}
        okText="保存"
        cancelText="取消"
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <ErrorAlert error={error} />
        <Form
          form={form}
          name="edit-project"
          layout="vertical"
          onFinish={submit}
          style={{ marginTop: 12 }}
          initialValues={{
            code: project.code,
            name: project.name,
            content: project.content,
            budgetWan: project.approvedBudgetYuan / 10000,
          }}
        >
          <Form.Item name="code" label="项目编码" rules={[{ required: true, message: '请填写项目编码' }]}>
            <Input />
          </Form.Item>
          <Form.Item name="name" label="项目名称" rules={[{ required: true, message: '请填写项目名称' }]}>
            <Input />
          </Form.Item>
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
