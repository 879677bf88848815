import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { commentKeys } from '@/lib/query-keys';

export function updateComment(id: string, body: string) {
  return call(() => api.PATCH('/api/v1/comments/{id}', { params: { path: { id } }, body: { body } }));
}

export function useUpdateComment(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) => updateComment(id, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
  });
}
