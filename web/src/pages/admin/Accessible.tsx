// What the administration's pages need for WCAG AA contrast beyond the console's theme: links in
// the bureau's blue (antd's default link blue is 4.1:1 on white), a darker red for dangerous
// buttons, and tags and empty-list text dark enough to read.
import type { ReactNode } from 'react';
import { ConfigProvider, Tag, Typography } from 'antd';

const TOKENS = { colorLink: '#1d4f91', colorLinkHover: '#2a65b3', colorError: '#b42318', colorErrorHover: '#d0352a' };

export function Accessible({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: TOKENS }}>{children}</ConfigProvider>;
}

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
