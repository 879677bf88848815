import { useDeferredValue, type ReactNode } from 'react';

/**
 * Content that a screen's first view does not need, rendered in a second pass: React commits
 * (and the browser paints) what is above it first, then renders this in the background. On a
 * phone that brings the screen's main text onto the screen sooner (its largest paint), and
 * splits one long render into two shorter ones.
 *
 * Until then the main area fills the window (styles/layout.css), so that the footer waits
 * below the fold instead of being pushed down when this arrives.
 */
export function BelowTheFold({ children }: { children: ReactNode }) {
  const ready = useDeferredValue(true, false);
  return ready ? children : <div className="below-the-fold" />;
}
