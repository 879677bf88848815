import { describe, expect, it } from 'vitest';
import { helsinkiToUtc, utcToHelsinki } from './helsinki-time';

describe('helsinkiToUtc', () => {
  it('reads winter times as UTC+2 and summer times as UTC+3', () => {
    expect(helsinkiToUtc('2026-01-15T12:00')).toBe('2026-01-15T10:00:00Z');
    expect(helsinkiToUtc('2026-07-01T12:00')).toBe('2026-07-01T09:00:00Z');
    expect(helsinkiToUtc('2026-12-31T23:30')).toBe('2026-12-31T21:30:00Z');
    expect(helsinkiToUtc('2027-01-01T00:15')).toBe('2026-12-31T22:15:00Z');
  });

  it('handles the spring-forward day (29 March 2026: 03:00 becomes 04:00)', () => {
    expect(helsinkiToUtc('2026-03-29T02:59')).toBe('2026-03-29T00:59:00Z');
    expect(helsinkiToUtc('2026-03-29T04:00')).toBe('2026-03-29T01:00:00Z');
    // 03:30 never happens that night: it moves forward by the hour skipped, to 04:30 EEST.
    expect(helsinkiToUtc('2026-03-29T03:30')).toBe('2026-03-29T01:30:00Z');
    expect(helsinkiToUtc('2026-03-29T03:00')).toBe('2026-03-29T01:00:00Z');
  });

  it('handles the fall-back day (25 October 2026: 04:00 becomes 03:00)', () => {
    expect(helsinkiToUtc('2026-10-25T02:59')).toBe('2026-10-24T23:59:00Z');
    // 03:30 happens twice; it means the first one, still in summer time (+3).
    expect(helsinkiToUtc('2026-10-25T03:30')).toBe('2026-10-25T00:30:00Z');
    expect(helsinkiToUtc('2026-10-25T04:00')).toBe('2026-10-25T02:00:00Z');
  });

  it('accepts seconds and refuses what is not a local date-time', () => {
    expect(helsinkiToUtc('2026-06-01T08:00:30')).toBe('2026-06-01T05:00:30Z');
    expect(helsinkiToUtc('')).toBeNull();
    expect(helsinkiToUtc('2026-06-01')).toBeNull();
    expect(helsinkiToUtc('1.6.2026 klo 8.00')).toBeNull();
  });
});

describe('utcToHelsinki', () => {
  it('shows the Helsinki wall clock for an instant', () => {
    expect(utcToHelsinki('2026-01-15T10:00:00Z')).toBe('2026-01-15T12:00');
    expect(utcToHelsinki('2026-07-01T09:00:00Z')).toBe('2026-07-01T12:00');
    expect(utcToHelsinki('2026-10-25T00:30:00Z')).toBe('2026-10-25T03:30');
    expect(utcToHelsinki('2026-10-25T01:30:00Z')).toBe('2026-10-25T03:30');
    expect(utcToHelsinki('2026-03-29T01:00:00.123456789Z')).toBe('2026-03-29T04:00');
    expect(utcToHelsinki('not a date')).toBe('');
  });

  it('round-trips every quarter hour of a year; the repeated autumn hour reads as its first time', () => {
    const start = Date.UTC(2026, 0, 1);
    const repeatedFrom = Date.UTC(2026, 9, 25, 1, 0);
    const repeatedTo = Date.UTC(2026, 9, 25, 2, 0);
    for (let t = start; t < start + 365 * 86400_000; t += 900_000) {
      const local = utcToHelsinki(new Date(t).toISOString());
      const expected = t >= repeatedFrom && t < repeatedTo ? t - 3600_000 : t;
      expect(helsinkiToUtc(local), local).toBe(new Date(expected).toISOString().replace('.000Z', 'Z'));
    }
  });
});
