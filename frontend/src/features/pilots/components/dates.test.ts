import { describe, expect, it } from 'vitest';
import { parseTypedDate, todayIso, typedDate } from './dates';

describe('typed dates', () => {
  it('reads day.month.year into the contract form', () => {
    expect(parseTypedDate('1.12.2026')).toBe('2026-12-01');
    expect(parseTypedDate(' 09.03.2027 ')).toBe('2027-03-09');
  });
  it('refuses what is not a real date', () => {
    expect(parseTypedDate('31.2.2026')).toBeNull();
    expect(parseTypedDate('2026-12-01')).toBeNull();
    expect(parseTypedDate('')).toBeNull();
  });
  it('shows a contract date as typed', () => {
    expect(typedDate('2026-12-01')).toBe('1.12.2026');
    expect(typedDate(null)).toBe('');
  });
  it('knows the day in Helsinki', () => {
    expect(todayIso(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });
});
