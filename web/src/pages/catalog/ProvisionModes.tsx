import { Card, Descriptions, Empty, Flex, Tag } from 'antd';
import type { components } from '@contract';
import { labelOf, type Vocabularies } from '../../components/vocabularies';

type ProvisionMode = components['schemas']['ProvisionMode'];

/** 提供方式: each mode the entry offers, with what that mode says (certificate name, endpoint, file format…). */
export function ProvisionModes({ modes, vocabularies }: { modes: ProvisionMode[]; vocabularies: Vocabularies | undefined }) {
  if (modes.length === 0) return <Empty description="未登记提供方式" />;
  return (
    <Flex vertical gap={12}>
      {modes.map((m, i) => (
        <Card key={i} size="small" title={<Tag>{labelOf(vocabularies, 'provisionModes', m.mode)}</Tag>}>
          <Descriptions size="small" column={1} items={detailsOf(m)} />
        </Card>
      ))}
    </Flex>
  );
}

function detailsOf(m: ProvisionMode): Array<{ key: string; label: string; children: string }> {
  const rows: Array<[string, string | null | undefined]> = [];
  switch (m.mode) {
    case 'certificate':
      rows.push(['证照名称', m.certificateName], ['发证机关', m.issuingAuthority]);
      break;
    case 'query_api':
      rows.push(['说明', m.description], ['接口来源', m.endpoint ? `提供部门自有接口：${m.endpoint}` : '平台按最近交付的数据答复']);
      break;
    case 'verification_api':
      rows.push(
        ['说明', m.description],
        ['接口来源', m.endpoint ? `提供部门自有接口：${m.endpoint}` : '平台按最近交付的数据答复'],
        ['核验结果', m.perItemResult ? '逐项答复是否一致' : '只答复是否一致'],
      );
      break;
    case 'batch_exchange':
      rows.push(['文件格式', m.fileFormat], ['说明', m.description]);
      break;
    default:
      rows.push(['说明', m.description]);
  }
  return rows.map(([label, value]) => ({ key: label, label, children: value?.trim() ? value : '—' }));
}
