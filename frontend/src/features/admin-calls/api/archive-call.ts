import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export function archiveCall(id: string) {
  return call(() => api.POST('/api/v1/calls/{id}/archive', { params: { path: { id } } }));
}

export function useArchiveCall(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => archiveCall(id), onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }) });
}
