import { Tag } from 'antd';
import { labelOf, useVocabularies } from '../../components/vocabularies';

// Solid tags, white text on dark colours: antd's light preset tags fall short of WCAG AA contrast.
const COLORS: Record<string, string> = {
  draft: '#595959',
  submitted: '#1d4f91',
  returned: '#ad4e00',
  published: '#237804',
  withdrawn: '#a8071a',
};

/** An entry's status by its Chinese label (resourceStatuses), coloured, the word always shown. */
export function StatusTag({ status }: { status: string }) {
  const vocabularies = useVocabularies();
  return <Tag color={COLORS[status] ?? '#595959'}>{labelOf(vocabularies, 'resourceStatuses', status)}</Tag>;
}
