// 共享申请: the requests my department filed (我提出的), those addressed to it (待我答复的), and
// for the bureau the disputes to decide and every submitted request.
import { Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { Page } from '../../components/Page';
import { useSession } from '../../session/session';
import { SharingFrame } from './sharing';
import { SharingRequestsTable } from './SharingRequestsTable';

export default function SharingRequestsPage() {
  const { hasRole } = useSession();
  const [params, setParams] = useSearchParams();
  const tabs = [
    ...(hasRole('consumer')
      ? [{ key: 'outgoing', label: '我提出的', children: <SharingRequestsTable side="outgoing" caption="本部门提出的共享申请" /> }]
      : []),
    ...(hasRole('producer')
      ? [
          {
            key: 'incoming',
            label: '待我答复的',
            children: (
              <SharingRequestsTable side="incoming" initialStatus={['pending']} caption="向本部门提出的共享申请（期限最近的在前）" />
            ),
          },
        ]
      : []),
    ...(hasRole('bureau')
      ? [
          {
            key: 'disputes',
            label: '待裁决',
            children: <SharingRequestsTable side={undefined} initialStatus={['escalated']} caption="提请大数据管理局裁决的共享申请" />,
          },
          { key: 'all', label: '全部申请', children: <SharingRequestsTable side={undefined} caption="全市已提交的共享申请" /> },
        ]
      : []),
  ];
  const active = tabs.some((t) => t.key === params.get('tab')) ? params.get('tab')! : tabs[0]?.key;
  return (
    <SharingFrame>
      <Page title="共享申请">
        <Tabs activeKey={active} onChange={(key) => setParams({ tab: key }, { replace: true })} items={tabs} destroyOnHidden />
      </Page>
    </SharingFrame>
  );
}
