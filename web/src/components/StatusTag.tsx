// The console's one status tag: a status code and its vocabulary in, the Chinese label out, coloured
// by the status's tone. Every page's states — an entry's, a request's, a grant's, a project's stage,
// a user's, a checklist item's — are drawn by it, so a tone looks the same everywhere and meets
// WCAG AA contrast (antd's preset tag tints are lighter than 4.5:1 allows; the browser tests run axe).
import type { CSSProperties, ReactNode } from 'react';
import { Tag } from 'antd';
import { labelOf, useVocabularies, type VocabularyName } from './vocabularies';

export type Tone = 'green' | 'red' | 'orange' | 'blue' | 'purple' | 'cyan' | 'grey';

/** Dark text on a light tint of the same hue: 7:1 or better for every tone. */
const TINT: Record<Tone, CSSProperties> = {
  green: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  orange: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  blue: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
  purple: { color: '#391085', background: '#f9f0ff', borderColor: '#d3adf7' },
  cyan: { color: '#00474f', background: '#e6fffb', borderColor: '#87e8de' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#d9d9d9' },
};

/** White text on a dark ground, for a state that must stand out in a long table: 6:1 or better. */
const SOLID: Record<Tone, string> = {
  green: '#2e6b30',
  red: '#b42318',
  orange: '#8a5300',
  blue: '#1d4f91',
  purple: '#391085',
  cyan: '#00474f',
  grey: '#4a5563',
};

/**
 * What a kind of status means to people: each code's Chinese label — a code list the service
 * serves (GET /api/v1/vocabularies) by its name, or the area's own labels for codes it does not
 * list — and each code's tone.
 */
export interface StatusVocabulary<Code extends string = string> {
  labels: VocabularyName | Readonly<Record<Code, string>>;
  tones: Readonly<Record<Code, Tone>>;
}

/** 目录状态 (resourceStatuses). */
export const RESOURCE_STATUSES: StatusVocabulary = {
  labels: 'resourceStatuses',
  tones: { draft: 'grey', submitted: 'blue', returned: 'orange', published: 'green', withdrawn: 'red' },
};

/** 共享申请状态 (sharingRequestStatuses). */
export const SHARING_REQUEST_STATUSES: StatusVocabulary = {
  labels: 'sharingRequestStatuses',
  tones: {
    draft: 'grey',
    pending: 'blue',
    approved: 'green',
    rejected: 'red',
    escalated: 'orange',
    rejection_upheld: 'red',
    cancelled: 'grey',
  },
};

/** 授权状态 (grantStatuses). */
export const GRANT_STATUSES: StatusVocabulary = {
  labels: 'grantStatuses',
  tones: { active: 'green', expired: 'grey', revoked: 'red', suspended: 'orange' },
};

type StatusTagProps<Code extends string> = { solid?: boolean } & (
  | { status: Code; vocabulary: StatusVocabulary<Code>; tone?: never; children?: never }
  | { tone: Tone; children: ReactNode; status?: never; vocabulary?: never }
);

/**
 * A status as a tag: `<StatusTag status={entry.status} vocabulary={RESOURCE_STATUSES} />` shows
 * its Chinese label in its tone; `<StatusTag tone="red">验收逾期</StatusTag>` a state the page
 * words itself (a flag, a date with it). The word is always shown: colour is never the only sign.
 */
export function StatusTag<Code extends string>(props: StatusTagProps<Code>) {
  const { solid = false } = props;
  if (props.vocabulary === undefined) return <ToneTag tone={props.tone} solid={solid} text={props.children} />;
  const { status, vocabulary } = props;
  const tone = vocabulary.tones[status] ?? 'grey';
  if (typeof vocabulary.labels === 'string') return <ListedStatus name={vocabulary.labels} status={status} tone={tone} solid={solid} />;
  return <ToneTag tone={tone} solid={solid} text={vocabulary.labels[status] ?? status} />;
}

/** A status whose label the service's code lists hold (the code itself while they load). */
function ListedStatus({ name, status, tone, solid }: { name: VocabularyName; status: string; tone: Tone; solid: boolean }) {
  const vocabularies = useVocabularies();
  return <ToneTag tone={tone} solid={solid} text={labelOf(vocabularies, name, status)} />;
}

function ToneTag({ tone, solid, text }: { tone: Tone; solid: boolean; text: ReactNode }) {
  return solid ? (
    <Tag variant="solid" color={SOLID[tone]}>
      {text}
    </Tag>
  ) : (
    <Tag style={TINT[tone]}>{text}</Tag>
  );
}
