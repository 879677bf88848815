/**
 * The identity and email API (issue 13) as the shared contract describes it, typed here by hand
 * until the backend lands and `npm run generate:api` writes it into `./api/schema.ts`. Every
 * type the screens use is taken from a path's operation (`Body`, `Reply`), never from a schema's
 * name, so that the switch to the generated `paths` changes this file only.
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
type Empty<Status extends number> = { [K in Status]: { headers: Record<string, unknown>; content?: never } };
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

type EmailDelivery = 'immediately' | 'daily_digest' | 'off';
type EmailSettings = { settings: { kind: S['NotificationKind']; delivery: EmailDelivery }[] };
type Unsubscribe = { kind: S['NotificationKind'] | null };
type TokenQuery = { token: string };

/** The paths of the contract that `./api/schema.ts` does not have yet. */
export interface IdentityPaths {
  '/api/v1/auth/verify-email': NoParams & { post: Post<{ token: string }, Empty<204>> };
  '/api/v1/me/verification-email': NoParams & {
    post: { parameters: NoParams; requestBody?: never; responses: Empty<202> & Errors };
  };
  '/api/v1/me/email': NoParams & { post: Post<{ email: string; current_password: string }, Empty<202>> };
  '/api/v1/auth/password-reset': NoParams & { post: Post<{ email: string }, Empty<202>> };
  '/api/v1/auth/password-reset/confirm': NoParams & { post: Post<{ token: string; new_password: string }, Empty<204>> };
  '/api/v1/me/organisation-choices': NoParams & { get: Get<never, S['OrganisationRef'][]> };
  '/api/v1/me/email-settings': NoParams & { get: Get<never, EmailSettings>; put: Post<EmailSettings, Ok<EmailSettings>> };
  '/api/v1/email/unsubscribe': NoParams & {
    get: Get<TokenQuery, Unsubscribe>;
    post: {
      parameters: { query: TokenQuery; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: Ok<Unsubscribe> & Errors;
    };
  };
  '/api/v1/auth/sso': NoParams & { get: Get<never, { enabled: boolean; name: string | null }> };
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
