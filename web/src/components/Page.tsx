import { useEffect, type ReactNode } from 'react';
import { Flex, Space, Typography } from 'antd';

const PLATFORM = '榕城市政务信息资源目录';

/** A page's title (also the browser tab's), its actions on the right, then its content. */
export function Page({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} - ${PLATFORM}`;
  }, [title]);
  return (
    <div className="page">
      <Flex justify="space-between" align="center" wrap gap={8} className="page-head">
        <Typography.Title level={2} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra ? (
          <Space wrap className="no-print">
            {extra}
          </Space>
        ) : null}
      </Flex>
      <div className="page-body">{children}</div>
    </div>
  );
}
