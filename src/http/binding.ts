import express from 'express';
import type { operations } from '../generated/openapi';
import { Actor } from '../domain/actor';
import { BodyOf, PathOf, QueryOf } from './api-types';

// Binding a handler to one operation of the contract, typed from src/generated/openapi.ts: the
// handler receives the operation's validated path parameters, query and body with their contract
// types, and returns the operation's answer, which the compiler checks against the contract's
// success response. The binding sends it with that status (201 where the contract declares it).
// A handler that answers otherwise (a spreadsheet, a PDF, a redirect, a page) sends it itself and
// returns SENT.

export type OperationId = keyof operations;

type Responses<O extends OperationId> = operations[O]['responses'];
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** The JSON body of the operation's success response (200, else 201). */
export type AnswerOf<O extends OperationId> = 200 extends keyof Responses<O>
  ? JsonOf<Responses<O>[200]>
  : 201 extends keyof Responses<O>
    ? JsonOf<Responses<O>[201]>
    : never;

/** What a handler gets of a request: who calls, and what the contract validated. */
export interface Call<O extends OperationId> {
  actor: Actor;
  params: PathOf<O>;
  query: QueryOf<O>;
  body: BodyOf<O>;
  /** The If-Match header, for the updates that need it (the service checks it against the row). */
  ifMatch: string | undefined;
}

/** Returned by a handler that has sent its answer itself. */
export interface Sent {
  readonly answered: 'by the handler';
}
export const SENT: Sent = Object.freeze({ answered: 'by the handler' });

export type OperationHandler<O extends OperationId> = (
  call: Call<O>,
  res: express.Response,
  req: express.Request,
) => Promise<AnswerOf<O> | Sent> | AnswerOf<O> | Sent;

/** Binds a typed handler to an operation of the contract on `router`. */
export type Bind = <O extends OperationId>(router: express.Router, operationId: O, handler: OperationHandler<O>) => void;

/** The request as a Call of its operation (the contract validator has filled req.valid). */
export function callOf<O extends OperationId>(req: express.Request): Call<O> {
  const ifMatch = req.headers['if-match'];
  return {
    actor: req.actor,
    params: req.valid.params as PathOf<O>,
    query: req.valid.query as QueryOf<O>,
    body: req.valid.body as BodyOf<O>,
    ifMatch: typeof ifMatch === 'string' ? ifMatch : undefined,
  };
}
