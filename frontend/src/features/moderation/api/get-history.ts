import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { moderationKeys } from '@/lib/query-keys';

export function getHistory(proposalId: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/proposals/{id}/moderation', { params: { path: { id: proposalId } }, signal }));
}

export const historyQuery = (proposalId: string) =>
  queryOptions({
    queryKey: moderationKeys.history(proposalId),
    queryFn: ({ signal }) => getHistory(proposalId, signal),
    enabled: proposalId !== '',
  });

/** What moderation did to a proposal and its comments, oldest first. */
export function useHistory(proposalId: string) {
  return useQuery(historyQuery(proposalId));
}
