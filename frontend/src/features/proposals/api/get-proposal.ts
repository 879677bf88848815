import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { proposalKeys } from '@/lib/query-keys';

export function getProposal(id: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/proposals/{id}', { params: { path: { id } }, signal }));
}

export const proposalQuery = (id: string) =>
  queryOptions({
    queryKey: proposalKeys.detail(id),
    queryFn: ({ signal }) => getProposal(id, signal),
    enabled: id !== '',
  });

export function useProposal(id: string) {
  return useQuery(proposalQuery(id));
}
