import { useEffect, useMemo, useState, type Key } from 'react';
import { App, Button, Card, Col, Descriptions, Empty, Form, Input, Popconfirm, Row, Space, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import type { components } from '@contract';
import { api, idempotencyKey, must, withEtag } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, useVocabularies } from '../../components/vocabularies';

type Category = components['schemas']['Category'];

const LEVELS = ['', '类', '项', '目', '细目'];
/** Digits a child adds to its parent's code: a 项 2, a 目 or 细目 3. */
const CHILD_DIGITS = [0, 2, 3, 3, 0];

function treeOf(items: Category[]): DataNode[] {
  const nodes = new Map<string, DataNode & { children: DataNode[] }>();
  const roots: DataNode[] = [];
  for (const c of items) {
    const node = { key: c.code, title: `${c.code} ${c.name}`, children: [] as DataNode[] };
    nodes.set(c.code, node);
    const parent = c.parentCode ? nodes.get(c.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

/** 资源分类: the category tree (类/项/目/细目) that entries are filed under; the bureau adds, renames and deletes. */
export default function CategoriesPage() {
  const { message } = App.useApp();
  const vocabularies = useVocabularies();
  const categories = useLoad(() => must(api.GET('/api/v1/categories')), []);
  const [selectedCode, setSelectedCode] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [renameForm] = Form.useForm<{ name: string }>();
  const [addForm] = Form.useForm<{ suffix: string; name: string }>();
  const tree = useMemo(() => treeOf(categories.data?.items ?? []), [categories.data]);
  const selected = categories.data?.items.find((c) => c.code === selectedCode);
  const [expanded, setExpanded] = useState<Key[]>();
  useEffect(() => renameForm.setFieldsValue({ name: selected?.name ?? '' }), [selected?.code, selected?.name, renameForm]);
  const hasChildren = !!selected && (categories.data?.items ?? []).some((c) => c.parentCode === selected.code);

  function select(code: string | undefined) {
    setSelectedCode(code);
    setError(undefined);
    addForm.resetFields();
  }

  async function run(action: () => Promise<string>) {
    setError(undefined);
    try {
      message.success(await action());
      categories.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const etagOf = async (code: string) =>
    (await withEtag(api.GET('/api/v1/categories/{categoryCode}', { params: { path: { categoryCode: code } } }))).etag;

  return (
    <>
      <Page title="资源分类">
        <Typography.Paragraph type="secondary">
          目录条目按“类—项—目—细目”归类。类由国家分类固定，不能修改；已被目录条目、下级分类或已发资源代码使用的分类不能删除。
        </Typography.Paragraph>
        <ErrorAlert error={categories.error} />
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Card size="small" title="分类树" loading={categories.loading && !categories.data}>
              {tree.length > 0 ? (
                <Tree
                  treeData={tree}
                  expandedKeys={expanded ?? tree.map((n) => n.key)}
                  onExpand={(keys) => setExpanded(keys)}
                  selectedKeys={selectedCode ? [selectedCode] : []}
                  onSelect={(keys) => select(keys[0] as string | undefined)}
                  height={560}
                  aria-label="资源分类树"
                />
              ) : (
                <Empty description="暂无分类" />
              )}
            </Card>
          </Col>
          <Col xs={24} lg={12}>
            <Card size="small" title={selected ? `${LEVELS[selected.level]}：${selected.name}` : '分类详情'}>
              {!selected ? (
                <Empty description="请在左侧选择一个分类" />
              ) : (
                <Space orientation="vertical" style={{ width: '100%' }} size="middle">
                  <Descriptions column={1} size="small" bordered>
                    <Descriptions.Item label="代码">{selected.code}</Descriptions.Item>
                    <Descriptions.Item label="层级">{LEVELS[selected.level]}</Descriptions.Item>
                    <Descriptions.Item label="大类">{labelOf(vocabularies, 'classifications', selected.classification)}</Descriptions.Item>
                    <Descriptions.Item label="路径">{selected.path.join(' / ')}</Descriptions.Item>
                  </Descriptions>
                  {selected.level > 1 ? (
                    <Form
                      form={renameForm}
                      name="rename"
                      layout="inline"
                      className="no-print"
                      initialValues={{ name: selected.name }}
                      onFinish={({ name }) =>
                        run(async () => {
                          await must(
                            api.PATCH('/api/v1/categories/{categoryCode}', {
                              params: { path: { categoryCode: selected.code }, header: { 'If-Match': await etagOf(selected.code) } },
                              body: { name },
                            }),
                          );
                          return `已更名为“${name}”`;
                        })
                      }
                    >
                      <Form.Item label="名称" name="name" rules={[{ required: true, whitespace: true, message: '请输入名称' }]}>
                        <Input maxLength={100} />
                      </Form.Item>
                      <Button htmlType="submit">更名</Button>
                    </Form>
                  ) : null}
                  {selected.level < 4 ? (
                    <Form
                      form={addForm}
                      name="addChild"
                      layout="inline"
                      className="no-print"
                      onFinish={({ suffix, name }) =>
                        run(async () => {
                          const code = `${selected.code}${suffix}`;
                          await must(
                            api.POST('/api/v1/categories', {
                              params: { header: { 'Idempotency-Key': idempotencyKey() } },
                              body: { code, name },
                            }),
                          );
                          addForm.resetFields();
                          // Show the new category where it went, selected.
                          setExpanded((keys) => [...(keys ?? tree.map((n) => n.key)), selected.code]);
                          setSelectedCode(code);
                          return `已新增${LEVELS[selected.level + 1]}“${name}”（${code}）`;
                        })
                      }
                    >
                      <Form.Item
                        label={`新${LEVELS[selected.level + 1]}代码`}
                        name="suffix"
                        rules={[
                          { required: true, message: '请输入代码' },
                          {
                            pattern: new RegExp(`^[0-9]{${CHILD_DIGITS[selected.level]}}$`),
                            message: `${LEVELS[selected.level + 1]}的代码为 ${CHILD_DIGITS[selected.level]} 位数字`,
                          },
                        ]}
                      >
                        <Input addonBefore={selected.code} maxLength={CHILD_DIGITS[selected.level]} style={{ width: 160 }} />
                      </Form.Item>
                      <Form.Item
                        label={`新${LEVELS[selected.level + 1]}名称`}
                        name="name"
                        rules={[{ required: true, whitespace: true, message: '请输入名称' }]}
                      >
                        <Input maxLength={100} />
                      </Form.Item>
                      <Button htmlType="submit">新增下级</Button>
                    </Form>
                  ) : null}
                  {selected.level > 1 ? (
                    <Popconfirm
                      title={`删除分类“${selected.name}”？`}
                      description="只有未被任何目录条目、下级分类或已发资源代码使用的分类可以删除。"
                      okText="删除"
                      cancelText="取消"
                      onConfirm={() =>
                        run(async () => {
                          await must(
                            api.DELETE('/api/v1/categories/{categoryCode}', {
                              params: { path: { categoryCode: selected.code }, header: { 'If-Match': await etagOf(selected.code) } },
                            }),
                          );
                          select(undefined);
                          return `已删除分类“${selected.name}”`;
                        })
                      }
                    >
                      <Button danger className="no-print" disabled={hasChildren} title={hasChildren ? '有下级分类，不能删除' : undefined}>
                        删除分类
                      </Button>
                    </Popconfirm>
                  ) : null}
                  <ErrorAlert error={error} />
                </Space>
              )}
            </Card>
          </Col>
        </Row>
      </Page>
    </>
  );
}
