import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface CursorList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  more: () => void;
  reload: () => void;
}

/** A list the API pages by cursor: the first page on load (and when the inputs change), the next on `more()`. */
export function useCursorList<T>(
  fetchPage: (cursor: string | undefined) => Promise<{ items: T[]; nextCursor: string | null }>,
  deps: DependencyList,
): CursorList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  const latest = useRef(0);
  const load = useCallback((from: string | undefined, append: boolean) => {
    const mine = ++latest.current;
    setLoading(true);
    setError(undefined);
    fetchPage(from).then(
      (page) => {
        if (mine !== latest.current) return;
        setItems((before) => (append ? [...before, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (failure: unknown) => {
        if (mine !== latest.current) return;
        setError(failure);
        setLoading(false);
      },
    );
  }, deps);
  useEffect(() => load(undefined, false), [load, round]);
  const more = useCallback(() => {
    if (cursor) load(cursor, true);
  }, [cursor, load]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { items, loading, error, hasMore: cursor !== null, more, reload };
}
