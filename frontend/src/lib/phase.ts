import type { ErrorCode } from './problem';
import type { Phase } from './types';

export type CallAction = 'submit' | 'thumb' | 'comment';

/** The phases in which a call takes each action (as `siilo_domain::calls` decides). */
const TAKES: Record<CallAction, readonly Phase[]> = {
  submit: ['open'],
  thumb: ['open', 'voting'],
  comment: ['open', 'voting'],
};

/** The refusal that says the call takes no such action now. */
const CLOSED: Record<CallAction, ErrorCode> = {
  submit: 'call_not_open',
  thumb: 'call_not_accepting_thumbs',
  comment: 'call_not_accepting_comments',
};

/** Phases after which a call takes nothing any more. */
export const CLOSED_PHASES: readonly Phase[] = ['review', 'results', 'archived'];

/**
 * The reason to show for a refused action. A call that takes no such action now says so, even
 * when the server answered `unauthenticated` first: signing in would not help a visitor.
 */
export function refusalInPhase(code: ErrorCode | null | undefined, phase: Phase | undefined, action: CallAction) {
  if (code === 'unauthenticated' && phase !== undefined && !TAKES[action].includes(phase)) return CLOSED[action];
  return code;
}
