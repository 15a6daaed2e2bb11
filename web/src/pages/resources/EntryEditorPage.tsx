// 目录编辑: a producer's draft (new or existing), every field of createResource / updateResource,
// saved with If-Match; submitted for review with what is missing listed field by field; a
// never-published draft deleted; a published entry changed with a reason or withdrawn.
import { useEffect, useMemo, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Spin,
  Switch,
  TreeSelect,
} from 'antd';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, idempotencyKey, must, withEtag } from '../../api/client';
import { ApiProblem } from '../../api/problem';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Page } from '../../components/Page';
import { useLoad } from '../../components/useLoad';
import { labelOf, optionsOf, useVocabularies } from '../../components/vocabularies';
import { formatTime } from '../../format';
import { links } from '../../links';
import { useSession } from '../../session/session';
import { bodyOf, EMPTY_ENTRY, valuesOf, type EntryValues, type Resource } from './entryForm';
import { GapsPanel, markGaps, type Gap } from './GapsPanel';
import { ItemsEditor } from './ItemsEditor';
import { loadCategories, loadProjects } from './lookups';
import { ProvisionModesEditor } from './ProvisionModesEditor';
import { ReasonModal } from '../../components/ReasonModal';
import { RESOURCE_STATUSES, StatusTag } from '../../components/StatusTag';
import { VideoFields } from './VideoFields';

interface Arrival {
  gaps?: Gap[];
  gapsTitle?: string;
}

function gapsOf(error: unknown): Gap[] {
  if (!(error instanceof ApiProblem)) return [];
  return (error.problem.errors ?? []).filter((e) => e.path !== undefined).map((e) => ({ path: e.path!, message: e.message }));
}

export default function EntryEditorPage() {
  const { resourceId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { me } = useSession();
  const vocabularies = useVocabularies();
  const [form] = Form.useForm<EntryValues>();
  const values = Form.useWatch([], { form, preserve: true }) as EntryValues | undefined;

  const loaded = useLoad(
    () => (resourceId ? withEtag(api.GET('/api/v1/resources/{resourceId}', { params: { path: { resourceId } } })) : Promise.resolve(null)),
    [resourceId],
  );
  const categories = useLoad(loadCategories, []);
  const projects = useLoad(() => (me ? loadProjects(me.department.id) : Promise.resolve([])), [me?.department.id]);

  const [entry, setEntry] = useState<Resource | null>(null);
  const [etag, setEtag] = useState<string>('*');
  const [gaps, setGaps] = useState<Gap[]>([]);
  const [gapsTitle, setGapsTitle] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState<'save' | 'submit' | 'delete' | null>(null);
  const [withdrawing, setWithdrawing] = useState(false);

  useEffect(() => {
    if (loaded.data) {
      setEntry(loaded.data.body);
      setEtag(loaded.data.etag);
    }
  }, [loaded.data]);

  const initial = useMemo(() => (entry ? valuesOf(entry) : EMPTY_ENTRY), [entry]);

  // Gaps carried over from the page where the entry was created and submitted at once.
  useEffect(() => {
    const arrival = location.state as Arrival | null;
    if (!entry || !arrival?.gaps) return;
    setGaps(arrival.gaps);
    setGapsTitle(arrival.gapsTitle ?? '');
    const timer = setTimeout(() => markGaps(form, arrival.gaps!), 50);
    navigate(location.pathname, { replace: true, state: null });
    return () => clearTimeout(timer);
  }, [entry]);

  const status = entry?.status ?? 'draft';
  const editable = status === 'draft' || status === 'returned' || status === 'published';
  const submittable = status === 'draft' || status === 'returned';
  const deletable = !!entry && submittable && entry.version === 0;
  const modeLabel = (code: string) => labelOf(vocabularies, 'provisionModes', code);

  const showGaps = (list: Gap[], title: string) => {
    setGaps(list);
    setGapsTitle(title);
    markGaps(form, list);
    setTimeout(() => document.getElementById('entry-gaps')?.scrollIntoView({ block: 'start' }), 0);
  };

  /** Saves the form; the entry as stored, or null when it was refused (the reasons shown). */
  const save = async (): Promise<{ body: Resource; etag: string } | null> => {
    setError(undefined);
    let v: EntryValues;
    try {
      await form.validateFields();
      // Every value, also those without a control of their own (a provision mode's code, a hidden rule's parameters).
      v = form.getFieldsValue(true) as EntryValues;
    } catch {
      setError(new Error('表单中有未填写或填写有误的内容，请按红色提示修改'));
      return null;
    }
    const body = bodyOf(v);
    try {
      const saved = entry
        ? await withEtag(
            api.PATCH('/api/v1/resources/{resourceId}', {
              params: { path: { resourceId: entry.id }, header: { 'If-Match': etag } },
              body: status === 'published' ? { ...body, categoryCode: undefined, changeReason: (v.changeReason ?? '').trim() } : body,
            }),
          )
        : await withEtag(api.POST('/api/v1/resources', { params: { header: { 'Idempotency-Key': idempotencyKey() } }, body }));
      setEntry(saved.body);
      setEtag(saved.etag);
      setGaps([]);
      return saved;
    } catch (failure) {
      setError(failure);
      const list = gapsOf(failure);
      if (list.length > 0) showGaps(list, '保存未成功，请修改以下内容');
      return null;
    }
  };

  const onSave = async () => {
    setBusy('save');
    const saved = await save();
    setBusy(null);
    if (!saved) return;
    message.success(entry ? '已保存' : '草稿已创建');
    if (!entry) navigate(links.editEntry(saved.body.id), { replace: true });
  };

  const onSubmit = async () => {
    setBusy('submit');
    const saved = await save();
    if (!saved) {
      setBusy(null);
      return;
    }
    try {
      const submitted = await must(api.POST('/api/v1/resources/{resourceId}/submit', { params: { path: { resourceId: saved.body.id } } }));
      const dupes = submitted.duplicateCandidates.length;
      message.success(dupes > 0 ? `已提交审核；发现 ${dupes} 个疑似重复的目录，管理局审核时将比对` : '已提交审核，请等待大数据管理局审核');
      navigate(links.myEntries());
    } catch (failure) {
      const list = gapsOf(failure);
      const title = `提交审核前还需补充以下 ${list.length} 处内容`;
      if (!entry) {
        navigate(links.editEntry(saved.body.id), { replace: true, state: { gaps: list, gapsTitle: title } satisfies Arrival });
        if (list.length === 0) setError(failure);
      } else if (list.length > 0) {
        setError(undefined);
        showGaps(list, title);
      } else setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const onDelete = async () => {
    if (!entry) return;
    setBusy('delete');
    try {
      await must(
        api.DELETE('/api/v1/resources/{resourceId}', { params: { path: { resourceId: entry.id }, header: { 'If-Match': etag } } }),
      );
      message.success(`已删除草稿“${entry.name}”`);
      navigate(links.myEntries());
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  };

  const title = !resourceId ? '新建目录' : editable ? '编辑目录' : '目录详情';
  // Not the form before the entry is here: a form's first values are the ones it keeps.
  if (resourceId && !entry && !loaded.error) {
    return (
      <Page title={title}>
        <Spin aria-label="加载中" />
      </Page>
    );
  }
  if (resourceId && !entry && loaded.error) {
    return (
      <Page title={title}>
        <ErrorAlert error={loaded.error} />
      </Page>
    );
  }

  const actions = (
    <>
      <Link to={links.myEntries()}>返回我的目录</Link>
      {editable ? (
        <Button onClick={onSave} loading={busy === 'save'} disabled={busy !== null}>
          {status === 'published' ? '保存修改' : '保存草稿'}
        </Button>
      ) : null}
      {submittable ? (
        <Button type="primary" onClick={onSubmit} loading={busy === 'submit'} disabled={busy !== null}>
          提交审核
        </Button>
      ) : null}
      {deletable ? (
        <Popconfirm
          title="删除草稿"
          description="删除后不可恢复（审计记录保留其名称），确定删除吗？"
          okText="删除"
          cancelText="取消"
          okButtonProps={{ danger: true }}
          onConfirm={onDelete}
        >
          <Button danger loading={busy === 'delete'} disabled={busy !== null}>
            删除草稿
          </Button>
        </Popconfirm>
      ) : null}
      {status === 'published' ? (
        <Button danger onClick={() => setWithdrawing(true)}>
          撤销目录
        </Button>
      ) : null}
    </>
  );

  return (
    <Page title={title} extra={actions}>
      {entry ? (
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 16 }}>
          <Descriptions.Item label="状态">
            <StatusTag status={entry.status} vocabulary={RESOURCE_STATUSES} />
          </Descriptions.Item>
          <Descriptions.Item label="资源代码">{entry.code ?? '发布时赋予'}</Descriptions.Item>
          <Descriptions.Item label="版本">{entry.version === 0 ? '未发布' : `第 ${entry.version} 版`}</Descriptions.Item>
          <Descriptions.Item label="提供部门">{entry.departmentName}</Descriptions.Item>
          <Descriptions.Item label="最近保存">{formatTime(entry.updatedAt)}</Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatTime(entry.submittedAt)}</Descriptions.Item>
        </Descriptions>
      ) : null}
      {status === 'returned' && entry?.returnReason ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title="大数据管理局退回了这份目录"
          description={`退回理由：${entry.returnReason}`}
        />
      ) : null}
      {status === 'submitted' ? (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} title="目录待大数据管理局审核，审核期间不能修改" />
      ) : null}
      {status === 'withdrawn' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={`目录已撤销，不能修改。撤销原因：${entry?.withdrawReason ?? '—'}`}
        />
      ) : null}
      {status === 'published' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title="修改已发布的目录须填写变更原因，保存后产生新版本；资源分类不能修改"
        />
      ) : null}
      <GapsPanel gaps={gaps} title={gapsTitle} form={form} values={values} modeLabel={modeLabel} />
      <ErrorAlert error={error} />
      <Form<EntryValues>
        key={entry?.id ?? 'new'}
        form={form}
        layout="vertical"
        initialValues={initial}
        disabled={!editable}
        scrollToFirstError={{ block: 'center' }}
        style={{ marginTop: 16 }}
        onValuesChange={() => error && !(error instanceof ApiProblem) && setError(undefined)}
      >
        <Card title="基本信息" size="small" style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item
              name="name"
              label="资源名称"
              style={{ flex: '2 1 320px' }}
              rules={[{ required: true, whitespace: true, message: '请填写资源名称' }]}
            >
              <Input maxLength={200} />
            </Form.Item>
            <Form.Item
              name="categoryCode"
              label="资源分类"
              style={{ flex: '1 1 260px' }}
              rules={[{ required: true, message: '请选择资源分类' }]}
            >
              <TreeSelect
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeData={categories.data ?? []}
                loading={categories.loading}
                disabled={!editable || status === 'published'}
                placeholder="选择项、目或细目"
                treeDefaultExpandAll={false}
              />
            </Form.Item>
          </Flex>
          <Form.Item name="summary" label="信息资源摘要">
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Flex gap={16} wrap>
            <Form.Item name="format" label="资源格式" style={{ flex: '1 1 180px' }}>
              <Select allowClear options={optionsOf(vocabularies, 'resourceFormats')} />
            </Form.Item>
            <Form.Item name="formatDetail" label="格式说明" extra="如 OFD、xlsx、PostgreSQL" style={{ flex: '1 1 180px' }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item name="updateCycle" label="更新周期" style={{ flex: '1 1 160px' }}>
              <Select allowClear options={optionsOf(vocabularies, 'updateCycles')} />
            </Form.Item>
            <Form.Item name="projectId" label="所属信息化项目" style={{ flex: '2 1 260px' }}>
              <Select allowClear loading={projects.loading} options={projects.data ?? []} placeholder="本部门的项目（可不选）" />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item name={['totalDataVolume', 'records']} label="数据总量（记录数）" style={{ flex: '1 1 180px' }}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item name={['totalDataVolume', 'bytes']} label="数据总量（字节数）" style={{ flex: '1 1 180px' }}>
              <InputNumber min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              name="relatedResourceCodes"
              label="关联资源代码"
              extra="已发布目录的资源代码，如 101/000001；输入后回车"
              style={{ flex: '2 1 300px' }}
            >
              <Select mode="tags" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
            </Form.Item>
          </Flex>
        </Card>
        <Card title="共享与开放" size="small" style={{ marginBottom: 16 }}>
          <Flex gap={16} wrap>
            <Form.Item name="sharingType" label="共享类型" style={{ flex: '1 1 200px' }}>
              <Select allowClear options={optionsOf(vocabularies, 'sharingTypes')} />
            </Form.Item>
            <Form.Item name="openType" label="开放属性" style={{ flex: '1 1 200px' }}>
              <Select allowClear options={optionsOf(vocabularies, 'openTypes')} />
            </Form.Item>
          </Flex>
          {values?.sharingType === 'conditional' ? (
            <Form.Item
              name="sharingConditions"
              label="共享条件"
              rules={[{ required: true, whitespace: true, message: '有条件共享须写明共享条件' }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ) : null}
          {values?.sharingType === 'not_shared' ? (
            <Form.Item
              name="sharingBasis"
              label="不予共享依据"
              rules={[{ required: true, whitespace: true, message: '不予共享须写明法律法规或政策依据' }]}
            >
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ) : null}
          {values?.openType === 'conditional_open' ? (
            <Form.Item name="openConditions" label="开放条件">
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          ) : null}
          <Form.Item name="scopeOfUse" label="使用范围">
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Card>
        <Card title="信息项" size="small" style={{ marginBottom: 16 }}>
          <ItemsEditor vocabularies={vocabularies} disabled={!editable} />
        </Card>
        <Card title="提供方式" size="small" style={{ marginBottom: 16 }}>
          <ProvisionModesEditor vocabularies={vocabularies} disabled={!editable} />
        </Card>
        <Card title="视频监控资源" size="small" style={{ marginBottom: 16 }}>
          <Form.Item name="isVideo" label="本目录为视频监控资源" valuePropName="checked">
            <Switch checkedChildren="是" unCheckedChildren="否" />
          </Form.Item>
          {values?.isVideo ? <VideoFields /> : null}
        </Card>
        {status === 'published' ? (
          <Card title="变更原因" size="small" style={{ marginBottom: 16 }}>
            <Form.Item
              name="changeReason"
              label="变更原因"
              rules={[{ required: true, whitespace: true, message: '修改已发布的目录须填写变更原因' }]}
            >
              <Input.TextArea rows={2} maxLength={1000} />
            </Form.Item>
          </Card>
        ) : null}
      </Form>
      <Space className="no-print" wrap>
        {actions}
      </Space>
      {entry ? (
        <ReasonModal
          open={withdrawing}
          title={`撤销目录“${entry.name}”`}
          label="撤销原因"
          okText="撤销目录"
          intro="撤销后目录仍可查阅并标明已撤销，基于它的共享授权将暂停。"
          onCancel={() => setWithdrawing(false)}
          danger
          onSubmit={async (reason) => {
            const done = await withEtag(
              api.POST('/api/v1/resources/{resourceId}/withdraw', { params: { path: { resourceId: entry.id } }, body: { reason } }),
            );
            setEntry(done.body);
            setEtag(done.etag);
            setWithdrawing(false);
            message.success('目录已撤销');
          }}
        />
      ) : null}
    </Page>
  );
}
