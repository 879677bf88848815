import { render, screen } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { BelowTheFold } from './below-the-fold';

/** Notes, at the first commit, whether the later content was already in the document. */
function FirstCommit({ seen }: { seen: boolean[] }) {
  useLayoutEffect(() => {
    seen.push(document.body.textContent?.includes('Kommentit') ?? false);
  }, [seen]);
  return null;
}

describe('BelowTheFold', () => {
  it('commits what is above it first, with a placeholder, then its content', () => {
    const seen: boolean[] = [];
    const { container } = render(
      <>
        <h1>Ehdotus</h1>
        <FirstCommit seen={seen} />
        <BelowTheFold>
          <h2>Kommentit</h2>
        </BelowTheFold>
      </>,
    );
    expect(seen).toEqual([false]);
    expect(screen.getByRole('heading', { level: 2, name: 'Kommentit' })).toBeTruthy();
    expect(container.querySelector('.below-the-fold')).toBeNull();
  });
});
