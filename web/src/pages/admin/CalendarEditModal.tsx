import { useEffect, useState } from 'react';
import { App, Button, DatePicker, Form, Input, Modal, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, must } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import type { Arrangement } from './calendar';

interface Values {
  source: string;
  holidays: Array<{ name: string; range: [Dayjs, Dayjs] }>;
  workdays: Array<{ name: string; date: Dayjs }>;
}

const DAY = 'YYYY-MM-DD';

/** 录入或更正某年的节假日安排 (putCalendarYear; If-Match when the year exists). */
export function CalendarEditModal({
  year,
  arrangement,
  etag,
  onClose,
  onSaved,
}: {
  year: number;
  arrangement?: Arrangement;
  etag?: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    form.setFieldsValue({
      source: arrangement?.source ?? `国务院办公厅关于${year}年部分节假日安排的通知`,
      holidays: (arrangement?.holidays ?? []).map((h) => ({ name: h.name, range: [dayjs(h.start), dayjs(h.end)] })),
      workdays: (arrangement?.workdays ?? []).map((w) => ({ name: w.name, date: dayjs(w.date) })),
    });
  }, [arrangement, year, form]);

  async function save(values: Values) {
    setBusy(true);
    setError(undefined);
    try {
      const body: Arrangement = {
        source: values.source,
        holidays: (values.holidays ?? []).map((h) => ({ name: h.name, start: h.range[0].format(DAY), end: h.range[1].format(DAY) })),
        workdays: (values.workdays ?? []).map((w) => ({ name: w.name, date: w.date.format(DAY) })),
      };
      await must(
        api.PUT('/api/v1/calendar/years/{year}', {
          params: { path: { year }, header: etag ? { 'If-Match': etag } : {} },
          body,
        }),
      );
      message.success(`已保存${year}年的节假日安排，待答复申请的期限已按新安排重新计算`);
      onSaved();
      onClose();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const inYear = (d: Dayjs) => d.year() !== year;
  return (
    <Modal
      title={`${arrangement ? '更正' : '录入'}${year}年节假日安排`}
      open
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      cancelText="取消"
      confirmLoading={busy}
      width={720}
    >
      <Form form={form} layout="vertical" onFinish={save}>
        <Form.Item
          label="依据（国务院办公厅通知）"
          name="source"
          rules={[{ required: true, whitespace: true, message: '请填写依据的通知' }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          放假安排
        </Typography.Title>
        <Form.List name="holidays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item label={`节日 ${i + 1}`} name={[field.name, 'name']} rules={[{ required: true, message: '请填写节日名称' }]}>
                    <Input placeholder="如：春节" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    label={`节日 ${i + 1} 放假日期`}
                    name={[field.name, 'range']}
                    rules={[{ required: true, message: '请选择放假起止日期' }]}
                  >
                    <DatePicker.RangePicker disabledDate={inYear} defaultPickerValue={[dayjs(`${year}-01-01`), dayjs(`${year}-01-01`)]} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} autoInsertSpace={false} aria-label={`删除 节日 ${i + 1}`}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} block disabled={fields.length >= 20}>
                添加放假安排
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={3} style={{ fontSize: 16, marginTop: 16 }}>
          调休上班日（周末上班）
        </Typography.Title>
        <Form.List name="workdays">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field, i) => (
                <Space key={field.key} align="baseline" wrap>
                  <Form.Item
                    label={`调休 ${i + 1} 所属节日`}
                    name={[field.name, 'name']}
                    rules={[{ required: true, message: '请填写所属节日' }]}
                  >
                    <Input placeholder="如：春节" style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item
                    label={`调休 ${i + 1} 上班日期`}
                    name={[field.name, 'date']}
                    rules={[{ required: true, message: '请选择日期' }]}
                  >
                    <DatePicker disabledDate={inYear} defaultPickerValue={dayjs(`${year}-01-01`)} />
                  </Form.Item>
                  <Button onClick={() => remove(field.name)} autoInsertSpace={false} aria-label={`删除 调休 ${i + 1}`}>
                    删除
                  </Button>
                </Space>
              ))}
              <Button type="dashed" onClick={() => add()} block disabled={fields.length >= 20}>
                添加调休上班日
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
      </div>
    </Modal>
  );
}
