import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { organisationKeys } from '@/lib/organisations';
import { ApiProblem } from '@/lib/problem';
import { ProposalForm, type ProposalValues } from './proposal-form';

function Harness({ onSubmit }: { onSubmit: (v: ProposalValues) => unknown }) {
  const [error, setError] = useState<unknown>(null);
  return <ProposalForm themes={[]} submitText="Lähetä ehdotus" pending={false} error={error} onSubmit={(v) => setError(onSubmit(v))} />;
}

function renderForm(onSubmit: (v: ProposalValues) => unknown) {
  const qc = new QueryClient();
  qc.setQueryData(organisationKeys.all, { items: [] });
  return render(
    <QueryClientProvider client={qc}>
      <Harness onSubmit={onSubmit} />
    </QueryClientProvider>,
  );
}

// The design system's inputs are heavy in jsdom; typing takes a few seconds.
describe('ProposalForm', { timeout: 20_000 }, () => {
  it('shows the server’s 422 field errors next to their fields and keeps what was typed', async () => {
    const user = userEvent.setup({ delay: null });
    const submit = vi.fn(
      () =>
        new ApiProblem('validation_failed', 422, 'The request has invalid fields.', [
          { field: 'title', code: 'length', message: 'must be 5–140 characters', min: 5, max: 140 },
          { field: 'idea', code: 'required', message: 'is required' },
        ]),
    );
    renderForm(submit);
    await user.type(screen.getByLabelText(/Otsikko/), 'Ab');
    await user.type(screen.getByLabelText(/Tiivistelmä/), 'Lyhyesti kerrottuna');
    await user.type(screen.getByLabelText(/Haaste/), 'Ongelma on tämä');
    await user.click(screen.getByRole('button', { name: 'Lähetä ehdotus' }));

    expect(submit).toHaveBeenCalledWith(
      expect.objectContaining({ title: 'Ab', summary: 'Lyhyesti kerrottuna', challenge: 'Ongelma on tämä', idea: '', language: 'fi' }),
    );
    // Next to the fields, by the code, in Finnish.
    const title = screen.getByLabelText(/Otsikko/);
    expect(title).toHaveProperty('value', 'Ab');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const titleStatus = document.getElementById('proposal-title-statusText');
    expect(titleStatus?.textContent).toContain('Kirjoita 5–140 merkkiä.');
    expect(document.getElementById('proposal-idea-statusText')?.textContent).toContain('Täytä tämä kenttä.');
    // And in a summary at the top that links to them.
    const summary = screen.getByRole('alert');
    expect(summary.textContent).toContain('Korjaa seuraavat kohdat');
    expect(screen.getByRole('link', { name: /Otsikko: Kirjoita 5–140 merkkiä/ }).getAttribute('href')).toBe('#proposal-title');
    // What was typed stays.
    expect(screen.getByLabelText(/Tiivistelmä/)).toHaveProperty('value', 'Lyhyesti kerrottuna');
    expect(screen.getByLabelText(/Haaste/)).toHaveProperty('value', 'Ongelma on tämä');
  });

  it('shows a refusal that is not about a field as a message, not a field error', async () => {
    const user = userEvent.setup({ delay: null });
    renderForm(() => new ApiProblem('call_not_open', 409, 'The call does not take submissions or edits now.'));
    await user.type(screen.getByLabelText(/Otsikko/), 'Hyvä otsikko');
    await user.click(screen.getByRole('button', { name: 'Lähetä ehdotus' }));
    expect(screen.getByRole('alert').textContent).toContain('Tähän hakuun ei voi nyt jättää ehdotuksia.');
    expect(screen.getByLabelText(/Otsikko/)).toHaveProperty('value', 'Hyvä otsikko');
  });
});
