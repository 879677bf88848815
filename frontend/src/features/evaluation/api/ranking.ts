import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import type { RankingSort } from '@/lib/eval-types';
import { call } from '@/lib/problem';
import { evaluationKeys } from '@/lib/query-keys';

export function getRanking(callId: string, sort: RankingSort, cursor: string | undefined, signal?: AbortSignal) {
  return call(() =>
    evalApi.GET('/api/v1/calls/{id}/ranking', { params: { path: { id: callId }, query: { sort, limit: 50, cursor } }, signal }),
  );
}

export const rankingQuery = (callId: string, sort: RankingSort) =>
  infiniteQueryOptions({
    queryKey: evaluationKeys.ranking(callId, sort),
    queryFn: ({ pageParam, signal }) => getRanking(callId, sort, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** The call's proposals with their scores, in the chosen order (assigned evaluators and admins). */
export function useRanking(callId: string, sort: RankingSort) {
  return useInfiniteQuery({ ...rankingQuery(callId, sort), retry: false });
}

export const progressQuery = (callId: string) =>
  queryOptions({
    queryKey: evaluationKeys.progress(callId),
    queryFn: ({ signal }) => call(() => evalApi.GET('/api/v1/calls/{id}/review-progress', { params: { path: { id: callId } }, signal })),
  });

/** Who has reviewed what. */
export function useProgress(callId: string) {
  return useQuery({ ...progressQuery(callId), retry: false });
}
