import { Spin, Tag, Typography } from 'antd';
import type { components } from '@contract';
import { DarkLink } from './DarkLink';
import { labelOf, type Vocabularies } from '../../components/vocabularies';
import { formatDate } from '../../format';
import { links } from '../../links';
import './catalog.css';

type Summary = components['schemas']['ResourceSummary'];

/**
 * A page of search results as a plain HTML table styled like antd's (catalog.css): the first screen
 * of the catalog, where antd's Table, with its pagination, filter tree and measuring, cost the cold
 * page a fifth of its time for a table that sorts, filters and pages elsewhere (ADR 0044).
 */
export function ResultsTable({
  items,
  busy,
  emptyText,
  vocabularies,
}: {
  items: Summary[];
  busy: boolean;
  emptyText: string;
  vocabularies: Vocabularies | undefined;
}) {
  return (
    <Spin spinning={busy} aria-label="正在检索" wrapperClassName="catalog-results-wrap">
      <table className="catalog-results">
        <thead>
          <tr>
            <th scope="col">资源名称</th>
            <th scope="col" style={{ width: 180 }}>
              提供部门
            </th>
            <th scope="col" style={{ width: 120 }}>
              共享类型
            </th>
            <th scope="col" style={{ width: 110 }}>
              开放类型
            </th>
            <th scope="col" className="number" style={{ width: 80 }}>
              信息项
            </th>
            <th scope="col" style={{ width: 150 }}>
              更新日期
            </th>
          </tr>
        </thead>
        <tbody>
          {items.length === 0 ? (
            <tr>
              <td colSpan={6} className="empty">
                {busy ? '正在检索…' : emptyText}
              </td>
            </tr>
          ) : (
            items.map((r) => (
              <tr key={r.id}>
                <td>
                  <DarkLink to={links.entry(r.id)}>{r.name}</DarkLink>
                  {r.status !== 'published' ? (
                    <Tag style={{ marginLeft: 8 }}>{labelOf(vocabularies, 'resourceStatuses', r.status)}</Tag>
                  ) : null}
                  {r.code ? (
                    <div>
                      <Typography.Text type="secondary">{r.code}</Typography.Text>
                    </div>
                  ) : null}
                </td>
                <td>{r.departmentName}</td>
                <td>
                  <Tag>{labelOf(vocabularies, 'sharingTypes', r.sharingType)}</Tag>
                </td>
                <td>{labelOf(vocabularies, 'openTypes', r.openType)}</td>
                <td className="number">{r.itemCount}</td>
                <td>{formatDate(r.updatedAt)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </Spin>
  );
}
