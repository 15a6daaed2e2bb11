import fs from 'node:fs';
import path from 'node:path';
import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import express, { NextFunction, Request, Response } from 'express';
import YAML from 'yaml';
import { isAcceptedInstant } from '../domain/instants';
import { hasLoneSurrogate, isPlainName } from '../domain/text';
import { BadRequestError, FieldError, ResponseContractViolationError, UnsupportedMediaTypeError } from '../errors';
import { problemBody } from './problem';
import { logicalRoot } from '../paths';
import { noteRoute } from './route-gate';
import { fieldErrors } from './validation-messages';

// The OpenAPI document is the single source of truth: routes are registered from its operations
// (so no route exists without a contract), and each request is validated against its parameters and
// body before a handler runs. In tests every response is validated too.

type Json = Record<string, unknown>;
type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

const DOC_ID = 'openapi.json';

export function loadOpenApiDocument(): Json {
  // The build carries the contract as JSON (scripts/contract-json.js), which parses in a few
  // milliseconds where the YAML took most of a second of the start; the sources read the YAML.
  const built = path.join(__dirname, '..', '..', 'openapi.json');
  if (__filename.endsWith('.js') && fs.existsSync(built)) return JSON.parse(fs.readFileSync(built, 'utf8')) as Json;
  const file = path.join(logicalRoot(), 'openapi', 'openapi.yaml');
  return YAML.parse(fs.readFileSync(file, 'utf8')) as Json;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Json;
}

export interface Operation {
  operationId: string;
  method: Method;
  path: string;
  expressPath: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Json }> };
  responses: Record<string, Json>;
  secured: boolean;
}

export interface ValidatedRequest<P = Record<string, string>, Q = Record<string, unknown>, B = unknown> {
  params: P;
  query: Q;
  body: B;
}

// ajv resolves "#/components/…" against the schema being compiled; inline operation schemas are
// compiled on their own, so their references are pointed at the registered document instead.
function rebaseRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebaseRefs);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      out[k] = k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? `${DOC_ID}${v}` : rebaseRefs(v);
    }
    return out;
  }
  return node;
}

// ajv's discriminator reads `propertyName` and the branches' `const`, and refuses `mapping`
// (which openapi-typescript needs to name the branches); the copy given to ajv goes without it.
function withoutDiscriminatorMappings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutDiscriminatorMappings);
  if (node && typeof node === 'object') {
    const out: Json = {};
    for (const [k, v] of Object.entries(node as Json)) {
      out[k] =
        k === 'discriminator' && v && typeof v === 'object' ? { propertyName: (v as Json).propertyName } : withoutDiscriminatorMappings(v);
    }
    return out;
  }
  return node;
}

// Characters no text of the catalog may hold, in any body, query or path value (and in a body's
// keys): U+0000, which PostgreSQL text cannot hold and SQLite truncates at, and a lone surrogate
// ("\ud800" in JSON), which is no character: UTF-8 cannot encode it, so the database would keep
// U+FFFD and the answer would echo text other than what was stored.
const BAD_CHARACTERS = [
  { test: (s: string) => s.includes('\u0000'), code: 'nul_character', message: '文本中不能含有空字符 U+0000 (text must not contain NUL)' },
  {
    test: hasLoneSurrogate,
    code: 'lone_surrogate',
    message: '文本中不能含有孤立的代理项（不成对的 UTF-16 代理，不是字符）(text must not contain a lone surrogate)',
  },
];

/** Whether any string (value or key) holds a bad character: every request asks, so no paths are built. */
function holdsBadCharacter(node: unknown): boolean {
  if (typeof node === 'string') return node.includes('\u0000') || hasLoneSurrogate(node);
  if (node && typeof node === 'object') {
    for (const k in node as Json) {
      if (holdsBadCharacter(k) || holdsBadCharacter((node as Json)[k])) return true;
    }
  }
  return false;
}

/** The first bad character: where it is (a JSON Pointer, e.g. /body/items/0/name) and what it is. */
function findBadCharacter(node: unknown, path = ''): FieldError | null {
  if (typeof node === 'string') {
    const bad = BAD_CHARACTERS.find((b) => b.test(node));
    return bad ? { path: path || '/', code: bad.code, message: bad.message } : null;
  }
  if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node as Json)) {
      const at = `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const found = findBadCharacter(k, at) ?? findBadCharacter(v, at);
      if (found) return found;
    }
  }
  return null;
}

/** 400 for a request that does not match the contract: one mistake is the detail itself; several are counted there and listed in errors. */
function invalid(code: string, part: { zh: string; en: string }, errors: FieldError[]): BadRequestError {
  const detail =
    errors.length === 1
      ? errors[0].message
      : `${part.zh}有 ${errors.length} 处不符合接口定义，逐条见 errors (${errors.length} problems in the ${part.en}, listed in errors)`;
  return new BadRequestError(code, detail, errors);
}

export class Contract {
  readonly document: Json;
  readonly operations = new Map<string, Operation>();
  private readonly bodyAjv: Ajv2020;
  private readonly paramAjv: Ajv2020;
  private readonly responseValidators = new Map<string, ValidateFunction>();
  private uncompiled: Array<() => unknown> = [];

  constructor(document: Json = loadOpenApiDocument()) {
    this.document = document;
    const base = { strict: false, allErrors: true, discriminator: true } as const;
    // strictNumbers: a number must be finite. `strict: false` turns it off, and then JSON's 1e309
    // (Infinity to JSON.parse) passed as an integer.
    this.bodyAjv = new Ajv2020({ ...base, strictNumbers: true, useDefaults: true });
    // Query and path values arrive as strings; only they are coerced (a scalar becomes a
    // one-element array where the schema wants an array). Not strictNumbers here: ajv coerces
    // "Infinity" to Infinity and then, under strictNumbers, skips minimum and maximum for a value
    // that is not finite, letting it through; without it, the maximum every numeric parameter has
    // (test/unit/contract-bounds.test.ts) refuses it.
    this.paramAjv = new Ajv2020({ ...base, strictNumbers: false, useDefaults: true, coerceTypes: 'array' });
    for (const ajv of [this.bodyAjv, this.paramAjv]) {
      addFormats(ajv);
      // Every date-time is read with new Date() and stored: RFC 3339 (ajv-formats' full check) is
      // not enough — see src/domain/instants.ts (a leap second was a 500). `date` keeps ajv-formats'
      // full check, which already refuses 2026-02-30.
      // `format: name` (the Name schema: every name of an entry, item, project, department, user
      // or token) refuses control and bidi characters and names that show nothing (src/domain/text.ts).
      ajv.addFormat('name', { type: 'string', validate: isPlainName });
      ajv.addFormat('date-time', {
        type: 'string',
        validate: isAcceptedInstant,
        compare: (addFormats.get('date-time') as { compare?: (a: string, b: string) => number | undefined }).compare,
      });
      ajv.addSchema(withoutDiscriminatorMappings(document) as Json, DOC_ID);
    }
    this.collectOperations();
  }

  private collectOperations(): void {
    const paths = this.document.paths as Record<string, Record<string, Json>>;
    const globalSecurity = (this.document.security as unknown[] | undefined) ?? [];
    for (const [p, item] of Object.entries(paths)) {
      const shared = ((item.parameters as unknown as Json[]) ?? []).map((x) => this.deref(x) as unknown as Parameter);
      for (const method of ['get', 'post', 'patch', 'put', 'delete'] as Method[]) {
        const op = item[method];
        if (!op) continue;
        const own = ((op.parameters as Json[]) ?? []).map((x) => this.deref(x) as unknown as Parameter);
        const security = (op.security as unknown[] | undefined) ?? globalSecurity;
        this.operations.set(op.operationId as string, {
          operationId: op.operationId as string,
          method,
          path: p,
          expressPath: p.replace(/\{([^}]+)\}/g, ':$1'),
          parameters: [...shared, ...own],
          requestBody: op.requestBody as Operation['requestBody'],
          responses: op.responses as Record<string, Json>,
          secured: security.length > 0,
        });
      }
    }
  }

  /** Follows a local "#/components/…" reference. */
  deref(node: Json): Json {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    let target: unknown = this.document;
    for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Json)[part];
    return this.deref(target as Json);
  }

  operation(operationId: string): Operation {
    const op = this.operations.get(operationId);
    if (!op) throw new Error(`operation ${operationId} is not in the OpenAPI document`);
    return op;
  }

  /**
   * Compiles the request validators not used yet, one operation per turn of the event loop, so a
   * server that is already answering stays responsive meanwhile.
   */
  async warmUp(): Promise<void> {
    const pending = this.uncompiled;
    this.uncompiled = [];
    for (const compile of pending) {
      compile();
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Builds the middleware that validates a request against its operation and keeps the result. */
  requestValidator(operationId: string) {
    const op = this.operation(operationId);
    const objectSchema = (where: 'path' | 'query', closed: boolean) => {
      const params = op.parameters.filter((p) => p.in === where);
      return rebaseRefs({
        type: 'object',
        properties: Object.fromEntries(params.map((p) => [p.name, p.schema])),
        required: params.filter((p) => p.required).map((p) => p.name),
        additionalProperties: !closed,
      }) as Json;
    };
    const bodySchema = op.requestBody?.content['application/json']?.schema;
    // Compiled on first use (or by warmUp() after the server listens): compiling every operation's
    // validators took half a second of the start.
    let compiled: { validateParams: ValidateFunction; validateQuery: ValidateFunction; validateBody: ValidateFunction | null } | null =
      null;
    const compile = () =>
      (compiled ??= {
        validateParams: this.paramAjv.compile(objectSchema('path', false)),
        validateQuery: this.paramAjv.compile(objectSchema('query', true)),
        validateBody: bodySchema ? this.bodyAjv.compile(rebaseRefs(bodySchema) as Json) : null,
      });
    this.uncompiled.push(compile);

    return (req: Request, _res: Response, next: NextFunction) => {
      const { validateParams, validateQuery, validateBody } = compile();
      // Text that is not text is refused before the schema is asked what it thinks of it.
      const checked = { path: req.params, query: req.query, body: validateBody ? req.body : undefined };
      if (holdsBadCharacter(checked)) {
        // Where, as every FieldError says it: a JSON Pointer into the body, or a parameter's name.
        const inBody = findBadCharacter(checked.body);
        const inParameter = inBody ? null : (findBadCharacter(checked.path) ?? findBadCharacter(checked.query))!;
        const bad = inBody ?? { ...inParameter!, path: (inParameter!.path ?? '/').slice(1) };
        throw new BadRequestError('invalid_character', bad.message, [bad]);
      }
      const params = { ...req.params };
      if (!validateParams(params)) {
        throw invalid('invalid_parameter', { zh: '路径参数', en: 'path parameter' }, fieldErrors(validateParams.errors, 'path'));
      }
      const query: Json = { ...(req.query as Json) };
      if (!validateQuery(query)) {
        throw invalid('invalid_query', { zh: '查询参数', en: 'query parameter' }, fieldErrors(validateQuery.errors, 'query'));
      }
      let body: unknown = undefined;
      if (validateBody) {
        const contentType = req.headers['content-type'];
        if (contentType && !req.is(['application/json', 'application/*+json'])) throw new UnsupportedMediaTypeError();
        if (req.body === undefined) throw new BadRequestError('body_required', '缺少请求体 (a JSON body is required)');
        body = req.body;
        if (!validateBody(body)) {
          throw invalid('invalid_body', { zh: '请求体', en: 'body' }, fieldErrors(validateBody.errors, 'body'));
        }
      }
      (req as Request & { valid: ValidatedRequest }).valid = { params: params as Record<string, string>, query, body };
      next();
    };
  }

  /** Validates a response against the contract; returns the errors, or null when it conforms. */
  responseErrors(operationId: string, status: number, contentType: string, body: unknown): string | null {
    const op = this.operation(operationId);
    const declared = op.responses[String(status)];
    if (!declared) return `status ${status} is not documented for ${operationId}`;
    const response = this.deref(declared);
    const type = contentType.split(';')[0].trim();
    const media = (response.content as Record<string, { schema: Json }> | undefined)?.[type];
    if (!media) return `content type ${type} is not documented for ${operationId} ${status}`;
    const key = `${operationId} ${status} ${type}`;
    let validate = this.responseValidators.get(key);
    if (!validate) {
      validate = this.bodyAjv.compile(rebaseRefs(media.schema) as Json);
      this.responseValidators.set(key, validate);
    }
    // Compare what the client receives: the JSON text, parsed back.
    const copy = JSON.parse(JSON.stringify(body));
    return validate(copy) ? null : JSON.stringify(validate.errors);
  }
}

export type Handler = (req: Request & { valid: ValidatedRequest }, res: Response) => Promise<void> | void;

/**
 * Registers a handler for an operation of the contract, at the contract's method and path, after
 * request validation. With `checkResponses`, a response that breaks the contract becomes a 500.
 */
export function bindOperation(
  router: express.Router,
  contract: Contract,
  operationId: string,
  handler: Handler,
  options: { checkResponses: boolean; parseBody?: express.RequestHandler; before?: (op: Operation) => express.RequestHandler[] },
): void {
  const op = contract.operation(operationId);
  noteRoute(router, op.expressPath);
  const route = router[op.method].bind(router) as (path: string, ...h: express.RequestHandler[]) => void;
  route(
    op.expressPath,
    (_req: Request, res: Response, next: NextFunction) => {
      res.locals.operationId = operationId;
      if (options.checkResponses) {
        const json = res.json.bind(res);
        res.json = (body: unknown) => {
          const type = String(res.getHeader('content-type') ?? 'application/json');
          const problem = contract.responseErrors(operationId, res.statusCode, type, body);
          if (problem) {
            res.status(500).type('application/problem+json');
            // Written here, not by sendProblem, which would come back through this res.json.
            return json(problemBody(new ResponseContractViolationError(problem)));
          }
          return json(body);
        };
      }
      next();
    },
    // Only an operation that takes a body reads one: a stray body on any other is ignored, not
    // parsed into a 413 or 415 the operation cannot answer.
    ...(op.requestBody && options.parseBody ? [options.parseBody] : []),
    contract.requestValidator(operationId),
    ...(options.before ? options.before(op) : []),
    handler as unknown as express.RequestHandler,
  );
}
