import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { session } from '@/lib/api-client';
import { SignedOutNotice } from './signed-out-notice';

const pair = { access_token: 'a', refresh_token: 'r', expires_in: 900 };

function renderNotice() {
  return render(
    <MemoryRouter initialEntries={['/proposals/p1']}>
      <SignedOutNotice />
    </MemoryRouter>,
  );
}

afterEach(() => {
  session.end();
  session.clearEndReason();
});

describe('SignedOutNotice', () => {
  it('says nothing while signed in or after the user signed out', () => {
    session.start(pair);
    renderNotice();
    act(() => session.end());
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('tells a blocked user why they were signed out', async () => {
    session.start(pair);
    renderNotice();
    act(() => session.end('account_blocked'));
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Ylläpitäjä on estänyt tunnuksesi');
    // Logging in again cannot help a blocked account: no link offered.
    expect(screen.queryByRole('link')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Sulje ilmoitus' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('offers to log in again, back to the same page, when the session ended', () => {
    session.start(pair);
    renderNotice();
    act(() => session.end('session_ended'));
    expect(screen.getByRole('alert').textContent).toContain('Kirjautumisesi on päättynyt.');
    expect(screen.getByRole('link', { name: 'Kirjaudu uudelleen' }).getAttribute('href')).toBe('/login');
    // A new sign-in clears it.
    act(() => session.start(pair));
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
