import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import * as author from '@/lib/author';
import type { ProposalSummary } from '@/lib/types';
import { http, server } from '@/test/api-mock';
import { renderWith } from '@/test/identity';
import { ProposalList } from './proposal-list';

// A card renders its author's name: the spy sees which cards rendered, and how often.
vi.mock('@/lib/author', async (original) => {
  const real = await original<typeof author>();
  return { ...real, authorName: vi.fn(real.authorName) };
});

const proposal = (n: number): ProposalSummary => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  call_id: 'c1',
  number: n,
  title: `Ehdotus ${n}`,
  summary: '',
  language: 'fi',
  stage: 'submitted',
  visibility: 'visible',
  moderation: null,
  viewer_can_report: false,
  author: { id: `a${n}`, display_name: `Kirjoittaja ${n}`, erased: false },
  organisations: [],
  coauthors: [],
  reach: 1,
  thumb_count: 0,
  comment_count: 0,
  viewer_thumbed: false,
  viewer_can_thumb: false,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
});

/** 25 proposals: a page of 20, then the last 5 behind "show more". */
function serveTwoPages() {
  const all = Array.from({ length: 25 }, (_, i) => proposal(i + 1));
  server.use(
    http.get('/api/v1/calls/{id}/proposals', ({ query, response }) =>
      query.get('cursor') === 'next'
        ? response(200).json({ items: all.slice(20), next_cursor: null, sort: 'newest', total: 25 })
        : response(200).json({ items: all.slice(0, 20), next_cursor: 'next', sort: 'newest', total: 25 }),
    ),
  );
}

describe('ProposalList', () => {
  it('"show more" renders only the new cards, not again every card shown so far', { timeout: 30_000 }, async () => {
    serveTwoPages();
    const rendered = vi.mocked(author.authorName);
    rendered.mockClear();
    renderWith(<ProposalList callId="c1" themes={[]} filters={{ sort: 'newest' }} />, { user: null });
    await screen.findByRole('link', { name: 'Ehdotus 20' });
    const rendersOf = (n: number) => rendered.mock.calls.filter(([, a]) => a?.display_name === `Kirjoittaja ${n}`).length;
    expect(rendersOf(1)).toBe(1);

    await userEvent.click(screen.getByRole('button', { name: /Näytä lisää/ }));
    await screen.findByRole('link', { name: 'Ehdotus 25' }, { timeout: 10_000 });
    await waitFor(() => expect(screen.queryByRole('button', { name: /Näytä lisää/ })).toBeNull());
    expect(screen.getAllByRole('article')).toHaveLength(25);
    // The first page's cards rendered once, at the start: not at the click, nor with the new page.
    for (let n = 1; n <= 20; n++) expect(rendersOf(n), `card ${n}`).toBe(1);
    expect(rendersOf(25)).toBeGreaterThan(0);
  });
});
