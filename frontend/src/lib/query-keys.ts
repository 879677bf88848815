/**
 * Query key factories, in one place because features invalidate each other's data (a comment
 * changes its proposal's count; a thumb changes the call's). Query options use these keys and
 * invalidations reuse them, so no key is ever typed twice.
 */
import type { ContentKind, LogAction, ProposalSort, Role } from './types';

export interface ProposalFilters {
  sort: ProposalSort;
  seed?: number;
  theme?: string;
  organisation?: string;
  q?: string;
  mine?: boolean;
  /** Only proposals reaching at least this many administrative branches (2: cross-administrative). */
  min_reach?: number;
}

export const callKeys = {
  all: ['calls'] as const,
  list: () => [...callKeys.all, 'list'] as const,
  detail: (ref: string) => [...callKeys.all, 'detail', ref] as const,
};

/** A call's news (*Ajankohtaista*), by call id. */
export const callNewsKeys = {
  all: ['call-news'] as const,
  list: (callId: string) => [...callNewsKeys.all, callId] as const,
};

export const proposalKeys = {
  all: ['proposals'] as const,
  lists: () => [...proposalKeys.all, 'list'] as const,
  list: (callId: string, filters: ProposalFilters) => [...proposalKeys.lists(), callId, filters] as const,
  details: () => [...proposalKeys.all, 'detail'] as const,
  detail: (id: string) => [...proposalKeys.details(), id] as const,
};

export const commentKeys = {
  all: ['comments'] as const,
  list: (proposalId: string) => [...commentKeys.all, proposalId] as const,
};

export const notificationKeys = {
  all: ['notifications'] as const,
};

export const userKeys = {
  all: ['users'] as const,
  list: (filters: { q?: string; role?: Role; blocked?: boolean }) => [...userKeys.all, filters] as const,
};

export const moderationKeys = {
  all: ['moderation'] as const,
  queue: (filters: { call_id?: string; kind?: ContentKind }) => [...moderationKeys.all, 'queue', filters] as const,
  queues: () => [...moderationKeys.all, 'queue'] as const,
  log: (filters: { target_id?: string; actor_id?: string; call_id?: string; action?: LogAction; from?: string; to?: string }) =>
    [...moderationKeys.all, 'log', filters] as const,
  logs: () => [...moderationKeys.all, 'log'] as const,
  /** A proposal's moderation history (itself and its comments). */
  history: (proposalId: string) => [...moderationKeys.all, 'history', proposalId] as const,
};

export const evaluationKeys = {
  all: ['evaluation'] as const,
  mine: () => [...evaluationKeys.all, 'mine'] as const,
  criteria: (callId: string) => [...evaluationKeys.all, 'criteria', callId] as const,
  evaluators: (callId: string) => [...evaluationKeys.all, 'evaluators', callId] as const,
  reviews: (proposalId: string) => [...evaluationKeys.all, 'reviews', proposalId] as const,
  rankings: (callId: string) => [...evaluationKeys.all, 'ranking', callId] as const,
  ranking: (callId: string, sort: string) => [...evaluationKeys.rankings(callId), sort] as const,
  progress: (callId: string) => [...evaluationKeys.all, 'progress', callId] as const,
};

export const resultKeys = {
  all: ['results'] as const,
  decisions: (callId: string) => [...resultKeys.all, 'decisions', callId] as const,
};

export const pilotKeys = {
  all: ['pilots'] as const,
  lists: () => [...pilotKeys.all, 'list'] as const,
  list: (filters: { status?: string; organisation_id?: string; call_id?: string; year?: number }) =>
    [...pilotKeys.lists(), filters] as const,
  detail: (id: string) => [...pilotKeys.all, 'detail', id] as const,
  updates: (id: string) => [...pilotKeys.all, 'updates', id] as const,
  /** The selected proposals of a call's published results, for a new pilot. */
  selected: (callId: string) => [...pilotKeys.all, 'selected', callId] as const,
};

export const statsKeys = {
  all: ['stats'] as const,
  call: (callId: string) => [...statsKeys.all, callId] as const,
};

/** The account's identity and email settings (issue 13). */
export const identityKeys = {
  all: ['identity'] as const,
  sso: () => [...identityKeys.all, 'sso'] as const,
  organisationChoices: () => [...identityKeys.all, 'organisation-choices'] as const,
  emailSettings: () => [...identityKeys.all, 'email-settings'] as const,
  unsubscribe: (token: string) => [...identityKeys.all, 'unsubscribe', token] as const,
};
