import { Tabs } from 'antd';
import { Page } from '../../components/Page';
import { useSession } from '../../session/session';
import { GrantTable } from './GrantTable';

/** 我的授权: the grants my department holds (consumer) and those on its data (producer); every grant for the bureau. */
function GrantsPageBody() {
  const { hasRole } = useSession();
  if (hasRole('bureau'))
    return (
      <Page title="我的授权">
        <GrantTable label="全部授权" />
      </Page>
    );
  const tabs = [
    ...(hasRole('consumer')
      ? [{ key: 'outgoing', label: '本部门持有的授权', children: <GrantTable side="outgoing" label="本部门持有的授权" /> }]
      : []),
    ...(hasRole('producer')
      ? [{ key: 'incoming', label: '本部门数据的授权', children: <GrantTable side="incoming" label="本部门数据的授权" /> }]
      : []),
  ];
  return (
    <Page title="我的授权">
      <Tabs items={tabs} destroyOnHidden />
    </Page>
  );
}

export default function GrantsPage() {
  return (
    <>
      <GrantsPageBody />
    </>
  );
}
