import { renderHook } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { descriptionOf, usePageDescription } from './document-title';

const description = () => document.head.querySelector<HTMLMetaElement>('meta[name="description"]')?.content;
const canonical = () => document.head.querySelectorAll<HTMLLinkElement>('link[rel="canonical"]');

describe('descriptionOf', () => {
  it('collapses whitespace and cuts at a word', () => {
    expect(descriptionOf('  lyhyt\n teksti ')).toBe('lyhyt teksti');
    expect(descriptionOf('one two three four', 12)).toBe('one two…');
    expect(descriptionOf('abcdefghijklmnop', 6)).toBe('abcde…');
    expect(descriptionOf('sana '.repeat(100)).length).toBeLessThanOrEqual(160);
  });
});

describe('usePageDescription', () => {
  afterEach(() => document.head.querySelectorAll('meta[name="description"], link[rel="canonical"]').forEach((el) => el.remove()));

  it('sets the description and one canonical link, and puts the site’s own back on leaving', () => {
    const page = renderHook(({ text, path }) => usePageDescription(text, path), {
      initialProps: { text: 'Kokeillaan yhteistä tilaa.', path: '/proposals/1' },
    });
    expect(description()).toBe('Kokeillaan yhteistä tilaa.');
    expect(Array.from(canonical(), (l) => l.href)).toEqual([`${window.location.origin}/proposals/1`]);

    page.rerender({ text: 'Toinen ehdotus.', path: '/proposals/2' });
    expect(description()).toBe('Toinen ehdotus.');
    expect(Array.from(canonical(), (l) => l.href)).toEqual([`${window.location.origin}/proposals/2`]);

    page.unmount();
    expect(description()).toBe('Siilo – Ideoita yli hallinnon rajojen');
    expect(canonical()).toHaveLength(0);
  });
});
