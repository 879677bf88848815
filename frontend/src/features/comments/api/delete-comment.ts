import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys, commentKeys, proposalKeys } from '@/lib/query-keys';

export function deleteComment(id: string) {
  return call(() => api.DELETE('/api/v1/comments/{id}', { params: { path: { id } } }));
}

/** Deletes a comment; a tombstone stays in the thread, and the counts follow. */
export function useDeleteComment(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteComment(id),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
        qc.invalidateQueries({ queryKey: callKeys.all }),
      ]),
  });
}
