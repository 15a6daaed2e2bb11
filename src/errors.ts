// One small family of errors. Services throw these; src/http/problem.ts maps them once to
// RFC 9457 problem+json. Anything else that escapes is a bug and becomes an opaque 500.
//
// Every error answer of the service is one of these classes, whoever raises it: a service, the
// If-Match check (src/db/versions.ts), the rate limit, or the database error translators
// (src/db/errors/), so each answer has one status, code, title, message and set of headers,
// defined here and nowhere else.

export interface FieldError {
  /** JSON Pointer into the request body (`/name`), or the name of a parameter. */
  path?: string;
  code?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    message: string,
    readonly errors?: FieldError[],
    /** Response headers that belong to the answer (Retry-After, WWW-Authenticate). */
    readonly headers?: Readonly<Record<string, string>>,
  ) {
    super(message);
  }
}

/** 400: the request does not match the contract. */
export class BadRequestError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(400, code, 'Bad request', message, errors);
  }
}

export class UnsupportedMediaTypeError extends AppError {
  constructor(message = '请求体须为 application/json (the body must be application/json)') {
    super(415, 'unsupported_media_type', 'Unsupported media type', message);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super(413, 'payload_too_large', 'Payload too large', `请求体超过 ${limit} 上限 (the body exceeds the size limit)`);
  }
}

/** 401, with the challenge RFC 9110 requires on every 401. */
export class UnauthenticatedError extends AppError {
  constructor(message = '需要有效的访问令牌 (a valid bearer token is required)') {
    super(401, 'unauthenticated', 'Unauthenticated', message, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(code: string, message: string) {
    super(403, code, 'Forbidden', message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, 'not_found', 'Not found', `${what} 不存在或无权查看 (not found)`);
  }
}

/** 409: the object's current state or a uniqueness rule forbids the change. */
export class ConflictError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(409, code, 'Conflict', message, errors);
  }
}

/** 409: the row changed between the decision and the write (a guard that locking makes unreachable). */
export class ConcurrentChangeError extends ConflictError {
  constructor() {
    super('concurrent_change', '对象刚被他人修改，本次操作未执行，请重新读取后再试 (the object changed concurrently; nothing was written)');
  }
}

/** 412: the If-Match ETag is not the object's current one — someone changed it since it was read. */
export class PreconditionFailedError extends AppError {
  constructor() {
    super(412, 'precondition_failed', 'Precondition failed', '对象已被他人修改，请重新读取后再提交 (the object changed since you read it)');
  }
}

/** 422: well-formed, but a domain rule refuses it; errors lists every reason. */
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(422, code, 'Unprocessable', message, errors);
  }
}

/** 428: an update without If-Match, which could overwrite a change the caller never saw. */
export class PreconditionRequiredError extends AppError {
  constructor() {
    super(
      428,
      'precondition_required',
      'Precondition required',
      '修改须带 If-Match 请求头（取自读取时的 ETag），以免覆盖他人的修改 (If-Match is required)',
    );
  }
}

/** 429: over the per-token limit; Retry-After says in how many seconds the window turns. */
export class RateLimitedError extends AppError {
  constructor(perMinute: number, retryAfterSeconds: number) {
    super(
      429,
      'rate_limited',
      'Too many requests',
      `请求过于频繁，每分钟最多 ${perMinute} 次，请稍后重试 (rate limit exceeded)`,
      undefined,
      // Never 0: a client told to retry at once would only be refused again within the window.
      { 'Retry-After': String(Math.max(Math.ceil(retryAfterSeconds), 1)) },
    );
  }
}

/** 429: a grant's exchange quota is used up; Retry-After says when it turns (docs/exchange.md). */
export class QuotaExceededError extends AppError {
  constructor(quota: 'requests_per_minute' | 'rows_per_day', limit: number, retryAfterSeconds: number) {
    super(
      429,
      'quota_exceeded',
      'Quota exceeded',
      quota === 'requests_per_minute'
        ? `该授权每分钟最多调用 ${limit} 次，请稍后重试 (the grant's calls per minute are used up)`
        : `该授权今日可获取的 ${limit} 行数据已用完，北京时间零点后恢复 (the grant's rows for today are used up)`,
      [{ path: quota, code: 'quota_exceeded', message: `上限 ${limit} (limit ${limit})` }],
      { 'Retry-After': String(Math.max(Math.ceil(retryAfterSeconds), 1)) },
    );
  }
}

/**
 * 502/504: a producer's own endpoint, to which the exchange forwarded a query or a verification,
 * did not answer as its entry declares (docs/exchange.md "Forwarding"). Says why, never what it sent.
 */
export class UpstreamError extends AppError {
  constructor(
    readonly reason:
      | 'address_refused'
      | 'timeout'
      | 'too_large'
      | 'not_json'
      | 'bad_status'
      | 'unreachable'
      | 'too_many_redirects'
      | 'undeclared_items'
      | 'bad_answer',
    message: string,
  ) {
    super(
      reason === 'timeout' ? 504 : 502,
      `upstream_${reason}`,
      reason === 'timeout' ? 'Upstream timeout' : 'Bad upstream answer',
      message,
    );
  }
}

/** 500: a bug. Says nothing of its cause; the request id lets an operator find it in the log. */
export class InternalError extends AppError {
  constructor(requestId: string) {
    super(500, 'internal_error', 'Internal error', `服务内部错误，请联系管理员并提供请求编号 ${requestId} (internal error)`);
  }
}

/** 500: the service's own answer broke the contract (only when responses are checked, as in the tests). */
export class ResponseContractViolationError extends AppError {
  constructor(problem: string) {
    super(500, 'response_contract_violation', 'Response contract violation', problem);
  }
}

/** 503: the request was not at fault and did nothing; the same request may succeed later. */
export class ServiceUnavailableError extends AppError {
  constructor(code: string, message: string, headers?: Readonly<Record<string, string>>) {
    super(503, code, 'Service unavailable', message, undefined, headers);
  }
}

/**
 * 503: a search or facet count ran past its time limit (SEARCH_TIMEOUT_MS) and was stopped in the
 * database, so that requests whose clients have long given up do not hold it. Nothing was written.
 */
export class SearchTimeoutError extends ServiceUnavailableError {
  constructor(timeoutMs: number) {
    const seconds = (timeoutMs / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 });
    super(
      'search_timeout',
      `检索用时超过 ${seconds} 秒，已停止；请增加关键词或筛选条件后重试 (the search ran longer than ${seconds} s and was stopped: narrow it and try again)`,
    );
  }
}

/** 503: the database is gone, refusing connections, or busy beyond its timeout. */
export class DatabaseUnavailableError extends ServiceUnavailableError {
  constructor(message = '数据库暂时不可用，请稍后重试 (the database is unavailable)') {
    super('database_unavailable', message);
  }
}

/**
 * 503: the database aborted the transaction to settle a conflict with another one running at the
 * same moment (PostgreSQL's serialization failure or deadlock, or a lock not granted in time).
 * Nothing was written, and nothing is wrong with the request or the object's state: sent again as
 * it is, it runs against the other's result — and meets If-Match's 412 if that changed the object.
 * Hence 503 with Retry-After rather than 409, which asks the client to resolve a conflict first
 * (and which not every write operation of the contract documents, while every one documents 503).
 */
export class TransactionConflictError extends ServiceUnavailableError {
  constructor() {
    super(
      'transaction_conflict',
      '与同时进行的其他操作冲突，本次操作未执行，请稍后重试 (a concurrent operation got in the way; nothing was written; try again)',
      { 'Retry-After': '1' },
    );
  }
}
