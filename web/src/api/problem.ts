// The service's problem+json answers (RFC 9457) as an Error the pages can show: the Chinese
// message first, each invalid field by its Chinese label.

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  /** Each thing wrong: `path` is a JSON Pointer (or /rows/<line>/<item> for a delivery), `message` Chinese with an English gloss. */
  errors?: Array<{ path?: string; code?: string; message: string }>;
  [key: string]: unknown;
}

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `请求失败（HTTP ${status}）`);
    this.name = 'ApiProblem';
  }

  get code(): string | undefined {
    return this.problem.code;
  }
}

/** What to tell a person about an error: the service's message, or a plain one for a network failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiProblem) return error.message;
  if (error instanceof TypeError) return '无法连接平台服务，请检查网络后重试 (the service cannot be reached)';
  return error instanceof Error ? error.message : String(error);
}

/** Each invalid field's message, for a form's field errors. */
export function fieldErrorsOf(error: unknown): Array<{ path: string; message: string }> {
  if (!(error instanceof ApiProblem)) return [];
  return (error.problem.errors ?? []).map((e) => ({ path: e.path ?? '', message: e.message }));
}
