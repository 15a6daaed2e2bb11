import express from 'express';
import { Bind } from '../http/binding';

/**
 * What an area's factory (modules/<area>/index.ts) builds from what it depends on: its service,
 * which other areas receive, and its router over that service, bound to the contract's operations.
 */
export interface Area<Service> {
  service: Service;
  router: (bind: Bind) => express.Router;
  /** Operations the contract marks public (security: []), served before the bearer-token check (src/app.ts). */
  publicRouter?: (bind: Bind) => express.Router;
}
