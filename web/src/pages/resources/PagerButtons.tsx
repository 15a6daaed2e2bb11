import { Button, Space, Typography } from 'antd';

/** 上一页 / 下一页 for a cursor-keyed list. */
export function PagerButtons({
  page,
  hasNext,
  onPrevious,
  onNext,
}: {
  page: number;
  hasNext: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  if (page === 1 && !hasNext) return null;
  return (
    <Space className="no-print" style={{ marginTop: 12 }}>
      <Button disabled={page === 1} onClick={onPrevious}>
        上一页
      </Button>
      <Typography.Text>第 {page} 页</Typography.Text>
      <Button disabled={!hasNext} onClick={onNext}>
        下一页
      </Button>
    </Space>
  );
}
