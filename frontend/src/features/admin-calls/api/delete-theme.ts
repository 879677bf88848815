import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export function deleteTheme(callId: string, themeId: string) {
  return call(() => api.DELETE('/api/v1/calls/{id}/themes/{theme_id}', { params: { path: { id: callId, theme_id: themeId } } }));
}

/** Deletes a theme; its proposals stay, without a theme. */
export function useDeleteTheme(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (themeId: string) => deleteTheme(callId, themeId),
    onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }),
  });
}
