import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/api-client';
import { SSO_RETURN_KEY, rememberReturnPath, safeReturnPath, takeReturnPath } from '@/features/auth/api/sso';
import { PROBLEM_JSON, identityHttp, problem, server } from '@/test/api-mock';
import { me, renderWith } from '@/test/identity';
import { SsoCallbackRoute } from './sso-callback';

const tokens = {
  access_token: 'access-sso',
  refresh_token: 'refresh-sso',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_expires_in: 86400,
  known_client_token: 'known',
  user: { ...me, email_verified: true, has_password: false },
};

describe('the return path kept over the trip to the provider', () => {
  it('is a path of this site, never another site or the sign-in pages', () => {
    expect(safeReturnPath('/calls/x?sort=top')).toBe('/calls/x?sort=top');
    expect(safeReturnPath('//evil.example')).toBe('/');
    expect(safeReturnPath('/\\evil.example')).toBe('/');
    expect(safeReturnPath('https://evil.example/')).toBe('/');
    expect(safeReturnPath('/login')).toBe('/');
    expect(safeReturnPath('/sso/callback?code=x')).toBe('/');
    expect(safeReturnPath(null)).toBe('/');
  });

  it('is read once', () => {
    rememberReturnPath('/pilots');
    expect(sessionStorage.getItem(SSO_RETURN_KEY)).toBe('/pilots');
    expect(takeReturnPath()).toBe('/pilots');
    expect(takeReturnPath()).toBe('/');
  });
});

describe('/sso/callback', () => {
  it('signs in with the provider’s answer and goes back where the user was', { timeout: 30_000 }, async () => {
    const bodies: unknown[] = [];
    server.use(
      identityHttp.post('/api/v1/auth/sso/callback', async ({ request, response }) => {
        bodies.push(await request.json());
        return response(200).json(tokens);
      }),
    );
    rememberReturnPath('/pilots');
    renderWith(<SsoCallbackRoute />, { path: '/sso/callback?code=c1&state=s1', user: null, pages: ['/pilots'] });
    expect(await screen.findByText('page /pilots')).toBeTruthy();
    expect(bodies).toEqual([{ code: 'c1', state: 's1' }]);
    expect(session.refresh).toBe('refresh-sso');
    session.end();
  });

  it('says why the server refused, with "try again"', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/auth/sso/callback', () =>
        HttpResponse.json(problem(409, 'sso_email_taken'), { status: 409, ...PROBLEM_JSON }),
      ),
    );
    renderWith(<SsoCallbackRoute />, { path: '/sso/callback?code=c1&state=s2', user: null });
    expect(await screen.findByText(/Sähköpostiosoitteellasi on vahvistamaton Siilo-tunnus/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Yritä uudelleen' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Kirjaudu sähköpostiosoitteella ja salasanalla' })).toBeTruthy();
  });

  it('tells a user who cancelled at the provider, and sends nothing to the server', { timeout: 30_000 }, () => {
    renderWith(<SsoCallbackRoute />, { path: '/sso/callback?error=access_denied&state=s3', user: null });
    expect(screen.getByText('Kirjautuminen keskeytettiin organisaatiosi tunnistuspalvelussa.')).toBeTruthy();
  });

  it('starts again at the provider on "try again"', { timeout: 30_000 }, async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { ...window.location, assign });
    server.use(
      identityHttp.post('/api/v1/auth/sso/start', ({ response }) =>
        response(200).json({ authorization_url: 'https://idp.example/authorize?x=1' }),
      ),
    );
    renderWith(<SsoCallbackRoute />, { path: '/sso/callback?state=s4', user: null });
    expect(screen.getByText(/Kirjautuminen vanhentui tai keskeytyi/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Yritä uudelleen' }));
    await vi.waitFor(() => expect(assign).toHaveBeenCalledWith('https://idp.example/authorize?x=1'));
    vi.unstubAllGlobals();
  });
});
