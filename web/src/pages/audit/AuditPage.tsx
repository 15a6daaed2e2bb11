import { Tabs } from 'antd';
import { Page } from '../../components/Page';
import { AuditTrail } from './AuditTrail';
import { ChainVerification } from './ChainVerification';
import { Checkpoints } from './Checkpoints';

/** 审计: the tamper-evident trail — who did what and when, the chain's verification, its signed checkpoints. */
export default function AuditPage() {
  return (
    <>
      <Page title="审计">
        <ChainVerification />
        <Tabs
          items={[
            { key: 'events', label: '审计记录', children: <AuditTrail /> },
            { key: 'checkpoints', label: '签名检查点', children: <Checkpoints /> },
          ]}
        />
      </Page>
    </>
  );
}
