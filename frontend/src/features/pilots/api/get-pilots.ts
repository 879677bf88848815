import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { pilotKeys } from '@/lib/query-keys';
import type { PilotFilters } from './types';

/** Pilots per page of the showcase. */
export const PILOTS_PAGE = 12;

export function getPilots(f: PilotFilters, cursor: string | undefined, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/pilots', { params: { query: { ...f, limit: PILOTS_PAGE, cursor } }, signal }));
}

export const pilotsQuery = (f: PilotFilters) =>
  infiniteQueryOptions({
    queryKey: pilotKeys.list(f),
    queryFn: ({ pageParam, signal }) => getPilots(f, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** The pilots showcase, newest start first, a page at a time. */
export function usePilots(f: PilotFilters) {
  return useInfiniteQuery(pilotsQuery(f));
}
