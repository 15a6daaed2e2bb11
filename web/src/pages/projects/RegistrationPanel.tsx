import { useState } from 'react';
import { Alert, App, Button, Descriptions, Flex, Form, Input, Space, Typography } from 'antd';
import { api, idempotencyKey, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDate } from '../../format';
import { useSession } from '../../session/session';
import { AttachmentsPanel } from './AttachmentsPanel';
import { useOwnerRights } from './LifecycleActions';
import { REGISTRATION_ATTACHMENT_KINDS, type Project } from './projectTerms';

interface Filing {
  outcomes: string;
  acceptanceMaterials: string;
  scopeAndDesensitization: string;
  handler: string;
  totalDataVolume?: string;
  dataFormat?: string;
}

/** 附件2: every sharing request on file for the project's entries, as a workbook or PDF. */
export function SharingFormLinks({ projectId }: { projectId: string }) {
  return (
    <Flex gap={16} wrap className="no-print">
      <a href={`/api/v1/projects/${projectId}/sharing-form.xlsx`} download>
        下载数据共享应用（需求）表 附件2（Excel）
      </a>
      <a href={`/api/v1/projects/${projectId}/sharing-form.pdf`} download>
        下载数据共享应用（需求）表 附件2（PDF）
      </a>
    </Flex>
  );
}

/**
 * 成果登记: after final acceptance the department fills in and files the achievement
 * registration (附件1), due within 15 working days (the acceptance payment withheld until then);
 * the bureau records its receipt; both download the form as .xlsx or PDF.
 */
export function RegistrationPanel({ project, onChanged }: { project: Project; onChanged: () => void }) {
  const { me } = useSession();
  const { producerOfOwner, bureau } = useOwnerRights(project);
  const { message, modal } = App.useApp();
  const path = { params: { path: { projectId: project.id } } };
  const registration = useLoad(
    () => (project.registrationFiled ? must(api.GET('/api/v1/projects/{projectId}/registration', path)) : Promise.resolve(undefined)),
    [project.id, project.registrationFiled, project.registrationReceived],
  );
  const [error, setError] = useState<unknown>();
  const [filing] = Form.useForm<Filing>();
  const [receiptForm] = Form.useForm<{ receiver: string; notes?: string }>();
  const accepted = project.stage === 'accepted';
  const r = registration.data;

  function file(values: Filing) {
    modal.confirm({
      title: '提交成果登记表？',
      content: '提交后将生成登记编号并报送大数据管理局，内容不能再修改（项目材料附件仍可补充）。',
      okText: '提交',
      cancelText: '取消',
      onOk: async () => {
        setError(undefined);
        try {
          const body = {
            outcomes: values.outcomes.trim(),
            acceptanceMaterials: values.acceptanceMaterials.trim(),
            scopeAndDesensitization: values.scopeAndDesensitization.trim(),
            handler: values.handler.trim(),
            ...(values.totalDataVolume?.trim() ? { totalDataVolume: values.totalDataVolume.trim() } : {}),
            ...(values.dataFormat?.trim() ? { dataFormat: values.dataFormat.trim() } : {}),
          };
          const filed = await must(
            api.POST('/api/v1/projects/{projectId}/registration', {
              params: { path: { projectId: project.id }, header: { 'Idempotency-Key': idempotencyKey() } },
              body,
            }),
          );
          message.success(`成果登记表已提交，登记编号 ${filed.number}`);
          onChanged();
        } catch (e) {
          setError(e);
        }
      },
    });
  }

  async function receive(values: { receiver: string; notes?: string }) {
    setError(undefined);
    try {
      await must(
        api.POST('/api/v1/projects/{projectId}/registration/receipt', {
          ...path,
          body: { receiver: values.receiver.trim(), ...(values.notes?.trim() ? { notes: values.notes.trim() } : {}) },
        }),
      );
      message.success('已接收成果登记表');
      onChanged();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {!accepted ? (
        <Alert type="info" showIcon title="项目竣工验收后，须在 15 个工作日内填报信息化项目成果登记表（附件1）。" />
      ) : !project.registrationFiled ? (
        <Alert
          type={project.registrationOverdue ? 'error' : 'warning'}
          showIcon
          title={
            project.registrationOverdue
              ? `成果登记表已逾期未填报（期限 ${formatDate(project.registrationDueDate)}）`
              : `请于 ${formatDate(project.registrationDueDate)} 前填报成果登记表${project.registrationDueDateProvisional ? '（期限按暂定的工作日计算）' : ''}`
          }
          description={project.paymentWithheld ? '成果登记表填报前，暂缓支付项目验收款。' : undefined}
        />
      ) : null}
      <ErrorAlert error={error ?? registration.error} />
      {accepted && !project.registrationFiled && producerOfOwner ? (
        <Form
          form={filing}
          name="file-registration"
          layout="vertical"
          onFinish={file}
          initialValues={{ handler: me?.user.name ?? '' }}
          aria-label="成果登记表"
          style={{ maxWidth: 800 }}
        >
          <Typography.Title level={3}>填报成果登记表</Typography.Title>
          <Form.Item name="outcomes" label="项目成果" rules={[{ required: true, message: '请填写项目成果' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="acceptanceMaterials" label="项目验收材料" rules={[{ required: true, message: '请填写项目验收材料' }]}>
            <Input.TextArea rows={2} maxLength={2000} placeholder="如：竣工验收报告、数据汇聚共享情况报告" />
          </Form.Item>
          <Form.Item
            name="scopeAndDesensitization"
            label="成果应用范围及脱敏脱密规则"
            rules={[{ required: true, message: '请填写成果应用范围及脱敏脱密规则' }]}
          >
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="totalDataVolume" label="数据总量（选填，不填由平台按项目资源汇总）">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="dataFormat" label="数据格式（选填，不填由平台按项目资源汇总）">
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="handler" label="经办人" rules={[{ required: true, message: '请填写经办人' }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Button type="primary" htmlType="submit" className="no-print">
            提交成果登记表
          </Button>
        </Form>
      ) : null}
      {accepted && !project.registrationFiled && !producerOfOwner ? (
        <Typography.Paragraph>成果登记表待项目单位填报。</Typography.Paragraph>
      ) : null}
      {r ? (
        <>
          <Descriptions
            bordered
            size="small"
            column={1}
            title="信息化项目成果登记表"
            extra={<Typography.Text>登记编号：{r.number}</Typography.Text>}
          >
            <Descriptions.Item label="项目名称">{r.projectName}</Descriptions.Item>
            <Descriptions.Item label="建设内容">{r.projectContent}</Descriptions.Item>
            <Descriptions.Item label="项目成果">{r.outcomes}</Descriptions.Item>
            <Descriptions.Item label="项目验收材料">{r.acceptanceMaterials}</Descriptions.Item>
            <Descriptions.Item label="数据共享应用（需求）表">{r.sharingRequestForms}</Descriptions.Item>
            <Descriptions.Item label="成果应用范围及脱敏脱密规则">{r.scopeAndDesensitization}</Descriptions.Item>
            <Descriptions.Item label="数据总量">{r.totalDataVolume}</Descriptions.Item>
            <Descriptions.Item label="数据格式">{r.dataFormat}</Descriptions.Item>
            <Descriptions.Item label="是否共享">{r.shared ? '是' : '否'}</Descriptions.Item>
            <Descriptions.Item label="登记单位">{r.registeringDepartmentName}</Descriptions.Item>
            <Descriptions.Item label="经办人">{r.handler}</Descriptions.Item>
            <Descriptions.Item label="登记日期">{formatDate(r.registeredOn)}</Descriptions.Item>
            <Descriptions.Item label="接收情况">
              {r.receipt
                ? `${r.receipt.receivingDepartmentName} ${r.receipt.receiver} 于 ${formatDate(r.receipt.receivedOn)} 接收${r.receipt.notes ? `：${r.receipt.notes}` : ''}`
                : '待大数据管理局接收'}
            </Descriptions.Item>
          </Descriptions>
          <Flex gap={16} wrap className="no-print">
            <a href={`/api/v1/projects/${project.id}/registration/form.xlsx`} download>
              下载成果登记表（Excel）
            </a>
            <a href={`/api/v1/projects/${project.id}/registration/form.pdf`} download>
              下载成果登记表（PDF）
            </a>
          </Flex>
          {bureau && !r.receipt ? (
            <Form
              form={receiptForm}
              name="receive-registration"
              layout="inline"
              onFinish={receive}
              initialValues={{ receiver: me?.user.name ?? '' }}
              className="no-print"
              aria-label="接收成果登记表"
            >
              <Form.Item name="receiver" label="接收人" rules={[{ required: true, message: '请填写接收人' }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="notes" label="接收情况（选填）">
                <Input maxLength={2000} style={{ width: 320 }} />
              </Form.Item>
              <Button type="primary" htmlType="submit">
                接收成果登记表
              </Button>
            </Form>
          ) : null}
        </>
      ) : null}
      {accepted ? (
        <>
          <Typography.Title level={3}>成果登记表项目材料</Typography.Title>
          <AttachmentsPanel
            scope="registration"
            objectId={project.id}
            kinds={REGISTRATION_ATTACHMENT_KINDS}
            canAttach={producerOfOwner && !project.registrationReceived}
          />
        </>
      ) : null}
      <Typography.Title level={3}>数据共享应用（需求）表（附件2）</Typography.Title>
      <SharingFormLinks projectId={project.id} />
    </Space>
  );
}
