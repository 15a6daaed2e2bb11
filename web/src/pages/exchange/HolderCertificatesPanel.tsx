import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Flex, Form, Input, Typography } from 'antd';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDate } from '../../format';
import { CERTIFICATE_STATUSES } from './labels';
import { StatusTag } from '../../components/StatusTag';

type GrantCertificate = components['schemas']['GrantCertificate'];

/** 获取电子证照: a holder's certificates under a certificate grant, the granted items only, with the PDF to print. */
export function HolderCertificatesPanel({ grantId }: { grantId: string }) {
  const [items, setItems] = useState<GrantCertificate[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const find = async ({ holderId }: { holderId: string }) => {
    setBusy(true);
    setError(undefined);
    setItems(null);
    try {
      const answer = await must(
        api.GET('/api/v1/grants/{grantId}/certificates', { params: { path: { grantId }, query: { holderId: holderId.trim() } } }),
      );
      setItems(answer.items);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div>
      <Typography.Paragraph>
        按持证人证件号码获取其电子证照：只含授权的信息项，敏感项按规则脱敏。每次获取都记入调用记录。
      </Typography.Paragraph>
      <Form layout="inline" onFinish={find} aria-label="获取电子证照" style={{ marginBottom: 16 }}>
        <Form.Item
          name="holderId"
          label="持证人证件号码"
          rules={[{ required: true, whitespace: true, message: '请填写公民身份号码或统一社会信用代码' }]}
        >
          <Input style={{ width: 260 }} autoComplete="off" />
        </Form.Item>
        <Form.Item className="no-print">
          <Button type="primary" htmlType="submit" loading={busy}>
            获取
          </Button>
        </Form.Item>
      </Form>
      <ErrorAlert error={error} />
      {items ? (
        items.length === 0 ? (
          <Alert type="info" showIcon role="status" title="没有该持证人的电子证照" />
        ) : (
          <Flex vertical gap={12}>
            <Alert type="success" showIcon role="status" title={`找到 ${items.length} 份电子证照`} />
            {items.map((c) => (
              <Card
                key={c.id}
                size="small"
                title={`${c.certificateType} ${c.number}`}
                extra={
                  <a className="no-print" href={`/api/v1/certificates/${c.id}/pdf?grantId=${grantId}`} target="_blank" rel="noreferrer">
                    打印（PDF）
                  </a>
                }
              >
                <Descriptions
                  size="small"
                  column={2}
                  items={[
                    { key: 'holder', label: '持证人', children: c.holderName },
                    {
                      key: 'status',
                      label: '状态',
                      children: <StatusTag status={c.status} vocabulary={CERTIFICATE_STATUSES} />,
                    },
                    {
                      key: 'period',
                      label: '有效期',
                      children: `${formatDate(c.validFrom)} 至 ${c.validUntil ? formatDate(c.validUntil) : '长期'}`,
                    },
                    { key: 'issuer', label: '签发部门', children: c.issuingAuthority ?? c.issuingDepartmentName },
                    ...Object.entries(c.items).map(([name, value]) => ({
                      key: `item:${name}`,
                      label: name,
                      children: value ?? '（不提供）',
                    })),
                  ]}
                />
              </Card>
            ))}
          </Flex>
        )
      ) : null}
    </div>
  );
}
