// The pages that email links lead to: they read the token from the fragment, use it once, and
// say what came of it with the way on.
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { session } from '@/lib/api-client';
import { REFRESH_TOKEN_KEY } from '@/lib/session';
import { PROBLEM_JSON, identityHttp, problem, server } from '@/test/api-mock';
import { renderWith } from '@/test/identity';
import { ResetPasswordRoute } from './reset-password';
import { UnsubscribeRoute } from './unsubscribe';
import { VerifyEmailRoute } from './verify-email';

describe('/verify-email', () => {
  it('confirms the address with the fragment’s token, once', { timeout: 30_000 }, async () => {
    const tokens: string[] = [];
    server.use(
      identityHttp.post('/api/v1/auth/verify-email', async ({ request }) => {
        tokens.push((await request.json()).token);
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderWith(<VerifyEmailRoute />, { path: '/verify-email#token=abc123', user: null });
    expect(await screen.findByText('Sähköpostiosoitteesi on vahvistettu.')).toBeTruthy();
    // A visitor (the link opened in another browser) is shown the way to sign in.
    expect(screen.getByRole('link', { name: 'Kirjaudu sisään' })).toBeTruthy();
    expect(tokens).toEqual(['abc123']);
  });

  it('says when the link has expired, with the resend button for a signed-in user', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/auth/verify-email', () =>
        HttpResponse.json(problem(410, 'link_expired'), { status: 410, ...PROBLEM_JSON }),
      ),
    );
    renderWith(<VerifyEmailRoute />, { path: '/verify-email#token=old' });
    expect(await screen.findByText('Linkki on vanhentunut. Pyydä uusi linkki.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' })).toBeTruthy();
  });

  it('asks a visitor with a used link to sign in for a new one', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/auth/verify-email', () =>
        HttpResponse.json(problem(400, 'link_invalid'), { status: 400, ...PROBLEM_JSON }),
      ),
    );
    renderWith(<VerifyEmailRoute />, { path: '/verify-email#token=used', user: null });
    expect(await screen.findByText(/Linkki ei toimi/)).toBeTruthy();
    expect(screen.getByText(/Kirjaudu sisään, niin voit pyytää uuden linkin/)).toBeTruthy();
  });

  it('sends nothing without a token', { timeout: 30_000 }, () => {
    renderWith(<VerifyEmailRoute />, { path: '/verify-email' });
    expect(screen.getByText(/Linkki on vajaa/)).toBeTruthy();
  });
});

describe('/reset-password', () => {
  it('sets the new password, signs out here and goes to the login page', { timeout: 30_000 }, async () => {
    let body: unknown;
    server.use(
      identityHttp.post('/api/v1/auth/password-reset/confirm', async ({ request }) => {
        body = await request.json();
        return new HttpResponse(null, { status: 204 });
      }),
    );
    localStorage.setItem(REFRESH_TOKEN_KEY, 'refresh-1');
    expect(session.active).toBe(true);
    renderWith(<ResetPasswordRoute />, { path: '/reset-password#token=t1', pages: ['/login'] });
    await userEvent.type(screen.getByLabelText('Uusi salasana'), 'pitkä ja hyvä salalause');
    await userEvent.click(screen.getByRole('button', { name: 'Vaihda salasana' }));
    expect(await screen.findByText('page /login')).toBeTruthy();
    expect(body).toEqual({ token: 't1', new_password: 'pitkä ja hyvä salalause' });
    expect(localStorage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    expect(session.active).toBe(false);
  });

  it('shows the password’s refusal under the field, whichever field the server names', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/auth/password-reset/confirm', () =>
        HttpResponse.json(
          { ...problem(422, 'password_equals_email'), errors: [{ field: 'password', code: 'password_equals_email', message: 'm' }] },
          { status: 422, ...PROBLEM_JSON },
        ),
      ),
    );
    renderWith(<ResetPasswordRoute />, { path: '/reset-password#token=t1', user: null });
    await userEvent.type(screen.getByLabelText('Uusi salasana'), 'maija@vm.fi-maija');
    await userEvent.click(screen.getByRole('button', { name: 'Vaihda salasana' }));
    const input = screen.getByLabelText('Uusi salasana');
    await waitFor(() => expect(input.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText('Salasana ei voi olla sama kuin sähköpostiosoite.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers a new link when the link has expired', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/auth/password-reset/confirm', () =>
        HttpResponse.json(problem(410, 'link_expired'), { status: 410, ...PROBLEM_JSON }),
      ),
    );
    renderWith(<ResetPasswordRoute />, { path: '/reset-password#token=t1', user: null });
    await userEvent.type(screen.getByLabelText('Uusi salasana'), 'pitkä ja hyvä salalause');
    await userEvent.click(screen.getByRole('button', { name: 'Vaihda salasana' }));
    expect(await screen.findByText('Linkki on vanhentunut. Pyydä uusi linkki.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Pyydä uusi linkki' }).getAttribute('href')).toBe('/forgot-password');
  });
});

describe('/unsubscribe', () => {
  it('says what the link stops, stops it on the button and tells how to turn it back on', { timeout: 30_000 }, async () => {
    const posted: string[] = [];
    server.use(
      identityHttp.get('/api/v1/email/unsubscribe', ({ query, response }) => {
        expect(query.get('token')).toBe('u1');
        return response(200).json({ kind: 'comment_on_proposal' });
      }),
      identityHttp.post('/api/v1/email/unsubscribe', ({ query, response }) => {
        posted.push(query.get('token') ?? '');
        return response(200).json({ kind: 'comment_on_proposal' });
      }),
    );
    renderWith(<UnsubscribeRoute />, { path: '/unsubscribe#token=u1', user: null });
    expect(await screen.findByText('Lopetetaanko sähköposti-ilmoitukset tästä: ”Joku kommentoi ehdotustasi”?')).toBeTruthy();
    // Opening the page changes nothing: mail scanners open links too.
    expect(posted).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: 'Lopeta sähköpostit' }));
    expect(await screen.findByText('Selvä. Et enää saa tästä sähköpostia.')).toBeTruthy();
    expect(screen.getByText(/Voit ottaa sähköpostit uudelleen käyttöön profiilisi kohdassa Sähköposti-ilmoitukset/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Siirry sähköpostiasetuksiin' }).getAttribute('href')).toBe('/profile#email-settings');
    expect(posted).toEqual(['u1']);
  });

  it('asks about every email when the link is for all of them', { timeout: 30_000 }, async () => {
    server.use(identityHttp.get('/api/v1/email/unsubscribe', ({ response }) => response(200).json({ kind: null })));
    renderWith(<UnsubscribeRoute />, { path: '/unsubscribe#token=all', user: null });
    expect(await screen.findByText('Lopetetaanko kaikki Siilon sähköposti-ilmoitukset?')).toBeTruthy();
  });

  it('says when the link does not work', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.get('/api/v1/email/unsubscribe', () =>
        HttpResponse.json(problem(400, 'link_invalid'), { status: 400, ...PROBLEM_JSON }),
      ),
    );
    renderWith(<UnsubscribeRoute />, { path: '/unsubscribe#token=bad', user: null });
    expect(await screen.findByText(/Linkki ei toimi/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Lopeta sähköpostit' })).toBeNull();
  });
});
