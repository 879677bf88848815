import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useLoadMoreFocus } from './use-load-more-focus';

/** A list of 2 items with one more page of 2 behind a "Show more" button that then goes away. */
function List({ withLinks }: { withLinks: boolean }) {
  const [items, setItems] = useState(['a', 'b']);
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);
  const hasMore = items.length < 4;
  return (
    <>
      <ul ref={listRef}>
        {items.map((i) => (
          <li key={i} data-testid={`item-${i}`}>
            {withLinks ? <a href={`#${i}`}>{`item ${i}`}</a> : `item ${i}`}
          </li>
        ))}
      </ul>
      {hasMore ? (
        <button
          type="button"
          onClick={() => loadMore(() => new Promise<void>((ok) => setTimeout(() => (setItems((o) => [...o, 'c', 'd']), ok()), 10)))}
        >
          Show more
        </button>
      ) : null}
    </>
  );
}

describe('useLoadMoreFocus', () => {
  it('moves focus to the first new item’s link when the last page loads', async () => {
    render(<List withLinks />);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await act(() => new Promise((ok) => setTimeout(ok, 30)));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('link', { name: 'item c' }));
  });

  it('focuses the new item itself when it has nothing focusable', async () => {
    render(<List withLinks={false} />);
    await userEvent.click(screen.getByRole('button', { name: 'Show more' }));
    await act(() => new Promise((ok) => setTimeout(ok, 30)));
    expect(document.activeElement).toBe(screen.getByTestId('item-c'));
  });
});
