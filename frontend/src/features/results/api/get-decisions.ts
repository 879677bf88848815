import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import { call } from '@/lib/problem';
import { resultKeys } from '@/lib/query-keys';

export function getDecisions(callId: string, cursor: string | undefined, signal?: AbortSignal) {
  return call(() =>
    evalApi.GET('/api/v1/calls/{id}/decisions', { params: { path: { id: callId }, query: { limit: 50, cursor } }, signal }),
  );
}

export const decisionsQuery = (callId: string) =>
  infiniteQueryOptions({
    queryKey: resultKeys.decisions(callId),
    queryFn: ({ pageParam, signal }) => getDecisions(callId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** A call's decisions: selected first, then shortlisted, then not selected (published ones for all). */
export function useDecisions(callId: string) {
  return useInfiniteQuery(decisionsQuery(callId));
}
