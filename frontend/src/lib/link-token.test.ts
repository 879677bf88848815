import { describe, expect, it } from 'vitest';
import { tokenFromFragment } from './link-token';
import { waitTime } from './wait-time';

describe('tokenFromFragment', () => {
  it('reads the token of a link’s fragment', () => {
    expect(tokenFromFragment('#token=abc_DEF-123')).toBe('abc_DEF-123');
    expect(tokenFromFragment('token=abc')).toBe('abc');
    expect(tokenFromFragment('#token=abc&lang=fi')).toBe('abc');
    expect(tokenFromFragment('#lang=fi&token=abc')).toBe('abc');
  });

  it('decodes what was percent-encoded', () => {
    expect(tokenFromFragment('#token=a%2Bb%3D')).toBe('a+b=');
  });

  it('finds nothing in an empty, token-less or blank fragment', () => {
    expect(tokenFromFragment('')).toBeNull();
    expect(tokenFromFragment('#')).toBeNull();
    expect(tokenFromFragment('#comment-1')).toBeNull();
    expect(tokenFromFragment('#token=')).toBeNull();
    expect(tokenFromFragment('#token=%20')).toBeNull();
  });
});

describe('waitTime', () => {
  it('counts seconds under a minute and a half', () => {
    expect(waitTime(1)).toEqual({ unit: 'seconds', count: 1 });
    expect(waitTime(59.2)).toEqual({ unit: 'seconds', count: 60 });
    expect(waitTime(89)).toEqual({ unit: 'seconds', count: 89 });
  });

  it('counts whole minutes, rounded up, after that', () => {
    expect(waitTime(90)).toEqual({ unit: 'minutes', count: 2 });
    expect(waitTime(120)).toEqual({ unit: 'minutes', count: 2 });
    expect(waitTime(121)).toEqual({ unit: 'minutes', count: 3 });
    expect(waitTime(3600)).toEqual({ unit: 'minutes', count: 60 });
  });

  it('never says to wait nothing', () => {
    expect(waitTime(0)).toEqual({ unit: 'seconds', count: 1 });
    expect(waitTime(-5)).toEqual({ unit: 'seconds', count: 1 });
  });
});
