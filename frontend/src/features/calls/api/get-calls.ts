import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export function getCalls(signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/calls', { signal }));
}

export const callsQuery = () =>
  queryOptions({
    queryKey: callKeys.list(),
    queryFn: ({ signal }) => getCalls(signal),
  });

export function useCalls() {
  return useQuery(callsQuery());
}
