import { useEffect, useState } from 'react';
import { App, Alert, Checkbox, Form, Input, Modal, Select } from 'antd';
import { api, idempotencyKey, must } from '../../api/client';
import { messageOf } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { labelOf, useVocabularies } from '../../components/vocabularies';
import { departmentOptions, type Department } from './departments';
import { PASSWORD_RULE, ROLES, updateUser, type Role, type User } from './users';

interface Values {
  name: string;
  loginName?: string;
  departmentId: string;
  roles: Role[];
  password?: string;
}

/** The roles as checkboxes in a named group (the form's aria-required belongs on no plain div). */
function RoleChecks({
  id,
  value,
  onChange,
  options,
}: {
  id?: string;
  value?: Role[];
  onChange?: (roles: Role[]) => void;
  options: Array<{ value: Role; label: string }>;
}) {
  return (
    <div role="group" aria-label="角色" id={id}>
      <Checkbox.Group value={value} onChange={(checked) => onChange?.(checked)} options={options} />
    </div>
  );
}

/** 新建用户 (with its first password, if given) or 编辑用户 (name, login name, roles). */
export function UserFormModal({
  user,
  open,
  departments,
  defaultDepartmentId,
  onClose,
  onSaved,
}: {
  user?: User;
  open: boolean;
  departments: Department[] | undefined;
  defaultDepartmentId?: string;
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
    if (user)
      form.setFieldsValue({ name: user.name, loginName: user.loginName ?? undefined, departmentId: user.departmentId, roles: user.roles });
    else form.setFieldsValue({ departmentId: defaultDepartmentId, roles: ['producer', 'consumer'] });
  }, [open, user, defaultDepartmentId, form]);

  async function save(values: Values) {
    setBusy(true);
    setError(undefined);
    const loginName = values.loginName?.trim() || undefined;
    try {
      if (user) {
        await updateUser(user.id, {
          name: values.name,
          roles: values.roles,
          ...(loginName && loginName !== user.loginName ? { loginName } : {}),
        });
        message.success(`已保存用户“${values.name}”`);
      } else {
        const created = await must(
          api.POST('/api/v1/users', {
            params: { header: { 'Idempotency-Key': idempotencyKey() } },
            body: { name: values.name, departmentId: values.departmentId, roles: values.roles, ...(loginName ? { loginName } : {}) },
          }),
        );
        if (values.password) {
          try {
            await must(
              api.POST('/api/v1/users/{userId}/password', {
                params: { path: { userId: created.id } },
                body: { password: values.password },
              }),
            );
          } catch (failure) {
            // The user exists; only the password was refused: say why, and let the bureau set it from the list.
            message.error(`已新建用户“${values.name}”，但初始密码未设置：${messageOf(failure)}。请在列表中点“设置密码”重新设置。`, 8);
            onSaved();
            onClose();
            return;
          }
        }
        message.success(values.password ? `已新建用户“${values.name}”并设置初始密码` : `已新建用户“${values.name}”`);
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
      title={user ? '编辑用户' : '新建用户'}
      open={open}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item label="姓名" name="name" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label="登录名"
          name="loginName"
          extra="小写字母开头，3–64 位小写字母、数字、点、下划线或连字符，全平台唯一；不填则该用户只能以令牌调用接口"
          rules={[{ pattern: /^[a-z][a-z0-9._-]{2,63}$/, message: '登录名格式不正确' }]}
        >
          <Input maxLength={64} autoComplete="off" />
        </Form.Item>
        <Form.Item label="所属部门" name="departmentId" rules={[{ required: true, message: '请选择部门' }]}>
          <Select
            options={departmentOptions(departments)}
            disabled={!!user}
            showSearch={{ optionFilterProp: 'label' }}
            aria-label="所属部门"
          />
        </Form.Item>
        <Form.Item label="角色" name="roles" rules={[{ required: true, message: '请至少选择一个角色' }]}>
          <RoleChecks options={ROLES.map((r) => ({ value: r, label: labelOf(vocabularies, 'roles', r) }))} />
        </Form.Item>
        {user ? null : (
          <>
            <Form.Item
              label="初始密码"
              name="password"
              extra={`${PASSWORD_RULE}。须先填写登录名。`}
              dependencies={['loginName']}
              rules={[
                ({ getFieldValue }) => ({
                  validator: (_, value) =>
                    !value || getFieldValue('loginName') ? Promise.resolve() : Promise.reject(new Error('设置初始密码须先填写登录名')),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Alert type="info" showIcon title="用户首次登录时须修改初始密码，修改后才能使用平台。请通过安全渠道告知用户初始密码。" />
          </>
        )}
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
    </Modal>
  );
}
