import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { proposalKeys } from '@/lib/query-keys';

export type UpdateProposalInput = components['schemas']['UpdateProposalRequest'];

export function updateProposal(id: string, body: UpdateProposalInput) {
  return call(() => api.PATCH('/api/v1/proposals/{id}', { params: { path: { id } }, body }));
}

export function useUpdateProposal(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateProposalInput) => updateProposal(id, body),
    onSuccess: async (p) => {
      qc.setQueryData(proposalKeys.detail(id), p);
      await qc.invalidateQueries({ queryKey: proposalKeys.lists() });
    },
  });
}
