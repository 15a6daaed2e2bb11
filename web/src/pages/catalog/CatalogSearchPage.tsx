import { useEffect, useState } from 'react';
import { Button, Col, Flex, Form, Input, Row, Select, Space, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useLocation, useNavigate, useSearchParams } from 'react-router';
import { LINK_COLOR } from './DarkLink';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { useVocabularies } from '../../components/vocabularies';
import { links } from '../../links';
import { exportHref, FACETS, filtersOf, PAGE_SIZE, SORTS, sortOf, withValues, type FacetKey } from './catalogQuery';
import { loadFacets, loadResults } from './catalogLoads';
import { FacetFilters } from './FacetFilters';
import { ResultsTable } from './ResultsTable';

/** The cursors of the pages before this one, kept in the history entry so 上一页 and Back both work. */
interface PagerState {
  cursors?: string[];
}

/** 资源目录: keyword search with facets, sorting and paging, the whole search kept in the address. */
export default function CatalogSearchPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const vocabularies = useVocabularies();
  const key = params.toString();
  const q = params.get('q') ?? '';
  const [keyword, setKeyword] = useState(q);
  useEffect(() => setKeyword(q), [q]);

  const loaded = useLoad(() => loadResults(params).then((list) => ({ key, list })), [key]);
  // The results are busy until they answer this address (not the one before it).
  const busy = loaded.loading || loaded.data?.key !== key;
  const page = { ...loaded, data: loaded.data?.list };
  // The facets count the filters, not the sort or the page: they are not fetched again on paging.
  const filterKey = JSON.stringify(filtersOf(params));
  const facets = useLoad(() => loadFacets(params), [filterKey]);

  const cursors = (location.state as PagerState | null)?.cursors ?? [];
  const pageNumber = params.get('cursor') ? Math.max(cursors.length + 1, 2) : 1;
  const total = facets.data?.total;
  const pages = total === undefined ? undefined : Math.max(1, Math.ceil(total / PAGE_SIZE));

  /** A new search (a new address in the history), from its first page. */
  const go = (next: URLSearchParams, state?: PagerState) => {
    const text = next.toString();
    navigate({ pathname: links.catalog(), search: text ? `?${text}` : '' }, { state: state ?? null });
  };
  const search = (value: string) => {
    const next = withValues(params, 'q', [value.trim()]);
    if (!value.trim() && sortOf(next) === 'relevance') next.delete('sort');
    go(next);
  };
  const toPage = (cursor: string | null, stack: string[]) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set('cursor', cursor);
    else next.delete('cursor');
    go(next, { cursors: stack });
  };
  const chosenFilters = FACETS.flatMap(({ key: facet, title }) =>
    params.getAll(facet).map((value) => ({
      facet,
      value,
      label: `${title}：${facets.data?.facets[facet].find((c) => c.value === value)?.label ?? value}`,
    })),
  );

  return (
    <Page
      title="资源目录"
      extra={
        <>
          <Button icon={<DownloadOutlined />} href={exportHref(params, 'xlsx')}>
            导出 Excel
          </Button>
          <Button icon={<DownloadOutlined />} href={exportHref(params, 'csv')}>
            导出 CSV
          </Button>
        </>
      }
    >
      <Form layout="inline" className="no-print" style={{ marginBottom: 16, rowGap: 8 }} onFinish={() => search(keyword)}>
        <Form.Item label="关键词" htmlFor="catalog-q">
          <Input.Search
            id="catalog-q"
            allowClear
            enterButton="检索"
            placeholder="资源名称、摘要或信息项，如：户籍、婚姻"
            maxLength={100}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={search}
            style={{ width: 420 }}
          />
        </Form.Item>
        <Form.Item label="排序" htmlFor="catalog-sort">
          <Select
            id="catalog-sort"
            style={{ width: 180 }}
            value={sortOf(params) ?? (q ? 'relevance' : '-updatedAt')}
            options={SORTS.filter((s) => q || s.value !== 'relevance')}
            onChange={(value) => go(withValues(params, 'sort', [value]))}
          />
        </Form.Item>
      </Form>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={6}>
          <FacetFilters
            facets={facets.data?.facets}
            loading={facets.loading}
            selected={(facet: FacetKey) => params.getAll(facet)}
            onChange={(facet, values) => go(withValues(params, facet, values))}
          />
        </Col>
        <Col xs={24} lg={18} aria-busy={busy} data-search={key}>
          <ErrorAlert error={page.error ?? facets.error} />
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 8 }}>
            <Typography.Text role="status">
              {total === undefined ? '正在检索…' : `共找到 ${total.toLocaleString('zh-CN')} 个目录`}
              {q ? `（关键词“${q}”）` : ''}
            </Typography.Text>
            {chosenFilters.length > 0 ? (
              <Space wrap size={4} className="no-print">
                {chosenFilters.map((f) => (
                  <Tag
                    key={`${f.facet}=${f.value}`}
                    closable
                    closeIcon={<span aria-label={`取消筛选 ${f.label}`}>×</span>}
                    onClose={() =>
                      go(
                        withValues(
                          params,
                          f.facet,
                          params.getAll(f.facet).filter((v) => v !== f.value),
                        ),
                      )
                    }
                  >
                    {f.label}
                  </Tag>
                ))}
                <Button size="small" type="link" style={{ color: LINK_COLOR }} onClick={() => go(new URLSearchParams(q ? { q } : {}))}>
                  清除全部筛选
                </Button>
              </Space>
            ) : null}
          </Flex>
          <ResultsTable
            items={page.data?.items ?? []}
            busy={busy}
            vocabularies={vocabularies}
            emptyText={q || chosenFilters.length ? '没有符合条件的目录，请换个关键词或减少筛选条件' : '目录中暂无资源'}
          />
          <Flex justify="space-between" align="center" wrap gap={8} style={{ marginTop: 12 }} className="no-print">
            <Typography.Text>
              第 {pageNumber} 页{pages !== undefined ? `，共 ${pages} 页` : ''}
            </Typography.Text>
            <nav aria-label="翻页">
              <Space>
                <Button disabled={pageNumber === 1} onClick={() => toPage(null, [])}>
                  首页
                </Button>
                <Button disabled={pageNumber === 1} onClick={() => toPage(cursors[cursors.length - 1] || null, cursors.slice(0, -1))}>
                  上一页
                </Button>
                <Button
                  type="primary"
                  disabled={!page.data?.nextCursor || busy}
                  onClick={() => toPage(page.data?.nextCursor ?? null, [...cursors, params.get('cursor') ?? ''])}
                >
                  下一页
                </Button>
              </Space>
            </nav>
          </Flex>
        </Col>
      </Row>
    </Page>
  );
}
