import { delay, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { PROBLEM_JSON, httpAt, server as mockServer, problem } from '@/test/api-mock';
import type { components } from './api/schema';
import { createApiClient } from './api-client';
import { END_REASON_KEY, REFRESH_TOKEN_KEY, type TokenStorage } from './session';
import type { ErrorCode } from './problem';

function memoryStorage(initial: Record<string, string> = {}): TokenStorage & { get: (k: string) => string | undefined } {
  const data = new Map(Object.entries(initial));
  return {
    get: (k) => data.get(k),
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => {
      data.set(k, v);
    },
    removeItem: (k) => {
      data.delete(k);
    },
  };
}

const BASE = 'http://siilo.test';
const http = httpAt(BASE);

const me: components['schemas']['Me'] = {
  id: 'u1',
  email: 'a@vm.fi',
  display_name: 'A',
  language: 'fi',
  roles: ['participant'],
  unread_notifications: 0,
  created_at: '2026-01-01T00:00:00Z',
  email_verified: true,
  has_password: true,
  must_accept: [],
  manages: { call_ids: [], organisation_ids: [] },
};
const tokens = (n: number) => ({
  access_token: `access-${n}`,
  refresh_token: `refresh-${n}`,
  token_type: 'Bearer',
  expires_in: 900,
  refresh_expires_in: 86400,
  known_client_token: `known-${n}`,
  user: me,
});

type Call = { path: string; auth: string | null; body?: string };

/** What the client sent, as the fake server saw it. */
async function seen(request: Request): Promise<Call> {
  const body = request.method === 'GET' ? undefined : await request.clone().text();
  return { path: new URL(request.url).pathname, auth: request.headers.get('Authorization'), body };
}

/**
 * A fake server: `/auth/refresh` rotates the pair (a used refresh token is refused), and every
 * other path answers 200 only to the current access token. `answer` puts handlers of a test
 * in front of these.
 */
function fakeServer(opts: { refresh?: 'ok' | 'refuse' | 'down'; refusal?: [401 | 403, ErrorCode] } = {}) {
  let generation = 1;
  let current = 'access-1';
  const used = new Set<string>();
  const calls: Call[] = [];
  const log = async (request: Request) => {
    calls.push(await seen(request));
  };
  /** The current access token only; anything else is an expired one. */
  const signedIn = (request: Request) => request.headers.get('Authorization') === `Bearer ${current}`;
  const expired = problem(401, 'token_expired');
  mockServer.use(
    http.post('/api/v1/auth/refresh', async ({ request, response }) => {
      await log(request);
      // Let concurrent callers pile up before answering, as a real network would.
      await delay(5);
      if (opts.refresh === 'down') return HttpResponse.error();
      const { refresh_token } = await request.json();
      if (opts.refusal) return response(opts.refusal[0]).json(problem(...opts.refusal), PROBLEM_JSON);
      if (opts.refresh === 'refuse' || used.has(refresh_token) || refresh_token !== `refresh-${generation}`) {
        return response(401).json(problem(401, 'refresh_token_reused'), PROBLEM_JSON);
      }
      used.add(refresh_token);
      generation += 1;
      current = `access-${generation}`;
      return response(200).json(tokens(generation));
    }),
    http.get('/api/v1/me', async ({ request, response }) => {
      await log(request);
      return signedIn(request) ? response(200).json(me) : response(401).json(expired, PROBLEM_JSON);
    }),
    http.patch('/api/v1/me', async ({ request, response }) => {
      await log(request);
      return signedIn(request) ? response(200).json(me) : response(401).json(expired, PROBLEM_JSON);
    }),
    http.get('/api/v1/notifications', async ({ request, response }) => {
      await log(request);
      return signedIn(request) ? response(200).json({ items: [], total: 0, unread: 0 }) : response(401).json(expired, PROBLEM_JSON);
    }),
    http.post('/api/v1/notifications/read-all', async ({ request, response }) => {
      await log(request);
      return signedIn(request) ? response(200).json({ marked: 0 }) : response(401).json(expired, PROBLEM_JSON);
    }),
    http.get('/api/v1/calls', async ({ request, response }) => {
      await log(request);
      return signedIn(request) ? response(200).json({ items: [] }) : response(401).json(expired, PROBLEM_JSON);
    }),
  );
  return {
    calls,
    log,
    answer: (...handlers: Parameters<typeof mockServer.use>) => mockServer.use(...handlers),
    expire: () => {
      current = 'nobody-has-this';
    },
    refreshCalls: () => calls.filter((c) => c.path === '/api/v1/auth/refresh').length,
  };
}

function signedInClient() {
  const storage = memoryStorage();
  const c = createApiClient({ baseUrl: BASE, storage, lock: (run) => run() });
  c.session.start(tokens(1));
  return { ...c, storage };
}

describe('the auth middleware', () => {
  it('signs out with the reason when the account was blocked', async () => {
    const server = fakeServer();
    const { api, session, storage } = signedInClient();
    const heard: [boolean, string | null][] = [];
    session.subscribe((signedIn, reason) => heard.push([signedIn, reason]));
    server.answer(http.get('/api/v1/me', ({ response }) => response(403).json(problem(403, 'account_blocked'), PROBLEM_JSON)));
    const res = await api.GET('/api/v1/me');
    expect(res.response.status).toBe(403);
    expect(session.active).toBe(false);
    expect(storage.get(REFRESH_TOKEN_KEY)).toBeUndefined();
    expect(heard).toEqual([[false, 'account_blocked']]);
  });

  it('says why when a refresh is refused for a blocked account', async () => {
    const server = fakeServer();
    const { api, session } = signedInClient();
    const heard: (string | null)[] = [];
    session.subscribe((_, reason) => heard.push(reason));
    server.answer(
      http.post('/api/v1/auth/refresh', ({ response }) => response(403).json(problem(403, 'account_blocked'), PROBLEM_JSON)),
      http.get('/api/v1/me', ({ response }) => response(401).json(problem(401, 'token_expired'), PROBLEM_JSON)),
    );
    await api.GET('/api/v1/me');
    expect(session.active).toBe(false);
    expect(heard).toEqual(['account_blocked']);
  });

  it('keeps the known-client token of each account across sign-outs', () => {
    const { session } = signedInClient();
    session.start({ ...tokens(2), known_client_token: 'known-a', user: { email: 'a@vm.fi' } });
    session.start({ ...tokens(3), known_client_token: 'known-b', user: { email: 'b@vm.fi' } });
    session.end();
    expect(session.knownClientFor(' A@vm.fi ')).toBe('known-a');
    expect(session.knownClientFor('b@vm.fi')).toBe('known-b');
    expect(session.knownClientFor('c@vm.fi')).toBeUndefined();
  });

  it('sends the access token', async () => {
    const server = fakeServer();
    const { api } = signedInClient();
    const res = await api.GET('/api/v1/me');
    expect(res.response.status).toBe(200);
    expect(server.calls[0]?.auth).toBe('Bearer access-1');
    expect(server.refreshCalls()).toBe(0);
  });

  it('refreshes once on a 401 and retries the request once, body included', async () => {
    const server = fakeServer();
    const { api, session, storage } = signedInClient();
    // The access token expired; the server will take only access-2, which the refresh hands out.
    server.expire();
    const res = await api.PATCH('/api/v1/me', { body: { display_name: 'Uusi nimi' } });
    expect(res.response.status).toBe(200);
    expect(server.refreshCalls()).toBe(1);
    expect(session.access).toBe('access-2');
    expect(storage.get(REFRESH_TOKEN_KEY)).toBe('refresh-2');
    const retried = server.calls.filter((c) => c.path === '/api/v1/me');
    expect(retried).toHaveLength(2);
    expect(retried[1]?.auth).toBe('Bearer access-2');
    expect(retried[1]?.body).toBe(JSON.stringify({ display_name: 'Uusi nimi' }));
  });

  it('shares one refresh among concurrent 401s', async () => {
    const server = fakeServer();
    const { api, session } = signedInClient();
    server.expire();
    const results = await Promise.all([
      api.GET('/api/v1/me'),
      api.GET('/api/v1/notifications'),
      api.POST('/api/v1/notifications/read-all'),
    ]);
    expect(results.map((r) => r.response.status)).toEqual([200, 200, 200]);
    // One rotation only: a second use of refresh-1 would have ended the session.
    expect(server.refreshCalls()).toBe(1);
    expect(session.active).toBe(true);
  });

  it('retries only once: a second 401 comes back as it is', async () => {
    const server = fakeServer();
    const { api } = signedInClient();
    // After the refresh the server still refuses: no loop of refreshes.
    server.answer(
      http.post('/api/v1/auth/refresh', async ({ request, response }) => {
        await server.log(request);
        return response(200).json(tokens(2));
      }),
      http.get('/api/v1/me', async ({ request, response }) => {
        await server.log(request);
        return response(401).json(problem(401, 'token_expired'), PROBLEM_JSON);
      }),
    );
    const res = await api.GET('/api/v1/me');
    expect(res.response.status).toBe(401);
    expect(server.refreshCalls()).toBe(1);
    expect(server.calls.filter((c) => c.path === '/api/v1/me')).toHaveLength(2);
  });

  it('signs out cleanly when the refresh is refused', async () => {
    const server = fakeServer({ refresh: 'refuse' });
    const { api, session, storage } = signedInClient();
    const heard: boolean[] = [];
    session.subscribe((signedIn) => heard.push(signedIn));
    server.expire();
    const [a, b] = await Promise.all([api.GET('/api/v1/me'), api.GET('/api/v1/notifications')]);
    expect(a.response.status).toBe(401);
    expect(b.response.status).toBe(401);
    expect(server.refreshCalls()).toBe(1);
    expect(session.active).toBe(false);
    expect(session.access).toBeNull();
    expect(storage.get(REFRESH_TOKEN_KEY)).toBeUndefined();
    expect(heard).toEqual([false]);
  });

  it('keeps the session when the refresh cannot reach the server', async () => {
    const server = fakeServer({ refresh: 'down' });
    const { api, session, storage } = signedInClient();
    server.expire();
    await expect(api.GET('/api/v1/me')).rejects.toThrow();
    expect(storage.get(REFRESH_TOKEN_KEY)).toBe('refresh-1');
    expect(session.active).toBe(true);
  });

  it('after a reload (refresh token only) refreshes before the first request', async () => {
    const server = fakeServer();
    const storage = memoryStorage({ [REFRESH_TOKEN_KEY]: 'refresh-1' });
    const { api, session } = createApiClient({ baseUrl: BASE, storage, lock: (run) => run() });
    server.expire();
    const res = await api.GET('/api/v1/calls');
    expect(res.response.status).toBe(200);
    expect(server.calls.map((c) => c.path)).toEqual(['/api/v1/auth/refresh', '/api/v1/calls']);
    expect(server.calls[1]?.auth).toBe('Bearer access-2');
    expect(session.access).toBe('access-2');
  });

  it('sends no token and never refreshes for a visitor', async () => {
    const server = fakeServer();
    const { api } = createApiClient({ baseUrl: BASE, storage: memoryStorage() });
    const res = await api.GET('/api/v1/me');
    expect(res.response.status).toBe(401);
    expect(server.calls).toHaveLength(1);
    expect(server.calls[0]?.auth).toBeNull();
  });

  it('says why when the server refuses the refresh of a blocked account', async () => {
    const server = fakeServer({ refusal: [403, 'account_blocked'] });
    const { api, session, storage } = signedInClient();
    const heard: [boolean, string | null][] = [];
    session.subscribe((signedIn, reason) => heard.push([signedIn, reason]));
    server.expire();
    const res = await api.GET('/api/v1/me');
    expect(res.response.status).toBe(401);
    expect(session.active).toBe(false);
    expect(session.endReason).toBe('account_blocked');
    expect(heard).toEqual([[false, 'account_blocked']]);
    // Another tab hears the token go and finds the reason beside it.
    expect(storage.get(END_REASON_KEY)).toBe('account_blocked');
  });

  it('says the session ended when the server ended it', async () => {
    const server = fakeServer({ refusal: [401, 'session_ended'] });
    const { api, session } = signedInClient();
    server.expire();
    await api.GET('/api/v1/notifications');
    expect(session.active).toBe(false);
    expect(session.endReason).toBe('session_ended');
  });

  it('signs out and says why when a request answers account_blocked', async () => {
    const server = fakeServer();
    const { api, session } = signedInClient();
    server.answer(
      http.post('/api/v1/notifications/read-all', ({ response }) => response(403).json(problem(403, 'account_blocked'), PROBLEM_JSON)),
    );
    const res = await api.POST('/api/v1/notifications/read-all');
    expect(res.response.status).toBe(403);
    expect(session.active).toBe(false);
    expect(session.endReason).toBe('account_blocked');
    // No refresh: a blocked account cannot get new tokens.
    expect(server.refreshCalls()).toBe(0);
  });

  it('keeps the session on other 403s', async () => {
    const server = fakeServer();
    const { api, session } = signedInClient();
    server.answer(http.get('/api/v1/users', ({ response }) => response(403).json(problem(403, 'role_required'), PROBLEM_JSON)));
    await api.GET('/api/v1/users');
    expect(session.active).toBe(true);
    expect(session.endReason).toBeNull();
  });

  it('gives no reason when the user signs out, and forgets the reason at the next sign-in', async () => {
    const server = fakeServer({ refusal: [401, 'session_ended'] });
    const { api, session, storage } = signedInClient();
    server.expire();
    await api.GET('/api/v1/me');
    expect(session.endReason).toBe('session_ended');
    session.start(tokens(5));
    expect(session.endReason).toBeNull();
    expect(storage.get(END_REASON_KEY)).toBeUndefined();
    session.end();
    expect(session.endReason).toBeNull();
  });
});
