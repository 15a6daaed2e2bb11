import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { translateDbError } from '../db/errors';
import { AppError, BadRequestError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';

// The one place errors become responses: RFC 9457 problem+json with a stable `code`.
// Nothing of an unexpected error (stack, SQL, driver message) reaches the client.

interface BodyParserError {
  type?: string;
  status?: number;
}

function fromBodyParser(err: BodyParserError, bodyLimit: string): AppError | null {
  switch (err.type) {
    case 'entity.parse.failed':
      return new BadRequestError('malformed_json', '请求体不是合法的 JSON (the body is not valid JSON)');
    case 'entity.too.large':
      return new PayloadTooLargeError(bodyLimit);
    case 'charset.unsupported':
    case 'encoding.unsupported':
      return new UnsupportedMediaTypeError();
    case 'entity.verify.failed':
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
    case 'stream.not.readable':
      return new BadRequestError('unreadable_body', '无法读取请求体 (the body could not be read)');
    default:
      // Other client errors raised by express itself (a malformed %-escape in the path, a body its
      // Content-Encoding cannot decode) are the request's fault: 400, never a 500.
      if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
        return new BadRequestError('bad_request', '请求格式错误 (the request is malformed)');
      }
      return null;
  }
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  res.status(error.status).type('application/problem+json');
  if (error.status === 401) res.setHeader('WWW-Authenticate', 'Bearer');
  res.json({
    type: `/problems/${error.code}`,
    title: error.title,
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
  });
}

export function notFoundHandler(req: Request, res: Response): void {
  sendProblem(res, new NotFoundError(`${req.method} ${req.path}`), req.originalUrl);
}

export function errorHandler(logger: Logger, bodyLimit: string) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const known = err instanceof AppError ? err : (fromBodyParser(err as BodyParserError, bodyLimit) ?? translateDbError(err));
    if (res.headersSent) {
      logger.error({ err, requestId: req.id }, 'error after the response started');
      return;
    }
    if (known) {
      sendProblem(res, known, req.originalUrl.split('?')[0]);
      return;
    }
    logger.error({ err, requestId: req.id }, 'unexpected error');
    res
      .status(500)
      .type('application/problem+json')
      .json({
        type: '/problems/internal_error',
        title: 'Internal error',
        status: 500,
        code: 'internal_error',
        detail: `服务内部错误，请联系管理员并提供请求编号 ${String(req.id ?? '')} (internal error)`,
      });
  };
}
