import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys, proposalKeys } from '@/lib/query-keys';

export function withdrawProposal(id: string) {
  return call(() => api.POST('/api/v1/proposals/{id}/withdraw', { params: { path: { id } } }));
}

/** Withdraws the viewer's own proposal; it keeps its thumbs and takes no new ones. */
export function useWithdrawProposal(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => withdrawProposal(id),
    onSuccess: async (p) => {
      qc.setQueryData(proposalKeys.detail(id), p);
      await Promise.all([qc.invalidateQueries({ queryKey: proposalKeys.lists() }), qc.invalidateQueries({ queryKey: callKeys.all })]);
    },
  });
}
