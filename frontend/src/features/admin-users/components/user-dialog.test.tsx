import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { organisationKeys, type Organisation } from '@/lib/organisations';
import type { UserAdmin } from '@/lib/types';
import { http, server } from '@/test/api-mock';
import { UserDialog } from './user-dialog';

const org = (id: string, code: string, fi: string): Organisation => ({
  id,
  code,
  email_domains: [],
  name: { fi, sv: fi, en: fi },
  short_name: { fi: code, sv: code, en: code },
  parent_id: null,
  branch: { id, code, name: { fi, sv: fi, en: fi }, short_name: { fi: code, sv: code, en: code } },
});
const user: UserAdmin = {
  id: 'u1',
  email: 'maija@vm.fi',
  display_name: 'Maija',
  language: 'fi',
  roles: ['participant'],
  blocked: false,
  created_at: '2026-12-01T08:00:00Z',
  organisation_id: 'o-vm',
  email_verified: true,
};

function appRoot(): HTMLElement {
  const existing = document.getElementById('root');
  if (existing) return existing;
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);
  return root;
}

function renderDialog() {
  const qc = new QueryClient();
  qc.setQueryData(organisationKeys.all, {
    items: [org('o-vm', 'VM', 'Valtiovarainministeriö'), org('o-thl', 'THL', 'Terveyden ja hyvinvoinnin laitos')],
  });
  return render(
    <QueryClientProvider client={qc}>
      <UserDialog user={user} onClose={() => undefined} />
    </QueryClientProvider>,
    { container: appRoot() },
  );
}

describe('the admin’s user dialog', { timeout: 30_000 }, () => {
  function answer(bodies: unknown[]) {
    server.use(
      http.patch('/api/v1/users/{id}', async ({ request, response }) => {
        const body = await request.json();
        bodies.push(body);
        return response(200).json({ ...user, organisation_id: body.organisation_id ?? user.organisation_id });
      }),
    );
  }

  it('leaves the organisation out when only the roles are saved', async () => {
    const bodies: unknown[] = [];
    answer(bodies);
    renderDialog();
    await userEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ roles: [] });
  });

  it('moves a user to any organisation', async () => {
    const bodies: unknown[] = [];
    answer(bodies);
    renderDialog();
    await userEvent.click(screen.getByRole('button', { name: /Organisaatio/ }));
    const thl = screen.getAllByRole('option', { hidden: true }).find((o) => o.textContent === 'Terveyden ja hyvinvoinnin laitos (THL)');
    await userEvent.click(thl as HTMLElement);
    await userEvent.click(screen.getByRole('button', { name: 'Tallenna' }));
    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]).toEqual({ roles: [], organisation_id: 'o-thl' });
  });
});
