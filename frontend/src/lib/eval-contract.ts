/**
 * The evaluation and results API (issue 12): short helpers over the generated contract
 * (`./api/schema.ts`). Every type the screens use is taken from a path's operation (`Body`,
 * `Reply`), never from a schema's name.
 */
import type { Client } from 'openapi-fetch';
import { api } from './api-client';
import type { components, paths } from './api/schema';

type Problem = { headers: Record<string, unknown>; content: { 'application/problem+json': components['schemas']['Problem'] } };

/**
 * `GET /calls/{id}/export` as the shared contract describes it, typed here until the exports
 * branch lands in the generated schema (then this goes, and `evalApi` is `api`).
 */
interface ExportPath {
  '/api/v1/calls/{id}/export': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: { format?: 'csv' | 'json' }; header?: never; path: { id: string }; cookie?: never };
      requestBody?: never;
      responses: { 200: { headers: Record<string, unknown>; content: { 'text/csv': string } }; 401: Problem; 403: Problem; 404: Problem };
    };
  };
}

export type AllPaths = paths & ExportPath;

/** The one API client, typed with the export too (the same instance as `api`). */
export const evalApi = api as unknown as Client<AllPaths>;

type Method = 'get' | 'put' | 'post' | 'delete';
type OpOf<P extends keyof AllPaths, M extends Method> = AllPaths[P] extends Record<M, infer O> ? O : never;
/** The JSON body an operation answers with on success. */
export type Reply<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
