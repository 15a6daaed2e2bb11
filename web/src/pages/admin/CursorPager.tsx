import { useCallback, useState } from 'react';
import { Button, Space } from 'antd';

/** Paging through a list the service answers by cursor: the cursors of the pages seen, to go back. */
export function useCursorPages() {
  const [stack, setStack] = useState<Array<string | undefined>>([undefined]);
  const cursor = stack[stack.length - 1];
  const next = useCallback((nextCursor: string) => setStack((s) => [...s, nextCursor]), []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor, page: stack.length, next, previous, reset };
}

export function CursorPager({
  pages,
  nextCursor,
  loading,
}: {
  pages: ReturnType<typeof useCursorPages>;
  nextCursor: string | null | undefined;
  loading?: boolean;
}) {
  return (
    <Space className="no-print" style={{ marginTop: 12 }}>
      <Button disabled={pages.page <= 1 || loading} onClick={pages.previous}>
        上一页
      </Button>
      <span aria-live="polite">第 {pages.page} 页</span>
      <Button disabled={!nextCursor || loading} onClick={() => nextCursor && pages.next(nextCursor)}>
        下一页
      </Button>
    </Space>
  );
}
