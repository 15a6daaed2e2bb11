import { AppError, BadRequestError, ConflictError, RuleViolationError } from '../errors';

// Database errors are translated per dialect into the domain's error family, so no driver message
// (which names tables, columns and SQL) ever reaches a client. Unknown ones stay opaque 500s.

interface DriverError {
  code?: string;
  errno?: number;
  message?: string;
  constraint?: string;
}

export function translateDbError(err: unknown): AppError | null {
  if (typeof err !== 'object' || err === null) return null;
  const e = err as DriverError;
  const message = e.message ?? '';
  // The database is gone or refusing: the client may retry later (503), the request was not at fault.
  const unavailable = [
    'ECONNREFUSED',
    'ECONNRESET',
    'ETIMEDOUT',
    '57P01',
    '57P03',
    '08000',
    '08003',
    '08006',
    'SQLITE_BUSY',
    'SQLITE_CANTOPEN',
  ];
  if (
    (e.code && (unavailable.includes(e.code) || e.code.startsWith('SQLITE_BUSY'))) ||
    message.includes('Unable to acquire a connection') ||
    message.includes('Knex: Timeout acquiring a connection')
  ) {
    return new AppError(503, 'database_unavailable', 'Service unavailable', '数据库暂时不可用，请稍后重试 (the database is unavailable)');
  }
  // PostgreSQL SQLSTATE codes
  if (e.code === '23505') return new ConflictError('already_exists', '已存在相同的记录 (a record with the same unique value exists)');
  if (e.code === '23503') return new RuleViolationError('reference_not_found', '引用的对象不存在 (a referenced object does not exist)');
  if (e.code === '22001') return new RuleViolationError('value_too_long', '字段值过长 (a value is too long)');
  if (e.code === '22P02' || e.code === '22003') return new RuleViolationError('invalid_value', '字段值无效 (a value is invalid)');
  // datetime_field_overflow, invalid_datetime_format: a date or time from the request that the
  // contract let through but PostgreSQL cannot hold (year 0000, 2021-02-31). The request's fault:
  // 400, which every operation documents (a list has no 422 to answer).
  if (e.code === '22008' || e.code === '22007')
    return new BadRequestError('invalid_datetime', '日期或时间超出可存储的范围或格式无效 (a date or time is out of range or malformed)');
  // SQLite (better-sqlite3 gives the extended code, e.g. SQLITE_CONSTRAINT_UNIQUE)
  if (e.code?.startsWith('SQLITE_CONSTRAINT')) {
    if (message.includes('UNIQUE'))
      return new ConflictError('already_exists', '已存在相同的记录 (a record with the same unique value exists)');
    if (message.includes('FOREIGN KEY'))
      return new RuleViolationError('reference_not_found', '引用的对象不存在 (a referenced object does not exist)');
    return new RuleViolationError('constraint_violated', '数据不满足约束 (a constraint is not met)');
  }
  return null;
}
