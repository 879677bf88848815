import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export function publishCall(id: string) {
  return call(() => api.POST('/api/v1/calls/{id}/publish', { params: { path: { id } } }));
}

/** Makes a draft visible; from then on its phase follows its window. */
export function usePublishCall(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => publishCall(id), onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }) });
}
