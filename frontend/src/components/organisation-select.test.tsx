import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { organisationKeys, type Organisation } from '@/lib/organisations';
import { OrganisationCheckboxes, OrganisationSelect } from './organisation-select';

const org = (id: string, code: string, fi: string): Organisation => ({
  id,
  code,
  email_domains: [],
  name: { fi, sv: fi, en: fi },
  short_name: { fi: code, sv: code, en: code },
  parent_id: null,
  branch: { id, code, name: { fi, sv: fi, en: fi }, short_name: { fi: code, sv: code, en: code } },
});
const VNK = org('o-vnk', 'VNK', 'Valtioneuvoston kanslia');
const OM = org('o-om', 'OM', 'Oikeusministeriö');

/** The dropdown's options by their text (jsdom computes no accessible name for them). */
const option = (text: string) => {
  const found = screen.getAllByRole('option', { hidden: true }).find((o) => o.textContent === text);
  if (!found) throw new Error(`no option ${text}`);
  return found;
};

function withOrganisations(ui: ReactNode) {
  const qc = new QueryClient();
  qc.setQueryData(organisationKeys.all, { items: [VNK, OM] });
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>);
}

describe('OrganisationSelect', { timeout: 20_000 }, () => {
  it('offers "none" first, then the organisations by name, and gives null for "none"', async () => {
    const user = userEvent.setup({ delay: null });
    const onChange = vi.fn();
    withOrganisations(<OrganisationSelect labelText="Organisaatio" noneText="Kaikki" value="o-om" onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: /Organisaatio/ }));
    const options = screen.getAllByRole('option', { hidden: true }).map((o) => o.textContent);
    expect(options).toEqual(['Kaikki', 'Oikeusministeriö (OM)', 'Valtioneuvoston kanslia (VNK)']);
    await user.click(option('Kaikki'));
    expect(onChange).toHaveBeenLastCalledWith(null);
  });

  it('gives the chosen organisation’s id', async () => {
    const user = userEvent.setup({ delay: null });
    const onChange = vi.fn();
    withOrganisations(<OrganisationSelect labelText="Organisaatio" noneText="Kaikki" value={null} onChange={onChange} />);
    await user.click(screen.getByRole('button', { name: /Organisaatio/ }));
    await user.click(option('Valtioneuvoston kanslia (VNK)'));
    expect(onChange).toHaveBeenLastCalledWith('o-vnk');
  });
});

describe('OrganisationCheckboxes', { timeout: 20_000 }, () => {
  it('adds a checked organisation after the earlier ones and removes an unchecked one', async () => {
    const user = userEvent.setup({ delay: null });
    const onChange = vi.fn();
    withOrganisations(
      <OrganisationCheckboxes id="orgs" checkboxIdPrefix="org-" labelText="Organisaatiot" value={['o-vnk']} onChange={onChange} />,
    );
    const om = screen.getByRole('checkbox', { name: 'Oikeusministeriö (OM)' });
    expect(om.id).toBe('org-OM');
    await user.click(om);
    expect(onChange).toHaveBeenLastCalledWith(['o-vnk', 'o-om']);
    await user.click(screen.getByRole('checkbox', { name: 'Valtioneuvoston kanslia (VNK)' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });
});
