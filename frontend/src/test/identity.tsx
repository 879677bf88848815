/** What the identity screens' tests share: a signed-in user and a render with the app's providers. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { meKeys, type Me } from '@/lib/auth';

export const me: Me = {
  id: 'u1',
  email: 'maija.meikalainen@vm.fi',
  display_name: 'Maija Meikäläinen',
  language: 'fi',
  roles: ['participant'],
  unread_notifications: 0,
  created_at: '2026-12-01T08:00:00Z',
  email_verified: false,
  has_password: true,
  must_accept: [],
  manages: { call_ids: [], organisation_ids: [] },
  organisation: null,
  pending_email: null,
};

/**
 * Renders `ui` at `path` (with its fragment or query), signed in as `user` (or a visitor when
 * null), with a page at each of `pages` that says its own path, to see where a screen went.
 */
interface Options {
  user?: Me | null;
  path?: string;
  route?: string;
  pages?: string[];
}

export function renderWith(ui: ReactNode, { user = me, path = '/', route = '*', pages = [] }: Options = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity }, mutations: { retry: false } } });
  qc.setQueryData(meKeys.me, user);
  const result = render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={route} element={ui} />
          {pages.map((p) => (
            <Route key={p} path={p} element={<p>page {p}</p>} />
          ))}
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return { ...result, qc };
}
