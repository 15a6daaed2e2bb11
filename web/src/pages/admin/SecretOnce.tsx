import { Alert, Typography } from 'antd';

/** A secret the service shows only once (a token, a webhook's signing key): a warning and a copy button. */
export function SecretOnce({ label, secret }: { label: string; secret: string }) {
  return (
    <Alert
      type="warning"
      showIcon
      title={`${label}只显示这一次，请立即复制并妥善保存`}
      description={
        <>
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            关闭后无法再次查看；如果遗失，只能撤销后重新签发。请勿通过聊天工具或邮件明文传送。
          </Typography.Paragraph>
          <Typography.Text code copyable={{ text: secret, tooltips: ['复制', '已复制'] }} aria-label={label} data-secret>
            {secret}
          </Typography.Text>
        </>
      }
    />
  );
}
