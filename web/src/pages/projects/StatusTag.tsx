import type { ReactNode } from 'react';
import { Tag } from 'antd';

export type Tone = 'green' | 'red' | 'orange' | 'blue' | 'purple' | 'cyan' | 'grey';

/** Text, background and border of each tone, the text dark enough for 4.5:1 on its tint. */
const TONES: Record<Tone, { color: string; background: string; borderColor: string }> = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  blue: { color: '#10239e', background: '#f0f5ff', borderColor: '#adc6ff' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  cyan: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
};

/** A status tag whose text stays readable (antd's preset tints are lighter than WCAG AA allows). */
export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}

/** A table's empty state in text dark enough to read (antd's placeholder grey is too light for WCAG AA). */
export function EmptyText({ children }: { children: ReactNode }) {
  return <span style={{ color: 'rgba(0, 0, 0, 0.65)' }}>{children}</span>;
}

/** A danger button's colours dark enough for 4.5:1 (antd's #ff4d4f is 3.3:1 on white). */
export const DANGER_OUTLINE = { color: '#a8071a', borderColor: '#a8071a' } as const;
export const DANGER_SOLID = { background: '#a8071a', borderColor: '#a8071a', color: '#fff' } as const;
