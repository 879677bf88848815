import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { evalApi } from '@/lib/eval-contract';
import { call } from '@/lib/problem';
import { commentKeys, proposalKeys } from '@/lib/query-keys';

/** The longest merge reason, in characters. */
export const MERGE_REASON_MAX = 1000;

/** Proposals of the call to merge into, found by their words (or the newest without any). */
export function useMergeCandidates(callId: string, q: string) {
  return useQuery({
    queryKey: [...proposalKeys.all, 'merge-candidates', callId, q],
    queryFn: ({ signal }) =>
      call(() =>
        api.GET('/api/v1/calls/{id}/proposals', {
          params: { path: { id: callId }, query: q.trim() ? { q: q.trim(), limit: 20 } : { sort: 'newest', limit: 20 } },
          signal,
        }),
      ),
    enabled: callId !== '',
  });
}

export function useMerge(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { into: string; reason: string }) =>
      call(() => evalApi.POST('/api/v1/proposals/{id}/merge', { params: { path: { id: proposalId } }, body })),
    onSuccess: (merged) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: proposalKeys.detail(merged.source.id) }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(merged.target.id) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
        qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
      ]),
  });
}
