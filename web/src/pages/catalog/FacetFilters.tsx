import { useState } from 'react';
import { Button, Card, Checkbox, Empty, Flex, Skeleton, Typography } from 'antd';
import type { components } from '@contract';
import { FACETS, type FacetKey } from './catalogQuery';
import { LINK_COLOR } from './DarkLink';

type Facets = components['schemas']['ResourceFacets']['facets'];
type FacetCount = components['schemas']['FacetCount'];

/** Values shown per facet before 显示全部: the most frequent first, as the service orders them. */
const SHOWN = 8;

/**
 * 筛选: each facet the service counts, its values as checkboxes with the number of entries each would
 * find — the most frequent eight and every chosen one, the rest (a city's 300 departments) on 显示全部.
 */
export function FacetFilters({
  facets,
  loading,
  selected,
  onChange,
}: {
  facets: Facets | undefined;
  loading: boolean;
  selected: (key: FacetKey) => string[];
  onChange: (key: FacetKey, values: string[]) => void;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<FacetKey>>(new Set());
  if (!facets) return loading ? <Skeleton active aria-label="正在统计筛选项" /> : null;
  return (
    <Flex vertical gap={12} className="no-print">
      {FACETS.map(({ key, title }) => {
        const chosen = selected(key);
        const counts: FacetCount[] = [...facets[key]];
        // A chosen value the counts no longer list stays shown, so it can be unticked.
        for (const value of chosen) if (!counts.some((c) => c.value === value)) counts.push({ value, label: value, count: 0 });
        if (counts.length === 0) return null;
        const open = expanded.has(key) || counts.length <= SHOWN;
        const shown = open ? counts : counts.filter((c, i) => i < SHOWN || chosen.includes(c.value));
        return (
          <Card
            key={key}
            size="small"
            title={<span id={`facet-${key}`}>{title}</span>}
            extra={
              chosen.length > 0 ? (
                <Button
                  type="link"
                  size="small"
                  style={{ color: LINK_COLOR }}
                  onClick={() => onChange(key, [])}
                  aria-label={`清除“${title}”筛选`}
                >
                  清除
                </Button>
              ) : null
            }
          >
            <div role="group" aria-labelledby={`facet-${key}`} style={{ maxHeight: 240, overflowY: 'auto' }}>
              <Checkbox.Group
                value={chosen}
                onChange={(values) => onChange(key, values as string[])}
                style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                options={shown.map((c) => ({
                  value: c.value,
                  label: (
                    <span>
                      {c.label}
                      <Typography.Text type="secondary">（{c.count}）</Typography.Text>
                    </span>
                  ),
                }))}
              />
            </div>
            {open ? null : (
              <Button
                type="link"
                size="small"
                style={{ color: LINK_COLOR, paddingInline: 0 }}
                aria-expanded={false}
                onClick={() => setExpanded(new Set([...expanded, key]))}
              >
                显示全部 {counts.length} 项
              </Button>
            )}
          </Card>
        );
      })}
      {FACETS.every(({ key }) => facets[key].length === 0) ? <Empty description="没有可用的筛选项" /> : null}
    </Flex>
  );
}
