import type { ReactNode } from 'react';
import { Tag } from 'antd';

// Status tags with dark text on a light ground, so the exchange's pages meet WCAG AA contrast
// (the links' and the danger red's colours come from the console's theme).

const TONES = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#95de64' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#ffa39e' },
  orange: { color: '#612500', background: '#fff7e6', borderColor: '#ffc069' },
  grey: { color: 'rgba(0, 0, 0, 0.88)', background: '#fafafa', borderColor: '#d9d9d9' },
} as const;

export type Tone = keyof typeof TONES;

/** A status label as a tag, readable at AA contrast. */
export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}
