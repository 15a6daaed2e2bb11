// The entry under review beside each published entry of another department whose items overlap
// (the duplicate candidates the service recorded on submission), overlapping items marked in both.
import { useState } from 'react';
import { Card, Radio, Typography } from 'antd';
import { Link } from 'react-router';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useLoad } from '../../components/useLoad';
import type { Vocabularies } from '../../components/vocabularies';
import { links } from '../../links';
import type { Resource } from './entryForm';
import { ItemsTable } from './EntryDetails';

type Candidate = Resource['duplicateCandidates'][number];

/** Names as the duplicate check compares them: no invisible characters, half-width, case and spaces folded. */
const normal = (name: string) =>
  name
    .replace(/[\p{Cf}\p{Cc}\uFE00-\uFE0F]/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '');

function marked(items: Resource['items'], overlapping: string[]): Set<string> {
  const wanted = new Set(overlapping.map(normal));
  return new Set(items.filter((i) => wanted.has(normal(i.name))).map((i) => i.name));
}

function Comparison({ entry, candidate, vocabularies }: { entry: Resource; candidate: Candidate; vocabularies: Vocabularies | undefined }) {
  const other = useLoad(
    () => must(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId: candidate.resourceId } } })),
    [candidate.resourceId],
  );
  return (
    <Card
      size="small"
      title={
        <span>
          与{candidate.departmentName}“{candidate.resourceName}”（{candidate.resourceCode ?? '无代码'}）重合{' '}
          {candidate.overlappingItems.length} 项，占本目录信息项的 {Math.round(candidate.overlapRatio * 100)}%
        </span>
      }
      extra={<Link to={links.entry(candidate.resourceId)}>查看该目录</Link>}
    >
      <Typography.Paragraph>重合的信息项：{candidate.overlappingItems.join('、')}</Typography.Paragraph>
      <div className="side-by-side">
        <section aria-label={`本目录：${entry.name}`}>
          <Typography.Title level={4}>
            本目录：{entry.departmentName}“{entry.name}”
          </Typography.Title>
          <ItemsTable items={entry.items} vocabularies={vocabularies} highlight={marked(entry.items, candidate.overlappingItems)} compact />
        </section>
        <section aria-label={`已发布目录：${candidate.resourceName}`}>
          <Typography.Title level={4}>
            已发布：{candidate.departmentName}“{candidate.resourceName}”
          </Typography.Title>
          <ErrorAlert error={other.error} />
          {other.data ? (
            <ItemsTable
              items={other.data.items}
              vocabularies={vocabularies}
              highlight={marked(other.data.items, candidate.overlappingItems)}
            />
          ) : null}
        </section>
      </div>
    </Card>
  );
}

export function DuplicateComparison({ entry, vocabularies }: { entry: Resource; vocabularies: Vocabularies | undefined }) {
  if (entry.duplicateCandidates.length === 0)
    return <Typography.Paragraph>提交时未发现与其他部门已发布目录重合的信息项。</Typography.Paragraph>;
  return <Chooser entry={entry} vocabularies={vocabularies} />;
}

/** One comparison at a time, the largest overlap first (the service's order), chosen from the list. */
function Chooser({ entry, vocabularies }: { entry: Resource; vocabularies: Vocabularies | undefined }) {
  const [shown, setShown] = useState(entry.duplicateCandidates[0].resourceId);
  const candidate = entry.duplicateCandidates.find((c) => c.resourceId === shown) ?? entry.duplicateCandidates[0];
  return (
    <>
      <fieldset className="plain-fieldset" style={{ marginBottom: 12 }}>
        <legend>选择要比对的已发布目录</legend>
        <Radio.Group
          value={candidate.resourceId}
          onChange={(e) => setShown(e.target.value as string)}
          optionType="button"
          options={entry.duplicateCandidates.map((c) => ({
            value: c.resourceId,
            label: `${c.departmentName}“${c.resourceName}”（${Math.round(c.overlapRatio * 100)}%）`,
          }))}
        />
      </fieldset>
      <Comparison key={candidate.resourceId} entry={entry} candidate={candidate} vocabularies={vocabularies} />
    </>
  );
}
