import fs from 'node:fs';
import path from 'node:path';
import { PROBLEM_CATALOG } from '../../src/http/problem-catalog';

// Every error code the service can answer has an entry in the catalog (src/http/problem-catalog.ts),
// which GET /problems/{code} serves: the `type` of every problem answer. The codes are found by
// reading src/ the way a reviewer would: a code is a string literal where an error is raised. A new
// code without an entry fails here, so it is explained when it is introduced (ADR 0042).

const SRC = path.join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? e.name === 'generated'
          ? []
          : sources(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

/** The status each class of the family (src/errors.ts) answers with. */
const STATUS_OF_CLASS: Record<string, number> = {
  BadRequestError: 400,
  ForbiddenError: 403,
  ConflictError: 409,
  RuleViolationError: 422,
  ServiceUnavailableError: 503,
};

/**
 * The files whose rules return lists of field problems of which the first's code becomes the
 * problem's code (sharing's refuse(), onboarding's and certificates' problems[0].code, the
 * audit trail's reversed time range).
 */
const FIRST_PROBLEM_IS_THE_CODE = [
  'domain/sharing-rules.ts',
  'domain/instants.ts',
  'domain/certificates.ts',
  'modules/onboarding/onboarding.service.ts',
  'modules/exchange/certificates.service.ts',
  'modules/sharing/sharing.service.ts',
].map((f) => path.join(SRC, f));

interface Found {
  code: string;
  where: string;
  /** The status its raising class answers with, where the class says it alone. */
  status?: number;
}

function codesRaised(): Found[] {
  const found: Found[] = [];
  for (const file of sources(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const where = path.relative(SRC, file);
    // new XxxError('code', …) — an UpstreamError's reason is answered as upstream_<reason>.
    for (const m of text.matchAll(/new ([A-Z]\w*Error)\(\s*['"`]([a-z0-9_]+)['"`]/g)) {
      const code = m[1] === 'UpstreamError' ? `upstream_${m[2]}` : m[2];
      found.push({ code, where, status: STATUS_OF_CLASS[m[1]] });
    }
    // new AppError(status, 'code', …): a code with a status of its own (the attachments' 415).
    for (const m of text.matchAll(/new AppError\(\s*(\d{3}),\s*['"`]([a-z0-9_]+)['"`]/g))
      found.push({ code: m[2], where, status: Number(m[1]) });
    // The helpers that raise with a code: refused('code', …) in the exchange's readers, invalid('code', …) in the validator.
    for (const m of text.matchAll(/\b(?:refused?|invalid)\(\s*['"`]([a-z0-9_]+)['"`]/g)) found.push({ code: m[1], where });
    // The family's own codes: super(status, 'code', …) and super('code', …) in src/errors.ts.
    for (const m of text.matchAll(/super\(\s*(?:\d+,\s*)?['"`]([a-z0-9_]+)['"`]/g)) found.push({ code: m[1], where });
    // Problems written by hand (the start's 503 starting).
    for (const m of text.matchAll(/type: ['"`]\/problems\/([a-z0-9_]+)['"`]/g)) found.push({ code: m[1], where });
    // A code chosen among several: `codes.size === 1 ? … : 'invalid_certificate'`.
    for (const m of text.matchAll(/\? \[\.\.\.codes\]\[0\]!? : ['"`]([a-z0-9_]+)['"`]/g)) found.push({ code: m[1], where });
    if (FIRST_PROBLEM_IS_THE_CODE.includes(file)) {
      for (const m of text.matchAll(/code: ['"`]([a-z0-9_]+)['"`]/g)) found.push({ code: m[1], where });
    }
  }
  return found;
}

describe('the catalog of error codes', () => {
  const raised = codesRaised();
  const codes = new Set(raised.map((f) => f.code));

  it('finds the codes it checks (the scan is not vacuous)', () => {
    for (const code of [
      'not_found',
      'precondition_required',
      'invalid_body',
      'rate_limited',
      'overloaded',
      'starting',
      'upstream_timeout',
    ]) {
      expect(codes).toContain(code);
    }
    for (const code of ['already_exists', 'transaction_conflict', 'widens_items', 'invalid_certificate', 'malformed_csv']) {
      expect(codes).toContain(code);
    }
    expect(codes.size).toBeGreaterThan(100);
  });

  it('has an entry for every code the service raises', () => {
    const missing = raised.filter((f) => !PROBLEM_CATALOG.has(f.code)).map((f) => `${f.code} (${f.where})`);
    expect([...new Set(missing)]).toEqual([]);
  });

  it('has no entry for a code the service never raises', () => {
    expect([...PROBLEM_CATALOG.keys()].filter((code) => !codes.has(code))).toEqual([]);
  });

  it('gives each code the status its class answers with', () => {
    const wrong = raised
      .filter((f) => f.status !== undefined && !PROBLEM_CATALOG.get(f.code)?.status.includes(f.status))
      .map((f) => `${f.code}: ${f.status} (${f.where})`);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('says each in Chinese, with what to do and an English gloss', () => {
    const han = /\p{Script=Han}/u;
    const bad = [...PROBLEM_CATALOG.values()].filter(
      (e) =>
        !han.test(e.title) ||
        !han.test(e.meaning) ||
        !han.test(e.remedy) ||
        han.test(e.en) ||
        e.en.length < 8 ||
        e.status.some((s) => s < 400 || s > 599),
    );
    expect(bad.map((e) => e.code)).toEqual([]);
  });
});
