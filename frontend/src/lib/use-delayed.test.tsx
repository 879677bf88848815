import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useDelayed } from './use-delayed';

describe('useDelayed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('turns true only after the flag has stayed true for the delay', () => {
    const { result, rerender } = renderHook(({ flag }) => useDelayed(flag, 400), { initialProps: { flag: true } });
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(399));
    expect(result.current).toBe(false);
    act(() => vi.advanceTimersByTime(1));
    expect(result.current).toBe(true);
    rerender({ flag: false });
    expect(result.current).toBe(false);
  });

  it('says nothing of a change quicker than the delay', () => {
    const { result, rerender } = renderHook(({ flag }) => useDelayed(flag, 400), { initialProps: { flag: true } });
    act(() => vi.advanceTimersByTime(200));
    rerender({ flag: false });
    act(() => vi.advanceTimersByTime(1000));
    expect(result.current).toBe(false);
  });
});
