import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '@/lib/problem';
import type { Phase } from '@/lib/types';
import { RefusalNote } from './refusal-note';

function LoginProbe() {
  const location = useLocation();
  return <p>login, back to {String((location.state as { from?: string } | null)?.from)}</p>;
}

const renderNote = (code: ErrorCode, phase?: Phase) =>
  render(
    <MemoryRouter initialEntries={['/proposals/p1?sort=top']}>
      <Routes>
        <Route path="/proposals/:id" element={<RefusalNote code={code} phase={phase} action="thumb" />} />
        <Route path="/login" element={<LoginProbe />} />
      </Routes>
    </MemoryRouter>,
  );

describe('RefusalNote', () => {
  it('offers to log in and to come back to the same page', async () => {
    renderNote('unauthenticated', 'open');
    expect(screen.getByText(/Osallistuminen vaatii kirjautumisen/)).toBeTruthy();
    await userEvent.click(screen.getByRole('link', { name: 'Kirjaudu sisään' }));
    expect(screen.getByText('login, back to /proposals/p1?sort=top')).toBeTruthy();
  });

  it('says a closed call takes nothing instead of asking a visitor to log in', () => {
    for (const phase of ['review', 'results', 'archived', 'upcoming'] as const) {
      const { unmount } = renderNote('unauthenticated', phase);
      expect(screen.getByText('Tässä haussa ei voi nyt peukuttaa.')).toBeTruthy();
      expect(screen.queryByRole('link')).toBeNull();
      unmount();
    }
  });

  it('keeps the server’s other reasons as they are', () => {
    renderNote('own_proposal', 'review');
    expect(screen.getByText('Omaa ehdotusta ei voi peukuttaa.')).toBeTruthy();
  });
});
