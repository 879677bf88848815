/**
 * The identity and email API (issue 13): short helpers over the generated contract
 * (`./api/schema.ts`). Every type the screens use is taken from a path's operation (`Body`,
 * `Reply`), never from a schema's name.
 */
import { api } from './api-client';
import type { paths } from './api/schema';

export type AllPaths = paths;

/** The one API client (the same instance as `api`). */
export const identityApi = api;

type Method = 'get' | 'put' | 'post' | 'delete';
type OpOf<P extends keyof AllPaths, M extends Method> = AllPaths[P] extends Record<M, infer O> ? O : never;
/** The JSON body an operation answers with on success. */
export type Reply<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
