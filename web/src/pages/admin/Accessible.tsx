// What the administration's pages need for WCAG AA contrast beyond the console's theme (which
// sets the links' and the danger red's colours): tags and empty-list text dark enough to read.
import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';

const TONES = { good: '#2e6b30', bad: '#b42318', warn: '#8a5300', plain: '#4a5563' } as const;

/** A state as a solid tag (white on a dark colour, 5:1 or better). */
export function StateTag({ tone, children }: { tone: keyof typeof TONES; children: ReactNode }) {
  return (
    <Tag variant="solid" color={TONES[tone]}>
      {children}
    </Tag>
  );
}

/** An empty list's text, in the secondary text colour (the table's own placeholder grey is too light). */
export function emptyText(text: string) {
  return <Typography.Text type="secondary">{text}</Typography.Text>;
}
