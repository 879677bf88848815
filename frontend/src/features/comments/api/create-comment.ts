import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys, commentKeys, proposalKeys } from '@/lib/query-keys';

export type CreateCommentInput = components['schemas']['CreateCommentRequest'];

export function createComment(proposalId: string, body: CreateCommentInput) {
  return call(() => api.POST('/api/v1/proposals/{id}/comments', { params: { path: { id: proposalId } }, body }));
}

/** Posts a comment or a reply; the thread and the counts of the proposal and call follow. */
export function useCreateComment(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCommentInput) => createComment(proposalId, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
        qc.invalidateQueries({ queryKey: callKeys.all }),
      ]),
  });
}
