/**
 * The identity and email API (issue 13): the generated contract (`./api/schema.ts`), and single
 * sign-on's paths typed here by hand as the shared contract describes them until that backend
 * lands and `npm run generate:api` writes them in too. Every type the screens use is taken from
 * a path's operation (`Body`, `Reply`), never from a schema's name, so that the switch to the
 * generated `paths` changes this file only.
 */
import type { Client } from 'openapi-fetch';
import { api } from './api-client';
import type { components, paths } from './api/schema';

type S = components['schemas'];
type Json<T> = { content: { 'application/json': T } };
type Problem = { headers: Record<string, unknown>; content: { 'application/problem+json': S['Problem'] } };
type Errors = {
  400: Problem;
  401: Problem;
  403: Problem;
  404: Problem;
  409: Problem;
  410: Problem;
  422: Problem;
  429: Problem;
  502: Problem;
};
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };

interface Post<B, Responses> {
  parameters: NoParams;
  requestBody: Json<B>;
  responses: Responses & Errors;
}
interface Get<Query, R> {
  parameters: { query?: Query; header?: never; path?: never; cookie?: never };
  requestBody?: never;
  responses: { 200: { headers: Record<string, unknown> } & Json<R> } & Errors;
}
type Ok<R> = { 200: { headers: Record<string, unknown> } & Json<R> };

/** The paths of the contract that `./api/schema.ts` does not have yet: single sign-on's. */
export interface IdentityPaths {
  '/api/v1/auth/sso': NoParams & { get: Get<never, { enabled: boolean; name: string | null; sso_only_domains: string[] }> };
  '/api/v1/auth/sso/start': NoParams & { post: Post<Record<string, never>, Ok<{ authorization_url: string }>> };
  '/api/v1/auth/sso/callback': NoParams & { post: Post<{ code: string; state: string }, Ok<S['TokenResponse']>> };
}

export type AllPaths = paths & IdentityPaths;

/** The one API client, typed with the identity paths as well (the same instance as `api`). */
export const identityApi = api as unknown as Client<AllPaths>;

type Method = 'get' | 'put' | 'post' | 'delete';
type OpOf<P extends keyof AllPaths, M extends Method> = AllPaths[P] extends Record<M, infer O> ? O : never;
/** The JSON body an operation answers with on success. */
export type Reply<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { responses: { 200: { content: { 'application/json': infer R } } } } ? R : never;
/** The JSON body an operation takes. */
export type Body<P extends keyof AllPaths, M extends Method> =
  OpOf<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
