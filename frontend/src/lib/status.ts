/**
 * Status messages after an action ("Your proposal has been submitted."): one at a time, shown
 * and announced to screen readers by `StatusMessage` in the layout. A message belongs to a page
 * (the one the action leads to) and goes away when the reader leaves that page.
 */
import { useSyncExternalStore } from 'react';

export interface Status {
  id: number;
  message: string;
  /** The pathname the message belongs to. */
  path: string;
}

let current: Status | null = null;
let nextId = 1;
const listeners = new Set<() => void>();

function emit() {
  for (const l of listeners) l();
}

/** Shows `message` on the page at `path` (by default the current one, for actions that stay). */
export function announce(message: string, path: string = window.location.pathname) {
  current = { id: nextId++, message, path: path.split(/[?#]/)[0] ?? path };
  emit();
}

export function dismissStatus() {
  if (current === null) return;
  current = null;
  emit();
}

/** Called by the layout on every navigation: leaving the message's page ends it. */
export function locationChanged(pathname: string) {
  if (current !== null && current.path !== pathname) dismissStatus();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export function useStatus(): Status | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}
