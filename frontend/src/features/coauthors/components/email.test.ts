import { describe, expect, it } from 'vitest';
import { addEmail, looksLikeEmail } from './email';

describe('co-author addresses', () => {
  it('accepts plausible addresses only', () => {
    expect(looksLikeEmail('olli@okm.fi')).toBe(true);
    expect(looksLikeEmail(' olli@okm.fi ')).toBe(true);
    expect(looksLikeEmail('olli@okm')).toBe(false);
    expect(looksLikeEmail('olli okm.fi')).toBe(false);
    expect(looksLikeEmail('')).toBe(false);
  });

  it('adds an address once, lower-cased', () => {
    expect(addEmail([], ' Olli@OKM.fi ')).toEqual(['olli@okm.fi']);
    expect(addEmail(['olli@okm.fi'], 'OLLI@okm.fi')).toEqual(['olli@okm.fi']);
    expect(addEmail(['olli@okm.fi'], 'not an address')).toEqual(['olli@okm.fi']);
  });
});
