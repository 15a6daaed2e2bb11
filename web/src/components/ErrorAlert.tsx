import { Alert } from 'antd';
import { ApiProblem, messageOf } from '../api/problem';

/** A failed call as a person reads it: the service's Chinese message, and each invalid field under it. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const fields = error instanceof ApiProblem ? (error.problem.errors ?? []) : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={messageOf(error)}
      description={
        fields.length > 0 ? (
          <ul className="field-errors">
            {fields.map((f, i) => (
              <li key={i}>{f.message}</li>
            ))}
          </ul>
        ) : undefined
      }
    />
  );
}
