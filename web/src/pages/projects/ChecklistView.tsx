import { CheckCircleFilled, CloseCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { List, Space, Typography } from 'antd';
import { StatusTag } from '../../components/StatusTag';
import type { ChecklistItem } from './projectTerms';

/** The onboarding checklist: each line met or not, and for each unmet one exactly what is missing, by entry (the service's message names the mode). */
export function ChecklistView({ checklist }: { checklist: ChecklistItem[] }) {
  return (
    <List
      bordered
      dataSource={checklist}
      aria-label="平台接入清单"
      renderItem={(item) => (
        <List.Item>
          <div style={{ width: '100%' }}>
            <Space>
              {!item.applicable ? (
                <MinusCircleOutlined aria-hidden style={{ color: 'rgba(0,0,0,0.45)' }} />
              ) : item.met ? (
                <CheckCircleFilled aria-hidden style={{ color: '#389e0d' }} />
              ) : (
                <CloseCircleFilled aria-hidden style={{ color: '#cf1322' }} />
              )}
              <Typography.Text strong>{item.label}</Typography.Text>
              {!item.applicable ? (
                <StatusTag tone="grey">不适用</StatusTag>
              ) : item.met ? (
                <StatusTag tone="green">已满足</StatusTag>
              ) : (
                <StatusTag tone="red">未满足</StatusTag>
              )}
            </Space>
            {item.applicable && !item.met && item.missing.length > 0 ? (
              <ul className="checklist-missing" aria-label={`${item.label}：未满足的原因`}>
                {item.missing.map((m, i) => (
                  <li key={i}>
                    {m.resourceName ? <Typography.Text strong>{m.resourceName}</Typography.Text> : null}
                    {m.resourceName ? '：' : null}
                    {m.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        </List.Item>
      )}
    />
  );
}
