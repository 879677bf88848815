import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';

export type SimilarProposals = components['schemas']['SimilarProposals'];
export type SimilarProposal = components['schemas']['SimilarProposal'];

/** What the panel compares: the draft as typed, and the proposal being edited (left out). */
export interface SimilarDraft {
  title: string;
  summary: string;
}

export const similarKeys = {
  all: ['similar'] as const,
  draft: (callId: string, excludeId: string | undefined, draft: SimilarDraft) =>
    [...similarKeys.all, 'draft', callId, excludeId ?? null, draft.title, draft.summary] as const,
  duplicates: (proposalId: string) => [...similarKeys.all, 'duplicates', proposalId] as const,
};

export function findSimilar(callId: string, excludeId: string | undefined, draft: SimilarDraft, signal?: AbortSignal) {
  return call(() =>
    api.POST('/api/v1/calls/{id}/similar-proposals', {
      params: { path: { id: callId } },
      body: { title: draft.title, summary: draft.summary || undefined, exclude_id: excludeId, limit: 5 },
      signal,
    }),
  );
}

/**
 * The proposals like the draft. The key holds the (already debounced) text, so a stale request
 * is cancelled by TanStack Query when the key moves on (its `signal`), and the last answer stays
 * on screen while the next one loads.
 */
export function useSimilarProposals(callId: string, excludeId: string | undefined, draft: SimilarDraft, enabled: boolean) {
  return useQuery({
    queryKey: similarKeys.draft(callId, excludeId, draft),
    queryFn: ({ signal }) => findSimilar(callId, excludeId, draft, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

/** A proposal's possible duplicates, for moderators. */
export function usePossibleDuplicates(proposalId: string) {
  return useQuery({
    queryKey: similarKeys.duplicates(proposalId),
    queryFn: ({ signal }) =>
      call(() => api.GET('/api/v1/proposals/{id}/similar', { params: { path: { id: proposalId }, query: { limit: 5 } }, signal })),
  });
}
