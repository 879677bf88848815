import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Link, MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { announce, dismissStatus } from '@/lib/status';
import { StatusMessage } from './status-message';

function renderAt(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <StatusMessage />
      <Routes>
        <Route path="*" element={<Link to="/elsewhere">elsewhere</Link>} />
      </Routes>
    </MemoryRouter>,
  );
}

afterEach(() => dismissStatus());

describe('StatusMessage', () => {
  it('announces a message in a live region that was there before it', () => {
    renderAt('/proposals/p1');
    const region = screen.getByRole('status');
    expect(region.textContent).toBe('');
    act(() => announce('Kommenttisi on lähetetty.', '/proposals/p1'));
    expect(screen.getByRole('status')).toBe(region);
    expect(region.textContent).toBe('Kommenttisi on lähetetty.');
  });

  it('keeps the message on its page and drops it when the reader leaves', async () => {
    renderAt('/proposals/p1');
    act(() => announce('Muutokset on tallennettu.', '/proposals/p1'));
    expect(screen.getByRole('status').textContent).toBe('Muutokset on tallennettu.');
    await userEvent.click(screen.getByRole('link', { name: 'elsewhere' }));
    expect(screen.getByRole('status').textContent).toBe('');
  });

  it('can be closed', async () => {
    renderAt('/');
    act(() => announce('Tunnuksesi on luotu. Tervetuloa Siiloon!', '/'));
    await userEvent.click(screen.getByRole('button', { name: 'Sulje ilmoitus' }));
    expect(screen.getByRole('status').textContent).toBe('');
  });
});
