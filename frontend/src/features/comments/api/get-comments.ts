import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { commentKeys } from '@/lib/query-keys';
import type { CommentPage } from '@/lib/types';

export function getComments(proposalId: string, cursor: string | undefined, signal?: AbortSignal): Promise<CommentPage> {
  return call(() =>
    api.GET('/api/v1/proposals/{id}/comments', {
      params: { path: { id: proposalId }, query: { limit: 50, cursor } },
      signal,
    }),
  );
}

export const commentsQuery = (proposalId: string) =>
  infiniteQueryOptions({
    queryKey: commentKeys.list(proposalId),
    queryFn: ({ pageParam, signal }) => getComments(proposalId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useComments(proposalId: string) {
  return useInfiniteQuery(commentsQuery(proposalId));
}
