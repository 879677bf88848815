import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export type UpdateCallInput = components['schemas']['UpdateCallRequest'];

export function updateCall(id: string, body: UpdateCallInput) {
  return call(() => api.PATCH('/api/v1/calls/{id}', { params: { path: { id } }, body }));
}

export function useUpdateCall(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateCallInput) => updateCall(id, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }),
  });
}
