// The platform's code lists with their Chinese labels (GET /api/v1/vocabularies), fetched once.
import type { components } from '@contract';
import { api, must } from '../api/client';
import { useLoad } from './useLoad';

export type Vocabularies = components['schemas']['Vocabularies'];
export type VocabularyName = Exclude<keyof Vocabularies, 'categories'>;

let cached: Promise<Vocabularies> | null = null;

export function loadVocabularies(): Promise<Vocabularies> {
  cached ??= must(api.GET('/api/v1/vocabularies')).catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}

export function useVocabularies(): Vocabularies | undefined {
  return useLoad(loadVocabularies, []).data;
}

/** The Chinese label of a code, or the code itself while the lists load. */
export function labelOf(vocabularies: Vocabularies | undefined, name: VocabularyName, code: string | null | undefined): string {
  if (!code) return '—';
  return vocabularies?.[name].find((t) => t.code === code)?.label ?? code;
}

/** A code list as options for a Select. */
export function optionsOf(vocabularies: Vocabularies | undefined, name: VocabularyName): Array<{ value: string; label: string }> {
  return (vocabularies?.[name] ?? []).map((t) => ({ value: t.code, label: t.label }));
}
