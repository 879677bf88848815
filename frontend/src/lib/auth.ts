/**
 * Who is signed in, shared by every feature (like bulletproof-react's `lib/auth`): the `me`
 * query, log in, register and log out. Signing in or out refetches everything, because the
 * server's `viewer` capabilities in calls and proposals depend on who asks.
 */
import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, session } from './api-client';
import type { TokenResponse } from './session';
import type { components } from './api/schema';
import { ApiProblem, call } from './problem';

export type Me = components['schemas']['Me'];
export type LoginInput = components['schemas']['LoginRequest'];
export type RegisterInput = components['schemas']['RegisterRequest'];
export type UpdateMeInput = components['schemas']['UpdateMeRequest'];

export const meKeys = { me: ['me'] as const };

export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  if (!session.active) return null;
  try {
    return await call(() => api.GET('/api/v1/me', { signal }));
  } catch (e) {
    // The session ended (refresh refused): a visitor now, not an error.
    if (e instanceof ApiProblem && e.status === 401) return null;
    throw e;
  }
}

export const meQuery = () =>
  queryOptions({
    queryKey: meKeys.me,
    queryFn: ({ signal }) => getMe(signal),
    staleTime: 30_000,
    // Keeps the unread badge fresh while the page is open.
    refetchInterval: 60_000,
  });

export function useMe() {
  return useQuery(meQuery());
}

/** The signed-in user or null; undefined while not known yet. */
export function useUser(): Me | null | undefined {
  const q = useMe();
  if (q.isError) return null;
  return q.data;
}

export function hasRole(me: Me | null | undefined, role: components['schemas']['Role']): boolean {
  return !!me && me.roles.includes(role);
}

async function signedIn(qc: QueryClient, user: Me): Promise<void> {
  qc.setQueryData(meKeys.me, user);
  await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meKeys.me[0] });
}

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: LoginInput) => {
      const known_client_token = body.known_client_token ?? session.knownClientFor(body.email);
      const tokens = await call(() => api.POST('/api/v1/auth/login', { body: { ...body, known_client_token } }));
      session.start(tokens);
      return tokens.user;
    },
    onSuccess: (user) => signedIn(qc, user),
  });
}

export function useRegister() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: RegisterInput) => {
      const tokens = await call(() => api.POST('/api/v1/auth/register', { body }));
      session.start(tokens);
      return tokens.user;
    },
    onSuccess: (user) => signedIn(qc, user),
  });
}

/**
 * Signs in with a token pair that came some other way than the login form (single sign-on's
 * callback), exactly as logging in does: the session starts and everything refetches.
 */
export function useTokenSignIn<A>(getTokens: (args: A) => Promise<TokenResponse>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (args: A) => {
      const tokens = await getTokens(args);
      session.start(tokens);
      return tokens.user;
    },
    onSuccess: (user) => signedIn(qc, user),
  });
}

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const token = session.refresh;
      try {
        if (token) await api.POST('/api/v1/auth/logout', { body: { refresh_token: token } });
      } finally {
        // Signed out here whatever the server said; its tokens die on their own.
        session.end();
      }
    },
    onSettled: async () => {
      qc.setQueryData(meKeys.me, null);
      await qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meKeys.me[0] });
    },
  });
}

export function useUpdateMe() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateMeInput) => call(() => api.PATCH('/api/v1/me', { body })),
    onSuccess: (me) => {
      qc.setQueryData(meKeys.me, me);
    },
  });
}
