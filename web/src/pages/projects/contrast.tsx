import type { ReactNode } from 'react';

// What the projects' pages need for WCAG AA contrast beyond the console's theme (their status tags
// are the console's StatusTag, web/src/components).

/** A table's empty state in text dark enough to read (antd's placeholder grey is too light for WCAG AA). */
export function EmptyText({ children }: { children: ReactNode }) {
  return <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{children}</span>;
}

/** A danger button's colours dark enough for 4.5:1 (antd's #ff4d4f is 3.3:1 on white). */
export const DANGER_OUTLINE = { color: '#a8071a', borderColor: '#a8071a' } as const;
export const DANGER_SOLID = { background: '#a8071a', borderColor: '#a8071a', color: '#fff' } as const;
