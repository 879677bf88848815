/**
 * How long to wait, as a person says it: seconds under a minute and a half, whole minutes
 * (rounded up) after that. Used with a `Retry-After` (`ApiProblem.retryAfter`).
 */
export type WaitTime = { unit: 'seconds' | 'minutes'; count: number };

export function waitTime(seconds: number): WaitTime {
  const s = Math.max(1, Math.ceil(seconds));
  return s < 90 ? { unit: 'seconds', count: s } : { unit: 'minutes', count: Math.ceil(s / 60) };
}
