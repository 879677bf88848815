import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys, proposalKeys } from '@/lib/query-keys';

export type CreateProposalInput = components['schemas']['CreateProposalRequest'];

export function createProposal(callId: string, body: CreateProposalInput) {
  return call(() => api.POST('/api/v1/calls/{id}/proposals', { params: { path: { id: callId } }, body }));
}

export function useCreateProposal(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateProposalInput) => createProposal(callId, body),
    onSuccess: async (p) => {
      qc.setQueryData(proposalKeys.detail(p.id), p);
      await Promise.all([qc.invalidateQueries({ queryKey: proposalKeys.lists() }), qc.invalidateQueries({ queryKey: callKeys.all })]);
    },
  });
}
