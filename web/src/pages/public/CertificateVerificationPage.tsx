import { useEffect } from 'react';
import { Alert, Card, Descriptions, Skeleton, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, StopFilled } from '@ant-design/icons';
import { useParams } from 'react-router';
import type { components } from '@contract';
import { api, must } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import { formatDate, formatTime } from '../../format';
import { verdictOf, type Verdict } from './verdict';

type LinkVerdict = components['schemas']['CertificateLinkVerdict'];

const PLATFORM = '榕城市政务信息资源目录与共享交换平台';

/**
 * 电子证照核验: what a printed certificate's QR code opens, without signing in. Says in large text
 * whether the certificate is valid, revoked, expired or cannot be verified (possibly forged), and
 * what to compare with the paper.
 */
export default function CertificateVerificationPage() {
  const { certificateId = '' } = useParams();
  useEffect(() => {
    document.title = `电子证照核验 - ${PLATFORM}`;
  }, []);
  const answer = useLoad(
    () => must(api.GET('/api/v1/certificates/{certificateId}/verification', { params: { path: { certificateId } } })),
    [certificateId],
  );
  // The platform has no such certificate (404), or the id is not one the platform issues (400): a forgery or a misprint.
  const unknown = answer.error instanceof ApiProblem && (answer.error.status === 404 || answer.error.status === 400);
  const verdict = answer.data ? verdictOf(answer.data) : unknown ? verdictOf(null) : undefined;

  return (
    <main style={{ minHeight: '100vh', background: '#eef2f7', padding: '32px 16px' }}>
      <div style={{ maxWidth: 720, margin: '0 auto' }}>
        <Typography.Paragraph style={{ textAlign: 'center', fontSize: 16, marginBottom: 8 }}>{PLATFORM}</Typography.Paragraph>
        <Card>
          <Typography.Title level={1} style={{ fontSize: 24, textAlign: 'center' }}>
            电子证照核验
          </Typography.Title>
          {answer.loading ? <Skeleton active aria-label="正在核验" /> : null}
          {!answer.loading && !verdict ? (
            <>
              <VerdictBanner verdict={{ tone: 'warning', text: '暂时无法核验', hint: '请稍后重新扫码或刷新本页。' }} />
              <ErrorAlert error={answer.error} />
            </>
          ) : null}
          {verdict ? <VerdictBanner verdict={verdict} /> : null}
          {answer.data ? <Details v={answer.data} /> : null}
          {unknown ? (
            <Alert
              type="error"
              showIcon
              title="平台没有这份证照的记录"
              description="二维码或链接中的证照标识不是本平台签发的证照。请勿凭此证照办理业务，并向出示人或发证部门核实。"
            />
          ) : null}
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            本页由平台依据签发时的电子签名和撤销记录实时核验；请核对纸面上的证照类型、编号、签发部门、有效期和持证人与上方一致。
            {answer.data ? `核验时间：${formatTime(answer.data.checkedAt)}。` : ''}
          </Typography.Paragraph>
        </Card>
      </div>
    </main>
  );
}

const TONES: Record<Verdict['tone'], { color: string; background: string; icon: typeof CheckCircleFilled }> = {
  valid: { color: '#135200', background: '#f6ffed', icon: CheckCircleFilled },
  revoked: { color: '#820014', background: '#fff1f0', icon: StopFilled },
  warning: { color: '#873800', background: '#fff7e6', icon: ExclamationCircleFilled },
  forged: { color: '#820014', background: '#fff1f0', icon: CloseCircleFilled },
};

function VerdictBanner({ verdict }: { verdict: Verdict }) {
  const tone = TONES[verdict.tone];
  const Icon = tone.icon;
  return (
    <div
      role="status"
      style={{
        background: tone.background,
        color: tone.color,
        borderRadius: 8,
        padding: '24px 16px',
        textAlign: 'center',
        marginBottom: 16,
      }}
    >
      <Icon aria-hidden style={{ fontSize: 48 }} />
      <p style={{ fontSize: 40, fontWeight: 700, margin: '8px 0', lineHeight: 1.3 }}>{verdict.text}</p>
      <p style={{ fontSize: 16, margin: 0 }}>{verdict.hint}</p>
    </div>
  );
}

function Details({ v }: { v: LinkVerdict }) {
  return (
    <Descriptions
      bordered
      size="middle"
      column={1}
      styles={{ label: { width: 140 } }}
      items={[
        { key: 'type', label: '证照类型', children: v.certificateType },
        { key: 'number', label: '证照编号', children: v.number },
        { key: 'holder', label: '持证人', children: v.holderName },
        { key: 'department', label: '签发部门', children: v.issuingDepartmentName },
        ...(v.issuingAuthority ? [{ key: 'authority', label: '发证机关', children: v.issuingAuthority }] : []),
        { key: 'from', label: '有效期自', children: formatDate(v.validFrom) },
        { key: 'until', label: '有效期至', children: v.validUntil ? formatDate(v.validUntil) : '长期有效' },
        ...(v.revokedAt ? [{ key: 'revoked', label: '撤销时间', children: formatTime(v.revokedAt) }] : []),
        { key: 'message', label: '核验说明', children: v.message },
      ]}
    />
  );
}
