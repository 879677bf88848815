import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { proposalKeys, type ProposalFilters } from '@/lib/query-keys';

export const PAGE_SIZE = 20;

export function getProposals(callId: string, f: ProposalFilters, cursor: string | undefined, signal?: AbortSignal) {
  return call(() =>
    api.GET('/api/v1/calls/{id}/proposals', {
      params: {
        path: { id: callId },
        query: {
          sort: f.sort,
          // The seed only shapes the random order; other sorts ignore it.
          seed: f.sort === 'random' ? f.seed : undefined,
          theme: f.theme || undefined,
          organisation: f.organisation || undefined,
          min_reach: f.min_reach,
          q: f.q || undefined,
          mine: f.mine || undefined,
          limit: PAGE_SIZE,
          cursor,
        },
      },
      signal,
    }),
  );
}

export const proposalsQuery = (callId: string, filters: ProposalFilters) =>
  infiniteQueryOptions({
    queryKey: proposalKeys.list(callId, filters),
    queryFn: ({ pageParam, signal }) => getProposals(callId, filters, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled: callId !== '',
  });

export function useProposals(callId: string, filters: ProposalFilters) {
  return useInfiniteQuery(proposalsQuery(callId, filters));
}
