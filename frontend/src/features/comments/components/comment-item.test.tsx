import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter } from 'react-router';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem } from '@/lib/problem';
import type { Comment } from '@/lib/types';
import { CommentItem } from './comment-item';

// Saving goes through a real mutation whose request the test stands in for (recorded by
// `save`, or failing with a server error); the rest is the real item.
type Edit = { id: string; body: string };
const requests = vi.hoisted(() => ({ fail: false, save: vi.fn<(edit: Edit) => Promise<unknown>>() }));
vi.mock('../api/update-comment', async () => {
  const { useMutation } = await import('@tanstack/react-query');
  const mutationFn = async (edit: Edit) => {
    if (requests.fail) throw new ApiProblem('internal', 500, 'The server failed.');
    return requests.save(edit);
  };
  return { useUpdateComment: () => useMutation({ mutationFn }) };
});

const comment = {
  id: 'c1',
  proposal_id: 'p1',
  body: 'Hyvä ajatus.',
  language: 'fi',
  deleted: false,
  author: { id: 'a1', display_name: 'Aino', erased: false },
  created_at: '2026-11-01T10:00:00Z',
  viewer_can_edit: true,
  visibility: 'visible',
  moderation: null,
  viewer_can_report: false,
} satisfies Comment;

function renderItem(c: Comment = comment) {
  // The delete confirmation is a modal that hides #root from screen readers while open.
  const root = document.body.appendChild(document.createElement('div'));
  root.id = 'root';
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <CommentItem comment={c} proposalId="p1" />
      </MemoryRouter>
    </QueryClientProvider>,
    { container: root },
  );
}

const editButton = () => screen.getByRole('button', { name: 'Muokkaa' });

describe('CommentItem', { timeout: 20_000 }, () => {
  beforeEach(() => {
    requests.fail = false;
    requests.save.mockReset();
  });

  it('gives focus back to the edit button when editing is cancelled', async () => {
    const user = userEvent.setup({ delay: null });
    renderItem();
    await user.click(editButton());
    expect(document.activeElement).toBe(screen.getByRole('textbox'));
    await user.click(screen.getByRole('button', { name: 'Peruuta' }));
    expect(screen.queryByRole('textbox')).toBeNull();
    expect(document.activeElement).toBe(editButton());
  });

  it('gives focus back to the edit button when the edit is saved', async () => {
    const user = userEvent.setup({ delay: null });
    requests.save.mockResolvedValue({ ...comment, body: 'Hyvä ajatus, kokeillaan.' });
    renderItem();
    await user.click(editButton());
    await user.type(screen.getByRole('textbox'), ' Kokeillaan.');
    await user.click(screen.getByRole('button', { name: 'Tallenna' }));
    expect(requests.save).toHaveBeenCalledWith({ id: 'c1', body: 'Hyvä ajatus. Kokeillaan.' });
    expect(await screen.findByRole('button', { name: 'Muokkaa' })).toBe(document.activeElement);
  });

  it('keeps the form open when saving fails', async () => {
    const user = userEvent.setup({ delay: null });
    requests.fail = true;
    renderItem();
    await user.click(editButton());
    await user.click(screen.getByRole('button', { name: 'Tallenna' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('textbox')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Muokkaa' })).toBeNull();
  });

  it('shows others the tombstone of a hidden comment, with the public note', () => {
    renderItem({
      ...comment,
      author: null,
      body: '',
      viewer_can_edit: false,
      visibility: 'hidden',
      moderation: { category: 'personal_data', public_note: 'Puhelinnumero poistettiin.' },
    });
    expect(screen.getByText('Piilotettu moderoinnin vuoksi: henkilötietoja')).toBeTruthy();
    expect(screen.getByText('Moderaattorin huomautus: Puhelinnumero poistettiin.')).toBeTruthy();
    expect(screen.queryByText('Hyvä ajatus.')).toBeNull();
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows its author a hidden comment in full, saying that others do not see it', () => {
    renderItem({ ...comment, visibility: 'hidden', moderation: { category: 'spam', public_note: null } });
    expect(screen.getByText('Hyvä ajatus.')).toBeTruthy();
    expect(screen.getByText('Piilotettu moderoinnin vuoksi: roskaposti tai mainonta')).toBeTruthy();
    expect(screen.getByText(/Muut eivät näe sisältöä/)).toBeTruthy();
  });

  it('names an erased author "Poistettu käyttäjä"', () => {
    renderItem({ ...comment, viewer_can_edit: false, author: { id: 'a1', display_name: '', erased: true } });
    expect(screen.getByText('Poistettu käyttäjä')).toBeTruthy();
  });
});
