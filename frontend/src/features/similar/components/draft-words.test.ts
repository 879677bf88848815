import { describe, expect, it } from 'vitest';
import { meaningfulWordCount } from './draft-words';

describe('meaningfulWordCount', () => {
  it('counts distinct words of three letters or more', () => {
    expect(meaningfulWordCount('Kirjastojen aukioloajat')).toBe(2);
    expect(meaningfulWordCount('Kirjasto', 'kirjasto KIRJASTO')).toBe(1);
    expect(meaningfulWordCount('ja on se', 'ab')).toBe(0);
  });

  it('leaves out numbers and punctuation, keeps letters of any language', () => {
    expect(meaningfulWordCount('2026 1234 "*** NEAR(')).toBe(1);
    expect(meaningfulWordCount('Bibliotekens öppettider')).toBe(2);
    expect(meaningfulWordCount('')).toBe(0);
  });
});
