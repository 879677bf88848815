import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

/** A call by id or slug. */
export function getCall(ref: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/calls/{id}', { params: { path: { id: ref } }, signal }));
}

export const callQuery = (ref: string) =>
  queryOptions({
    queryKey: callKeys.detail(ref),
    queryFn: ({ signal }) => getCall(ref, signal),
    enabled: ref !== '',
  });

export function useCall(ref: string) {
  return useQuery(callQuery(ref));
}
