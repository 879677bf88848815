import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { ProposalSummary } from '@/lib/types';
import { ThumbButton } from './thumb-button';

const proposal = {
  id: 'p1',
  call_id: 'c1',
  number: 1,
  title: 'Otsikko',
  summary: 'Tiivistelmä',
  language: 'fi',
  stage: 'submitted',
  visibility: 'visible',
  moderation: null,
  viewer_can_report: false,
  author: { id: 'a1', display_name: 'A', erased: false },
  organisations: [],
  coauthors: [],
  reach: 1,
  thumb_count: 5,
  comment_count: 0,
  viewer_thumbed: false,
  viewer_can_thumb: true,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
} satisfies ProposalSummary;

const renderButton = (p: ProposalSummary) =>
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <ThumbButton proposal={p} />
      </MemoryRouter>
    </QueryClientProvider>,
  );

describe('ThumbButton', () => {
  it('names what a press does before thumbing', { timeout: 30_000 }, () => {
    renderButton(proposal);
    expect(screen.getByRole('button', { name: 'Peukuta: Otsikko' })).toBeTruthy();
  });

  it('names the thumbed state and the way back', { timeout: 30_000 }, () => {
    renderButton({ ...proposal, viewer_thumbed: true, thumb_count: 6 });
    const button = screen.getByRole('button', { name: 'Peukutettu – peru: Otsikko' });
    // The name says the state, so no pressed state says it a second time.
    expect(button.getAttribute('aria-pressed')).toBeNull();
  });
});
