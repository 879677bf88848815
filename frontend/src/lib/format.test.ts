import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatNumber, formatRelative } from './format';

// 13.22 UTC is 15.22 in Helsinki in winter (UTC+2), 16.22 in summer (UTC+3).
const WINTER = '2026-12-14T13:22:00Z';
const SUMMER_MORNING = '2026-06-01T06:05:00Z';
const NEW_YEAR_IN_HELSINKI = '2026-12-31T22:30:00Z';

describe('dates and times follow each language’s convention', () => {
  it('Finnish: 14.12.2026 klo 15.22', () => {
    expect(formatDateTime(WINTER, 'fi')).toBe('14.12.2026 klo 15.22');
    expect(formatDateTime(SUMMER_MORNING, 'fi')).toBe('1.6.2026 klo 9.05');
    expect(formatDate(WINTER, 'fi')).toBe('14.12.2026');
  });

  it('Finland-Swedish: 14.12.2026 kl. 15.22', () => {
    expect(formatDateTime(WINTER, 'sv')).toBe('14.12.2026 kl. 15.22');
    expect(formatDateTime(SUMMER_MORNING, 'sv')).toBe('1.6.2026 kl. 9.05');
    expect(formatDate(WINTER, 'sv')).toBe('14.12.2026');
  });

  it('English: 14 Dec 2026, 15:22', () => {
    expect(formatDateTime(WINTER, 'en')).toBe('14 Dec 2026, 15:22');
    expect(formatDateTime(SUMMER_MORNING, 'en')).toBe('1 Jun 2026, 09:05');
    expect(formatDate(WINTER, 'en')).toBe('14 Dec 2026');
  });

  it('counts the day in Helsinki, not in UTC', () => {
    expect(formatDate(NEW_YEAR_IN_HELSINKI, 'fi')).toBe('1.1.2027');
    expect(formatDateTime(NEW_YEAR_IN_HELSINKI, 'sv')).toBe('1.1.2027 kl. 0.30');
  });

  it('an unknown language gets the Finnish form', () => {
    expect(formatDateTime(WINTER, 'de')).toBe('14.12.2026 klo 15.22');
  });
});

describe('numbers follow each language’s convention', () => {
  // A no-break space groups thousands in Finnish and Swedish; the decimal sign is a comma.
  it('groups thousands with a no-break space and uses a decimal comma in fi and sv', () => {
    expect(formatNumber(12345.5, 'fi')).toBe('12\u00a0345,5');
    expect(formatNumber(12345.5, 'sv')).toBe('12\u00a0345,5');
    expect(formatNumber(12345.5, 'en')).toBe('12,345.5');
  });

  it('words relative times in the reader’s language', () => {
    const now = Date.parse(WINTER);
    const inTwoWeeks = new Date(now + 14 * 24 * 3_600_000).toISOString();
    expect(formatRelative(inTwoWeeks, 'fi', now)).toBe('14 päivän päästä');
    expect(formatRelative(inTwoWeeks, 'sv', now)).toBe('om 14 dagar');
    expect(formatRelative(inTwoWeeks, 'en', now)).toBe('in 14 days');
  });
});
