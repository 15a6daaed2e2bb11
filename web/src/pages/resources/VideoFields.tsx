// A video-surveillance entry's camera points and sharing scope (docs/domain.md rule 5; Wendeng art. 21).
import { Button, Form, Input, InputNumber, Space, Table } from 'antd';
import type { FormListFieldData } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';

export function VideoFields() {
  return (
    <>
      <Form.List name={['video', 'cameraPoints']}>
        {(fields, { add, remove }) => (
          <div style={{ marginBottom: 16 }}>
            <Table<FormListFieldData>
              size="small"
              bordered
              pagination={false}
              rowKey="key"
              dataSource={fields}
              caption="摄像点位"
              locale={{ emptyText: '尚未登记点位' }}
              columns={[
                {
                  title: '点位编码',
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'code']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, whitespace: true, message: '请填写点位编码' }]}
                    >
                      <Input maxLength={64} aria-label={`第 ${f.name + 1} 个点位编码`} />
                    </Form.Item>
                  ),
                },
                {
                  title: '点位名称',
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'name']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, whitespace: true, message: '请填写点位名称' }]}
                    >
                      <Input maxLength={200} aria-label={`第 ${f.name + 1} 个点位名称`} />
                    </Form.Item>
                  ),
                },
                {
                  title: '安装位置',
                  render: (_, f) => (
                    <Form.Item
                      name={[f.name, 'location']}
                      style={{ margin: 0 }}
                      rules={[{ required: true, whitespace: true, message: '请填写安装位置' }]}
                    >
                      <Input maxLength={500} aria-label={`第 ${f.name + 1} 个点位安装位置`} />
                    </Form.Item>
                  ),
                },
                {
                  title: '经度',
                  width: 120,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'longitude']} style={{ margin: 0 }}>
                      <InputNumber min={-180} max={180} aria-label={`第 ${f.name + 1} 个点位经度`} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: '纬度',
                  width: 120,
                  render: (_, f) => (
                    <Form.Item name={[f.name, 'latitude']} style={{ margin: 0 }}>
                      <InputNumber min={-90} max={90} aria-label={`第 ${f.name + 1} 个点位纬度`} style={{ width: '100%' }} />
                    </Form.Item>
                  ),
                },
                {
                  title: '操作',
                  width: 64,
                  className: 'no-print',
                  render: (_, f) => (
                    <Button
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={`删除第 ${f.name + 1} 个点位`}
                      onClick={() => remove(f.name)}
                    />
                  ),
                },
              ]}
            />
            <Space className="no-print" style={{ marginTop: 8 }}>
              <Button icon={<PlusOutlined />} onClick={() => add({})}>
                添加点位
              </Button>
            </Space>
          </div>
        )}
      </Form.List>
      <Form.Item name={['video', 'sharingScope']} label="视频共享范围">
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
    </>
  );
}
