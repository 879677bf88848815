import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { moderationKeys } from '@/lib/query-keys';
import type { LogFilters } from './types';

export function getLog(f: LogFilters, cursor: string | undefined, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/moderation/log', { params: { query: { ...f, limit: 50, cursor } }, signal }));
}

export const logQuery = (f: LogFilters) =>
  infiniteQueryOptions({
    queryKey: moderationKeys.log(f),
    queryFn: ({ pageParam, signal }) => getLog(f, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** The audit log, newest first. */
export function useLog(f: LogFilters) {
  return useInfiniteQuery(logQuery(f));
}
