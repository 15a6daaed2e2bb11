import cors from 'cors';
import express from 'express';
import helmet from 'helmet';

// Security headers in two sets (ADR 0023). Swagger UI under /docs and the problem types' pages
// under /problems (ADR 0042) are the only documents this service serves: it gets helmet's full policy, with a CSP the page can live with. Every other
// answer is JSON, a spreadsheet or a PDF for a program, and gets the headers OWASP's REST Security
// Cheat Sheet names for APIs. The rest of helmet's set (COOP, Origin-Agent-Cluster,
// Referrer-Policy, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
// X-XSS-Protection) only changes how a browser treats a page it renders, so on a JSON answer it is
// bytes every client parses for nothing. CORS stays closed unless the operator lists the origins a
// browser front end is served from.

/**
 * Paths whose answers are documents a browser renders: Swagger UI's page and its assets, and the
 * pages that explain the problem types (/problems, which narrow the CSP further to their one
 * inline style's hash: src/modules/system/problem-pages.ts).
 */
export function servesDocument(url: string): boolean {
  // The console's page at / too (its other pages get the same headers from src/modules/system/console.ts).
  return /^\/(?:(?:docs|problems)(?:[/?#]|$)|[?#]|$)/.test(url);
}

/** The headers of every answer that is not a document (OWASP REST Security Cheat Sheet). */
export const API_SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  // Never sniff a JSON body into HTML or script.
  ['X-Content-Type-Options', 'nosniff'],
  // Were an answer ever rendered, it may load nothing and may not be framed (clickjacking).
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Frame-Options', 'DENY'],
  // HTTPS only, for a year, subdomains included (the same value helmet sends to documents).
  ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'],
  // Other origins may not embed an answer without CORS (no-cors reads, Spectre-style leaks).
  ['Cross-Origin-Resource-Policy', 'same-origin'],
];

/**
 * The headers of a document a browser renders (Swagger UI, the problem pages, the web console):
 * helmet's full set, with a CSP that allows the page's own scripts and antd's inline styles.
 */
export function documentSecurityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // Not helmet's upgrade-insecure-requests: on a government intranet served over plain http
        // it would send the page's own scripts to an https port that is not there.
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

export function securityHeaders(): express.RequestHandler {
  const documentPolicy = documentSecurityHeaders();
  return (req, res, next) => {
    if (servesDocument(req.url)) {
      documentPolicy(req, res, next);
      return;
    }
    for (const [name, value] of API_SECURITY_HEADERS) res.setHeader(name, value);
    next();
  };
}

export function corsPolicy(allowedOrigins: string[]): express.RequestHandler {
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id', 'X-CSRF-Token'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Content-Disposition', 'X-Exchange-Cursor', 'Idempotent-Replayed'],
    maxAge: 600,
  });
}
