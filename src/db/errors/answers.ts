import { AppError, BadRequestError, ConflictError, FieldError, RuleViolationError } from '../../errors';

// What both translators answer, so a refusal reads the same on SQLite and PostgreSQL: one message
// per kind of violation, and an `errors` entry per column when the driver says which. Every text
// here is the service's own; nothing of the driver's message (table names, SQL, the offending
// value) is ever copied into an answer.

/**
 * The JSON Pointer of the API field a column holds, where the API's name is the column's
 * (`credit_code` → `/creditCode`); a `_json` suffix only says how the column stores its value
 * (`roles_json` → `/roles`). Anything not a plain snake_case name (an expression, a quoted
 * identifier) has no pointer.
 */
export function fieldPointer(column: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(column)) return undefined;
  return '/' + column.replace(/_json$/, '').replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

function fieldErrors(columns: readonly string[], code: string, message: string): FieldError[] | undefined {
  const errors: FieldError[] = [];
  for (const column of columns) {
    const path = fieldPointer(column);
    if (path !== undefined) errors.push({ path, code, message });
  }
  // All or nothing: half the columns of a unique key would misstate what is duplicated.
  return errors.length > 0 && errors.length === columns.length ? errors : undefined;
}

export function valueRequired(columns: readonly string[] = []): AppError {
  return new RuleViolationError(
    'value_required',
    '缺少必填的值 (a required value is missing)',
    fieldErrors(columns, 'value_required', '必填 (required)'),
  );
}

export function alreadyExists(columns: readonly string[] = []): AppError {
  return new ConflictError(
    'already_exists',
    '已存在相同的记录 (a record with the same unique value exists)',
    fieldErrors(
      columns,
      'already_exists',
      columns.length > 1
        ? '与已有记录的取值组合相同 (this combination of values already exists)'
        : '与已有记录重复 (this value already exists)',
    ),
  );
}

export function referenceNotFound(columns: readonly string[] = []): AppError {
  return new RuleViolationError(
    'reference_not_found',
    '引用的对象不存在 (a referenced object does not exist)',
    fieldErrors(columns, 'reference_not_found', '引用的对象不存在 (no such object)'),
  );
}

/** 409: deleting or re-keying an object others still refer to — its state forbids it, not the input. */
export function stillReferenced(): AppError {
  return new ConflictError('still_referenced', '对象仍被其他记录引用，不能删除或更改 (the object is still referenced)');
}

export function valueTooLong(columns: readonly string[] = []): AppError {
  return new RuleViolationError(
    'value_too_long',
    '字段值过长 (a value is too long)',
    fieldErrors(columns, 'value_too_long', '值过长 (too long)'),
  );
}

export function invalidValue(columns: readonly string[] = []): AppError {
  return new RuleViolationError(
    'invalid_value',
    '字段值无效 (a value is invalid)',
    fieldErrors(columns, 'invalid_value', '值无效或超出范围 (invalid or out of range)'),
  );
}

/**
 * A date or time from the request that the contract let through but the database cannot hold
 * (year 0000, 2021-02-31): the request's fault, 400 — which every operation documents (a list has
 * no 422 to answer).
 */
export function invalidDatetime(columns: readonly string[] = []): AppError {
  return new BadRequestError(
    'invalid_datetime',
    '日期或时间超出可存储的范围或格式无效 (a date or time is out of range or malformed)',
    fieldErrors(columns, 'invalid_datetime', '日期或时间无效 (invalid date or time)'),
  );
}

export function constraintViolated(columns: readonly string[] = []): AppError {
  return new RuleViolationError(
    'constraint_violated',
    '数据不满足约束 (a constraint is not met)',
    fieldErrors(columns, 'constraint_violated', '不满足约束 (a constraint is not met)'),
  );
}
