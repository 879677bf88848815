/**
 * Single sign-on with the organisation's OpenID Connect provider. The server runs the protocol;
 * the client asks it where to send the browser (`start`), remembers where the user was, and
 * hands the provider's answer (`code`, `state`) back to the server at `/sso/callback`, which
 * signs the user in like a login does.
 */
import { useEffect } from 'react';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { useTokenSignIn } from '@/lib/auth';
import { identityApi, type Body } from '@/lib/identity-contract';
import { call } from '@/lib/problem';
import { identityKeys } from '@/lib/query-keys';

/** Where the user goes after signing in, kept over the trip to the provider and back. */
export const SSO_RETURN_KEY = 'siilo.sso_return_to';

export const ssoQuery = () =>
  queryOptions({
    queryKey: identityKeys.sso(),
    queryFn: ({ signal }) => call(() => identityApi.GET('/api/v1/auth/sso', { signal })),
    staleTime: 10 * 60_000,
  });

/** Whether single sign-on is configured, and the provider's name. */
export function useSso() {
  return useQuery(ssoQuery());
}

/** A path of this site to return to, or `/` (never another site, never back to sign-in). */
export function safeReturnPath(path: string | null | undefined): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  const pathname = path.split(/[?#]/)[0] ?? '';
  return ['/login', '/register', '/sso/callback'].includes(pathname) ? '/' : path;
}

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** Remembers `path` for after the provider; an unusable storage only loses the way back. */
export function rememberReturnPath(path: string): void {
  try {
    storage()?.setItem(SSO_RETURN_KEY, safeReturnPath(path));
  } catch {
    // Full or disabled: the user lands on the front page instead.
  }
}

/** The remembered path (once: it is forgotten as it is read). */
export function takeReturnPath(): string {
  const s = storage();
  let path: string | null = null;
  try {
    path = s?.getItem(SSO_RETURN_KEY) ?? null;
    s?.removeItem(SSO_RETURN_KEY);
  } catch {
    path = null;
  }
  return safeReturnPath(path);
}

/**
 * Starts signing in at the provider: asks the server for the provider's address, remembers
 * where to come back to, and leaves the site.
 */
export function useStartSso() {
  const start = useMutation({
    mutationFn: async (returnTo: string) => {
      rememberReturnPath(returnTo);
      const { authorization_url } = await call(() => identityApi.POST('/api/v1/auth/sso/start', { body: {} }));
      window.location.assign(authorization_url);
    },
  });
  const { reset } = start;
  useEffect(() => {
    // Back from the provider with the browser's back button, the page comes from the
    // back-forward cache as it was left: "leaving" is over, so the button works again.
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) reset();
    };
    window.addEventListener('pageshow', onShow);
    return () => window.removeEventListener('pageshow', onShow);
  }, [reset]);
  return start;
}

export type SsoCallbackInput = Body<'/api/v1/auth/sso/callback', 'post'>;

/**
 * One exchange per provider answer, however many times the page asks (React's development
 * mode runs effects twice; a code works once, so a second exchange would fail).
 */
const exchanges = new Map<string, ReturnType<typeof exchange>>();

function exchange(body: SsoCallbackInput) {
  return call(() => identityApi.POST('/api/v1/auth/sso/callback', { body }));
}

/** Signs in with the provider's answer, as a login does. */
export function useSsoCallback() {
  return useTokenSignIn((body: SsoCallbackInput) => {
    const key = `${body.state}\n${body.code}`;
    let pending = exchanges.get(key);
    if (!pending) {
      pending = exchange(body);
      exchanges.set(key, pending);
    }
    return pending;
  });
}
