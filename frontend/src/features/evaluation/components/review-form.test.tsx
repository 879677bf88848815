import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { Criterion, Review, Reviews } from '@/lib/eval-types';
import { ReviewPanel } from './review-form';

const criteria: Criterion[] = [
  {
    id: 'c1',
    name: { fi: 'Vaikuttavuus', sv: null, en: null },
    description: { fi: 'Kuinka paljon hyötyä.', sv: null, en: null },
    weight: 2,
    position: 0,
  },
  {
    id: 'c2',
    name: { fi: 'Toteutettavuus', sv: null, en: null },
    description: { fi: 'Onnistuuko puolessa vuodessa.', sv: null, en: null },
    weight: 1,
    position: 1,
  },
];

const review = (who: string, status: Review['status'], note: string): Review => ({
  id: `r-${who}`,
  evaluator: { id: who, display_name: who },
  status,
  recommendation: 'shortlist',
  note,
  scores: [
    { criterion_id: 'c1', score: 5 },
    { criterion_id: 'c2', score: 4 },
  ],
  weighted_score: 14 / 3,
  updated_at: '2026-12-01T08:00:00Z',
  submitted_at: status === 'submitted' ? '2026-12-01T08:00:00Z' : null,
});

const base: Reviews = { criteria, mine: null, others: [], others_hidden: true, conflict: null, can_review: true, review_refusal: null };

/** The dialogs (react-modal) hide the app's `#root` from assistive technology while open. */
function appRoot(): HTMLElement {
  const existing = document.getElementById('root');
  if (existing) return existing;
  const root = document.createElement('div');
  root.id = 'root';
  document.body.append(root);
  return root;
}

const renderPanel = (reviews: Reviews) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <ReviewPanel proposalId="p1" reviews={reviews} />
      </MemoryRouter>
    </QueryClientProvider>,
    { container: appRoot() },
  );

describe('ReviewPanel', () => {
  it('keeps the others hidden before one has submitted', { timeout: 30_000 }, () => {
    renderPanel(base);
    expect(screen.getByText(/Muiden arvioijien arviot ovat piilossa/)).toBeTruthy();
    expect(screen.getByRole('group', { name: /Vaikuttavuus/ })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Suositus' })).toBeTruthy();
  });

  it('says what is missing instead of submitting an incomplete review', { timeout: 30_000 }, async () => {
    const user = userEvent.setup();
    renderPanel({ ...base, mine: { ...review('me', 'draft', ''), scores: [{ criterion_id: 'c1', score: 3 }], recommendation: null } });
    await user.click(screen.getByRole('button', { name: 'Lähetä arvio' }));
    const summary = await screen.findByRole('alert');
    // Only what is missing is listed, each linked to its field; no request was sent (none is mocked).
    expect(summary.querySelectorAll('a')).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Toteutettavuus' }).getAttribute('href')).toBe('#score-c2');
    expect(screen.getByRole('link', { name: 'Suositus' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('shows the submitted review and the others after submitting', { timeout: 30_000 }, () => {
    renderPanel({
      ...base,
      mine: review('me', 'submitted', 'Oma.'),
      others: [review('Erkki Arvioija', 'submitted', 'Toisen huomio.')],
      others_hidden: false,
      can_review: false,
      review_refusal: 'review_submitted',
    });
    expect(screen.getByRole('heading', { name: 'Lähettämäsi arvio' })).toBeTruthy();
    expect(screen.getByText('Toisen huomio.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Lähetä arvio' })).toBeNull();
    expect(screen.getAllByText('4,67')).toHaveLength(2);
  });
});
