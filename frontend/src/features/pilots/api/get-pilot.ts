import { infiniteQueryOptions, queryOptions, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { call } from '@/lib/problem';
import { pilotKeys } from '@/lib/query-keys';
import { api } from '@/lib/api-client';

export function getPilot(id: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/pilots/{id}', { params: { path: { id } }, signal }));
}

export const pilotQuery = (id: string) => queryOptions({ queryKey: pilotKeys.detail(id), queryFn: ({ signal }) => getPilot(id, signal) });

export function usePilot(id: string) {
  return useQuery(pilotQuery(id));
}

export function getUpdates(id: string, cursor: string | undefined, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/pilots/{id}/updates', { params: { path: { id }, query: { limit: 20, cursor } }, signal }));
}

/** A pilot's progress updates, newest first. */
export function usePilotUpdates(id: string) {
  return useInfiniteQuery(
    infiniteQueryOptions({
      queryKey: pilotKeys.updates(id),
      queryFn: ({ pageParam, signal }) => getUpdates(id, pageParam, signal),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.next_cursor ?? undefined,
    }),
  );
}
