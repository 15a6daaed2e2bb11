// What keeps an entry from being submitted (or saved), field by field, as the service listed it:
// each line names the field in the form's words and takes you to it.
import { Alert, Button } from 'antd';
import type { FormInstance } from 'antd';
import { formFieldOf, pointerLabel, type EntryValues } from './entryForm';

export interface Gap {
  path: string;
  message: string;
}

/** Puts each gap under its control (red), several messages of one field together. */
export function markGaps(form: FormInstance<EntryValues>, gaps: Gap[]): void {
  const byField = new Map<string, { name: Array<string | number>; errors: string[] }>();
  for (const g of gaps) {
    const name = formFieldOf(g.path);
    if (!name) continue;
    const key = JSON.stringify(name);
    const entry = byField.get(key) ?? { name, errors: [] };
    entry.errors.push(g.message);
    byField.set(key, entry);
  }
  form.setFields([...byField.values()].map((f) => ({ name: f.name as never, errors: f.errors })));
}

export function GapsPanel({
  gaps,
  title,
  form,
  values,
  modeLabel,
}: {
  gaps: Gap[];
  title: string;
  form: FormInstance<EntryValues>;
  values: EntryValues | undefined;
  modeLabel: (code: string) => string;
}) {
  if (gaps.length === 0) return null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      id="entry-gaps"
      title={title}
      style={{ marginBottom: 16 }}
      description={
        <ol className="gap-list">
          {gaps.map((g, i) => {
            const name = formFieldOf(g.path);
            const label = pointerLabel(g.path, values, modeLabel);
            return (
              <li key={i}>
                {name ? (
                  <Button
                    type="link"
                    onClick={() => {
                      form.scrollToField(name as never, { block: 'center' });
                      form.focusField(name as never);
                    }}
                  >
                    {label}
                  </Button>
                ) : (
                  <strong>{label}</strong>
                )}
                ：{g.message}
              </li>
            );
          })}
        </ol>
      }
    />
  );
}
