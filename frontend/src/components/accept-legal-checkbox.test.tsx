import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { legalKeys } from '@/lib/legal';
import { ApiProblem } from '@/lib/problem';
import { legalDocument } from '@/test/legal-fixtures';
import { http, server } from '@/test/api-mock';
import { AcceptLegalCheckbox, useLegalConsent, type AcceptedVersions } from './accept-legal-checkbox';

/** A form around the checkbox, as registration uses it: what it would send goes to `onSend`. */
function Form({ onSend, refusal }: { onSend: (v: AcceptedVersions) => void; refusal?: unknown }) {
  const consent = useLegalConsent();
  const [missing, setMissing] = useState(false);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        const versions = consent.versions();
        setMissing(versions === null);
        if (versions) onSend(versions);
        if (refusal) consent.refused(refusal);
      }}
    >
      <AcceptLegalCheckbox consent={consent} missing={missing} />
      <button type="submit">Lähetä</button>
    </form>
  );
}

function renderForm(onSend: (v: AcceptedVersions) => void, refusal?: unknown) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  qc.setQueryData(legalKeys.current('terms'), legalDocument('terms', 3));
  qc.setQueryData(legalKeys.current('privacy'), legalDocument('privacy', 2));
  render(
    <QueryClientProvider client={qc}>
      <Form onSend={onSend} refusal={refusal} />
    </QueryClientProvider>,
  );
  return qc;
}

describe('AcceptLegalCheckbox', { timeout: 20_000 }, () => {
  it('links the terms and the privacy notice, opening them in a new tab', () => {
    renderForm(vi.fn());
    const terms = screen.getByRole('link', { name: /käyttöehdot/ });
    expect(terms.getAttribute('href')).toBe('/terms');
    expect(terms.getAttribute('target')).toBe('_blank');
    expect(terms.textContent).toContain('avautuu uuteen välilehteen');
    expect(screen.getByRole('link', { name: /tietosuojaselosteen/ }).getAttribute('href')).toBe('/privacy');
  });

  it('is required: unchecked, nothing is sent and the box says why', async () => {
    const user = userEvent.setup({ delay: null });
    const onSend = vi.fn();
    renderForm(onSend);
    await user.click(screen.getByRole('button', { name: 'Lähetä' }));
    expect(onSend).not.toHaveBeenCalled();
    expect(screen.getByText('Hyväksy käyttöehdot ja tietosuojaseloste, jotta voit luoda tunnuksen.')).toBeTruthy();
    await user.click(screen.getByRole('checkbox'));
    expect(screen.queryByText('Hyväksy käyttöehdot ja tietosuojaseloste, jotta voit luoda tunnuksen.')).toBeNull();
  });

  it('sends the versions of the pages it showed', async () => {
    const user = userEvent.setup({ delay: null });
    const onSend = vi.fn();
    renderForm(onSend);
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Lähetä' }));
    expect(onSend).toHaveBeenCalledWith({ accepted_terms_version: 3, accepted_privacy_version: 2 });
  });

  it('is cleared and loads the pages again when a newer version came out meanwhile', async () => {
    const user = userEvent.setup({ delay: null });
    server.use(
      http.get('/api/v1/legal/{kind}', ({ params, response }) =>
        response(200).json(legalDocument(params.kind, params.kind === 'terms' ? 4 : 2)),
      ),
    );
    const onSend = vi.fn();
    const qc = renderForm(onSend, new ApiProblem('terms_not_accepted', 403, ''));
    await user.click(screen.getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Lähetä' }));
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(false);
    await waitFor(() => expect(qc.getQueryData(legalKeys.current('terms'))).toEqual(legalDocument('terms', 4)));
  });
});
