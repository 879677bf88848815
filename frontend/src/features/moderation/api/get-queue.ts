import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { moderationKeys } from '@/lib/query-keys';
import type { QueueFilters } from './types';

export function getQueue(f: QueueFilters, cursor: string | undefined, signal?: AbortSignal) {
  return call(() =>
    api.GET('/api/v1/moderation/queue', { params: { query: { call_id: f.call_id, kind: f.kind, limit: 20, cursor } }, signal }),
  );
}

export const queueQuery = (f: QueueFilters) =>
  infiniteQueryOptions({
    queryKey: moderationKeys.queue(f),
    queryFn: ({ pageParam, signal }) => getQueue(f, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** Undecided appeals first, then reported items and pending proposals, oldest first. */
export function useQueue(f: QueueFilters) {
  return useInfiniteQuery(queueQuery(f));
}
