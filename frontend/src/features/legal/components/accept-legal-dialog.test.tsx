import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/api-client';
import { meKeys, type Me } from '@/lib/auth';
import { legalKeys } from '@/lib/legal';
import { legalDocument } from '@/test/legal-fixtures';
import { PROBLEM_JSON, http, problem, server } from '@/test/api-mock';
import { AcceptLegalDialog } from './accept-legal-dialog';

const me = (mustAccept: Me['must_accept']): Me => ({
  id: 'u1',
  email: 'aino@vm.fi',
  display_name: 'Aino',
  language: 'fi',
  roles: ['participant'],
  unread_notifications: 0,
  created_at: '2026-11-01T00:00:00Z',
  email_verified: true,
  has_password: true,
  must_accept: mustAccept,
  manages: { call_ids: [], organisation_ids: [] },
});

function renderDialog(mustAccept: Me['must_accept'], path = '/') {
  // The dialog is a modal that hides #root from screen readers while open.
  const root = document.body.appendChild(document.createElement('div'));
  root.id = 'root';
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  session.start({ access_token: 'a', refresh_token: 'r', expires_in: 900 });
  qc.setQueryData(meKeys.me, me(mustAccept));
  qc.setQueryData(legalKeys.current('terms'), legalDocument('terms', 2));
  qc.setQueryData(legalKeys.current('privacy'), legalDocument('privacy', 1));
  render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]}>
        <AcceptLegalDialog />
      </MemoryRouter>
    </QueryClientProvider>,
    { container: root },
  );
  return qc;
}

const title = 'Hyväksy päivitetyt ehdot';

afterEach(() => session.end());
// The dialog's chunk, loaded once before the tests rather than inside the first one's wait.
beforeAll(() => import('./accept-dialog'));

describe('AcceptLegalDialog', { timeout: 20_000 }, () => {
  it('asks nothing of a user who has accepted the current versions', () => {
    renderDialog([]);
    expect(screen.queryByText(title)).toBeNull();
  });

  it('stays away from the legal pages and the profile', () => {
    renderDialog(['terms'], '/terms');
    expect(screen.queryByText(title)).toBeNull();
  });

  it('lists what changed and accepts the versions it showed', async () => {
    const user = userEvent.setup({ delay: null });
    const accepted = vi.fn();
    server.use(
      http.post('/api/v1/me/legal-acceptance', async ({ request, response }) => {
        accepted(await request.json());
        return response(200).json(me([]));
      }),
    );
    renderDialog(['terms']);
    // The dialog loads on demand.
    expect(await screen.findByText(title)).toBeTruthy();
    const link = screen.getByRole('link', { name: /Käyttöehdot, versio 2/ });
    expect(link.getAttribute('href')).toBe('/terms');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(screen.queryByRole('link', { name: /Tietosuojaseloste/ })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Hyväksy' }));
    expect(accepted).toHaveBeenCalledWith({ terms_version: 2, privacy_version: 1 });
    await waitFor(() => expect(screen.queryByText(title)).toBeNull());
  });

  it('says so when a newer version came out meanwhile, and loads it', async () => {
    const user = userEvent.setup({ delay: null });
    server.use(
      http.post('/api/v1/me/legal-acceptance', ({ response }) => response(403).json(problem(403, 'terms_not_accepted'), PROBLEM_JSON)),
      http.get('/api/v1/legal/{kind}', ({ params, response }) =>
        response(200).json(legalDocument(params.kind, params.kind === 'terms' ? 3 : 1)),
      ),
    );
    renderDialog(['terms']);
    await user.click(await screen.findByRole('button', { name: 'Hyväksy' }));
    expect(await screen.findByText('Asiakirjasta on juuri julkaistu uudempi versio. Lue se ja hyväksy uudelleen.')).toBeTruthy();
    expect(await screen.findByRole('link', { name: /Käyttöehdot, versio 3/ })).toBeTruthy();
    expect(screen.getByText(title)).toBeTruthy();
  });
});
