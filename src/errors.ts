// One small family of errors. Services throw these; src/http/problem.ts maps them once to
// RFC 9457 problem+json. Anything else that escapes is a bug and becomes an opaque 500.

export interface FieldError {
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
  constructor() {
    super(415, 'unsupported_media_type', 'Unsupported media type', '请求体须为 application/json (the body must be application/json)');
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: string) {
    super(413, 'payload_too_large', 'Payload too large', `请求体超过 ${limit} 上限 (the body exceeds the size limit)`);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = '需要有效的访问令牌 (a valid bearer token is required)') {
    super(401, 'unauthenticated', 'Unauthenticated', message);
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
  constructor(code: string, message: string) {
    super(409, code, 'Conflict', message);
  }
}

/** 422: well-formed, but a domain rule refuses it; errors lists every reason. */
export class RuleViolationError extends AppError {
  constructor(code: string, message: string, errors?: FieldError[]) {
    super(422, code, 'Unprocessable', message, errors);
  }
}
