/**
 * The one API client, typed from the contract (`./api/schema.ts`, generated), with the auth
 * middleware: it sends the in-memory access token; when a request answers 401 it refreshes
 * the token pair ONCE and retries the request ONCE. Concurrent 401s share one refresh (a
 * refresh token works once: a second use would end the session). A refused refresh ends the
 * session, which signs the user out cleanly and says why (the refusal's problem code, kept as
 * the session's end reason); so does `account_blocked` (403) on any request. A refresh that
 * cannot reach the server throws, so the screen offers a retry and the session survives.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './api/schema';
import type { ErrorCode } from './problem';
import { Session, type TokenResponse, type TokenStorage } from './session';

/**
 * Paths that take no session: they get no token and no refresh-and-retry. Besides signing in
 * and out, the ones an email link or the identity provider leads to, which work for anyone
 * holding the link's token (and a reset must not first spend a refresh token it ends).
 */
const AUTH_PATHS = [
  '/api/v1/auth/login',
  '/api/v1/auth/register',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
  '/api/v1/auth/verify-email',
  '/api/v1/auth/password-reset',
  '/api/v1/auth/password-reset/confirm',
  '/api/v1/auth/sso',
  '/api/v1/auth/sso/start',
  '/api/v1/auth/sso/callback',
  '/api/v1/email/unsubscribe',
];

export interface ApiClientOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  storage?: TokenStorage | null;
  /** Serialises refreshes across tabs (Web Locks) so two tabs never spend one token twice. */
  lock?: <T>(run: () => Promise<T>) => Promise<T>;
}

function browserStorage(): TokenStorage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

/**
 * The `code` of a problem+json answer, or null; the response itself stays unread. (A newer
 * server's code that this client does not know yet passes through as it is.)
 */
async function problemCode(res: Response): Promise<ErrorCode | null> {
  try {
    const body: unknown = await res.clone().json();
    const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
    return typeof code === 'string' ? (code as ErrorCode) : null;
  } catch {
    return null;
  }
}

/** Said to a user whose session the server ended, when the refusal names no reason. */
const ENDED: ErrorCode = 'session_ended';

function webLock<T>(run: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  return locks ? (locks.request('siilo-refresh', run) as Promise<T>) : run();
}

export function createApiClient(options: ApiClientOptions = {}) {
  // Absolute, so that requests also build outside a browser page (tests in jsdom).
  const baseUrl = options.baseUrl ?? (typeof window !== 'undefined' ? window.location.origin : '');
  // Looked up at call time so tests can stub the global fetch.
  const doFetch: typeof globalThis.fetch = (input, init) => (options.fetch ?? globalThis.fetch)(input, init);
  const session = new Session(options.storage === undefined ? browserStorage() : options.storage);
  const lock = options.lock ?? webLock;
  let refreshing: Promise<boolean> | null = null;
  const retryCopies = new Map<string, Request>();

  /** Exchanges the refresh token for a new pair; false when there is no session any more. */
  async function refreshOnce(): Promise<boolean> {
    return lock(async () => {
      // Read again inside the lock: another tab may have rotated the token meanwhile.
      const token = session.refresh;
      if (!token) {
        // Another tab ended the session; it left its reason beside the token it removed.
        session.end(session.storedEndReason);
        return false;
      }
      const res = await doFetch(`${baseUrl}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refresh_token: token }),
      });
      if (res.ok) {
        session.start((await res.json()) as TokenResponse);
        return true;
      }
      if (res.status === 400 || res.status === 401 || res.status === 403 || res.status === 422) {
        session.end((await problemCode(res)) ?? ENDED);
        return false;
      }
      throw new Error(`refresh failed with ${res.status}`);
    });
  }

  /** One refresh at a time; everyone who needs it waits for the same one. */
  function refreshShared(): Promise<boolean> {
    if (!refreshing) {
      refreshing = refreshOnce().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  const auth: Middleware = {
    async onRequest({ request, schemaPath, id }) {
      if (AUTH_PATHS.includes(schemaPath)) return undefined;
      if (session.refresh && session.accessStale) {
        // Signed in, but no usable access token yet (reload) or it is about to expire.
        await refreshShared();
      }
      if (session.access) request.headers.set('Authorization', `Bearer ${session.access}`);
      if (session.refresh) retryCopies.set(id, request.clone());
      return request;
    },
    async onResponse({ response, schemaPath, id }) {
      const copy = retryCopies.get(id);
      retryCopies.delete(id);
      if (response.status === 403 && copy && !AUTH_PATHS.includes(schemaPath) && (await problemCode(response)) === 'account_blocked') {
        // Blocked while signed in: no refresh can help; sign out and say why.
        session.end('account_blocked');
        return undefined;
      }
      if (response.status !== 401 || AUTH_PATHS.includes(schemaPath) || !copy) return undefined;
      const usedToken = copy.headers.get('Authorization');
      // A refresh that someone else finished after this request left counts as ours.
      const renewed = session.access && `Bearer ${session.access}` !== usedToken ? true : await refreshShared();
      if (!renewed || !session.access) return undefined;
      copy.headers.set('Authorization', `Bearer ${session.access}`);
      return doFetch(copy);
    },
    onError({ id }) {
      retryCopies.delete(id);
      return undefined;
    },
  };

  const api = createClient<paths>({ baseUrl, fetch: doFetch });
  api.use(auth);
  return { api, session, refresh: refreshShared };
}

export const { api, session } = createApiClient();
