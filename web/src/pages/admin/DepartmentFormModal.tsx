import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { api, idempotencyKey, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { optionsOf, useVocabularies } from '../../components/vocabularies';
import type { Department } from './departments';

interface Values {
  name: string;
  creditCode: string;
  level: Department['level'];
}

/** 登记部门 or 编辑部门 (the latter with If-Match on the department as read just now). */
export function DepartmentFormModal({
  department,
  open,
  onClose,
  onSaved,
}: {
  department?: Department;
  open: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const vocabularies = useVocabularies();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!open) return;
    setError(undefined);
    form.resetFields();
    if (department) form.setFieldsValue({ name: department.name, creditCode: department.creditCode, level: department.level });
  }, [open, department, form]);

  async function save(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      if (department) {
        const { etag } = await withEtag(
          api.GET('/api/v1/departments/{departmentId}', { params: { path: { departmentId: department.id } } }),
        );
        await must(
          api.PATCH('/api/v1/departments/{departmentId}', {
            params: { path: { departmentId: department.id }, header: { 'If-Match': etag } },
            body: values,
          }),
        );
        message.success(`已保存部门“${values.name}”`);
      } else {
        await must(api.POST('/api/v1/departments', { params: { header: { 'Idempotency-Key': idempotencyKey() } }, body: values }));
        message.success(`已登记部门“${values.name}”`);
      }
      onSaved();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal
      title={department ? '编辑部门' : '登记部门'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item label="部门名称（标准全称）" name="name" rules={[{ required: true, message: '请输入部门名称' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          rules={[
            { required: true, message: '请输入统一社会信用代码' },
            { len: 18, message: '统一社会信用代码为 18 位' },
          ]}
        >
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item label="层级" name="level" rules={[{ required: true, message: '请选择层级' }]}>
          <Select options={optionsOf(vocabularies, 'departmentLevels')} aria-label="层级" />
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
    </Modal>
  );
}
