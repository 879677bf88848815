import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export type ThemeInput = components['schemas']['ThemeInput'];

export function createTheme(callId: string, body: ThemeInput) {
  return call(() => api.POST('/api/v1/calls/{id}/themes', { params: { path: { id: callId } }, body }));
}

export function useAddTheme(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ThemeInput) => createTheme(callId, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }),
  });
}
