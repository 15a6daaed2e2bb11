import cors from 'cors';
import express from 'express';
import helmet from 'helmet';

// Security headers (helmet) with a policy Swagger UI can live with, and CORS closed unless the
// operator lists the origins a browser front end is served from.

export function securityHeaders(): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });
}

export function corsPolicy(allowedOrigins: string[]): express.RequestHandler {
  return cors({
    origin: (origin, done) => done(null, origin !== undefined && allowedOrigins.includes(origin)),
    methods: ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'X-Request-Id', 'Retry-After', 'Content-Disposition'],
    maxAge: 600,
  });
}
