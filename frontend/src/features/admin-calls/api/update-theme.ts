import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

type Texts = components['schemas']['FinnishRequiredText'];

export function updateTheme(callId: string, themeId: string, name: Texts) {
  return call(() =>
    api.PATCH('/api/v1/calls/{id}/themes/{theme_id}', { params: { path: { id: callId, theme_id: themeId } }, body: { name } }),
  );
}

export function useUpdateTheme(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ themeId, name }: { themeId: string; name: Texts }) => updateTheme(callId, themeId, name),
    onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }),
  });
}
