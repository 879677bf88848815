/**
 * The API as the unit tests see it: a mock server (MSW) that listens for the whole test run
 * (started in ./setup.ts) and handlers typed by the contract, the generated `paths` of
 * src/lib/api/schema.ts. A handler whose path, method, parameters or bodies do not fit the
 * contract fails `npm run typecheck`. Tests add their handlers with `server.use(...)`; they are
 * dropped after each test. A request that no handler answers fails the test.
 */
import { setupServer } from 'msw/node';
import { createOpenApiHttp } from 'openapi-msw';
import type { components, paths } from '@/lib/api/schema';
import type { AllPaths } from '@/lib/identity-contract';
import type { ErrorCode } from '@/lib/problem';

export const server = setupServer();

/** Handlers for the API at the page's own origin, where the app's shared client sends requests. */
export const http = createOpenApiHttp<paths>({ baseUrl: window.location.origin });

/** Handlers for the API at another origin, for a client made with its own `baseUrl`. */
export const httpAt = (origin: string) => createOpenApiHttp<paths>({ baseUrl: origin });

/** The response options of an error: the server sends problems as `application/problem+json`. */
export const PROBLEM_JSON = { headers: { 'Content-Type': 'application/problem+json' } };

/** A problem+json body as the server sends it. */
export const problem = (status: number, code: ErrorCode): components['schemas']['Problem'] => ({
  type: 'about:blank',
  title: 'x',
  status,
  detail: code,
  code,
});

/**
 * Handlers for the paths of issue 13 that the generated contract does not have yet
 * (`@/lib/identity-contract`): typed the same way, by the hand-written contract.
 */
export const identityHttp = createOpenApiHttp<AllPaths>({ baseUrl: window.location.origin });
