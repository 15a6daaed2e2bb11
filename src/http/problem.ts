import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { translateDbError } from '../db/errors';
import { AppError, BadRequestError, InternalError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError } from '../errors';

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

/** The RFC 9457 body of an error of the family (also for code that writes the body itself). */
export function problemBody(error: AppError, instance?: string): Record<string, unknown> {
  return {
    type: `/problems/${error.code}`,
    title: error.title,
    status: error.status,
    code: error.code,
    detail: error.message,
    ...(instance ? { instance } : {}),
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
  };
}

export function sendProblem(res: Response, error: AppError, instance?: string): void {
  res.status(error.status).type('application/problem+json');
  for (const [name, value] of Object.entries(error.headers ?? {})) res.setHeader(name, value);
  // RFC 9110 wants the challenge on every 401, also one built as a bare AppError.
  if (error.status === 401 && !res.hasHeader('WWW-Authenticate')) res.setHeader('WWW-Authenticate', 'Bearer');
  res.json(problemBody(error, instance));
}

export function notFoundHandler(req: Request, res: Response): void {
  sendProblem(res, new NotFoundError(`${req.method} ${req.path}`), req.originalUrl);
}

export function errorHandler(logger: Logger, bodyLimit: string) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const translated = err instanceof AppError ? null : (fromBodyParser(err as BodyParserError, bodyLimit) ?? translateDbError(err));
    const known = err instanceof AppError ? err : translated;
    if (res.headersSent) {
      logger.error({ err, requestId: req.id }, 'error after the response started');
      return;
    }
    if (known) {
      // A database that is gone, or transactions that keep colliding, is for an operator to see;
      // the driver's code says which, without its message (SQL with values written in).
      if (translated && translated.status >= 500) {
        const driverCode = (err as { code?: unknown }).code;
        logger.warn({ requestId: req.id, code: translated.code, driverCode }, 'database error answered as unavailable');
      }
      sendProblem(res, known, req.originalUrl.split('?')[0]);
      return;
    }
    logger.error({ err, requestId: req.id }, 'unexpected error');
    // No instance: the answer says nothing of the request but its id.
    sendProblem(res, new InternalError(String(req.id ?? '')));
  };
}
