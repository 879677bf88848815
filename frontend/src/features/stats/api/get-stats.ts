import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { statsKeys } from '@/lib/query-keys';

export function getStats(callId: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/calls/{id}/stats', { params: { path: { id: callId } }, signal }));
}

export const statsQuery = (callId: string) =>
  queryOptions({ queryKey: statsKeys.call(callId), queryFn: ({ signal }) => getStats(callId, signal) });

/** A call's statistics (public): counts, per day, per theme, per organisation. */
export function useCallStats(callId: string) {
  return useQuery(statsQuery(callId));
}
