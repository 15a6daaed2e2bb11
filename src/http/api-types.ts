import type { components, operations } from '../generated/openapi';

// Shorthands over the generated contract types, so handlers and services speak the API's shapes.
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];
export type BodyOf<O extends keyof operations> = operations[O] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : operations[O] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;
export type QueryOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['query']>;
export type PathOf<O extends keyof operations> = NonNullable<operations[O]['parameters']['path']>;
