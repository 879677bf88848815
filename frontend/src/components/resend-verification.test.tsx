import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { meKeys } from '@/lib/auth';
import { ApiProblem } from '@/lib/problem';
import { PROBLEM_JSON, identityHttp, problem, server } from '@/test/api-mock';
import { me, renderWith } from '@/test/identity';
import { ProblemAlert } from './problem-alert';
import { UnverifiedBanner } from './unverified-banner';

describe('the unconfirmed-address banner', () => {
  it('says what to do and sends the link again', { timeout: 30_000 }, async () => {
    let sent = 0;
    server.use(
      identityHttp.post('/api/v1/me/verification-email', () => {
        sent += 1;
        return new HttpResponse(null, { status: 202 });
      }),
    );
    renderWith(<UnverifiedBanner />);
    expect(screen.getByText(/Lähetimme vahvistuslinkin osoitteeseen maija.meikalainen@vm.fi/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' }));
    const status = await screen.findByText(/Lähetimme uuden linkin osoitteeseen maija.meikalainen@vm.fi/);
    expect(status.getAttribute('role')).toBe('status');
    expect(sent).toBe(1);
  });

  it('tells when a new link may be asked for, from the Retry-After', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/me/verification-email', () =>
        HttpResponse.json(problem(429, 'email_recently_sent'), { status: 429, headers: { ...PROBLEM_JSON.headers, 'Retry-After': '42' } }),
      ),
    );
    renderWith(<UnverifiedBanner />);
    await userEvent.click(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' }));
    expect(await screen.findByText('Lähetimme linkin juuri äsken. Voit pyytää uuden 42 sekunnin kuluttua.')).toBeTruthy();
  });

  it('counts a longer wait in minutes', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/me/verification-email', () =>
        HttpResponse.json(problem(429, 'email_recently_sent'), { status: 429, headers: { ...PROBLEM_JSON.headers, 'Retry-After': '150' } }),
      ),
    );
    renderWith(<UnverifiedBanner />);
    await userEvent.click(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' }));
    expect(await screen.findByText('Lähetimme linkin juuri äsken. Voit pyytää uuden 3 minuutin kuluttua.')).toBeTruthy();
  });

  it('refetches the user when the address turns out to be confirmed already', { timeout: 30_000 }, async () => {
    server.use(
      identityHttp.post('/api/v1/me/verification-email', () =>
        HttpResponse.json(problem(409, 'email_already_verified'), { status: 409, ...PROBLEM_JSON }),
      ),
    );
    const { qc } = renderWith(<UnverifiedBanner />);
    expect(qc.getQueryState(meKeys.me)?.dataUpdateCount).toBe(1);
    await userEvent.click(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' }));
    // Refetched: here as a visitor (the test has no session), in the app as the confirmed user;
    // either way the banner goes.
    await waitFor(() => expect(qc.getQueryState(meKeys.me)?.dataUpdateCount).toBe(2));
    expect(screen.queryByRole('button', { name: 'Lähetä linkki uudelleen' })).toBeNull();
  });

  it('shows for nobody else: a visitor, a confirmed user, the confirming page', { timeout: 30_000 }, () => {
    const { unmount } = renderWith(<UnverifiedBanner />, { user: null });
    expect(screen.queryByRole('button')).toBeNull();
    unmount();
    const second = renderWith(<UnverifiedBanner />, { user: { ...me, email_verified: true } });
    expect(screen.queryByRole('button')).toBeNull();
    second.unmount();
    renderWith(<UnverifiedBanner />, { path: '/verify-email#token=abc' });
    expect(screen.queryByRole('button')).toBeNull();
  });
});

describe('an error box that says email_unverified', () => {
  it('comes with the same resend action', { timeout: 30_000 }, () => {
    renderWith(<ProblemAlert error={new ApiProblem('email_unverified', 403, '')} />);
    expect(screen.getByText(/Vahvista ensin sähköpostiosoitteesi/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Lähetä linkki uudelleen' })).toBeTruthy();
  });

  it('and no other error does', { timeout: 30_000 }, () => {
    renderWith(<ProblemAlert error={new ApiProblem('call_not_open', 409, '')} />);
    expect(screen.queryByRole('button', { name: 'Lähetä linkki uudelleen' })).toBeNull();
  });
});
