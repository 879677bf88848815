import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { moderationKeys } from '@/lib/query-keys';
import type { components } from '@/lib/api/schema';

type CreateAppealRequest = components['schemas']['CreateAppealRequest'];

/** The longest appeal text, in characters. */
export const APPEAL_TEXT_MAX = 1000;

export function createAppeal(actionId: string, body: CreateAppealRequest) {
  return call(() => api.POST('/api/v1/moderation/actions/{id}/appeal', { params: { path: { id: actionId } }, body }));
}

/** The author appeals a hide or a rejection once; the history then shows the appeal's status. */
export function useCreateAppeal(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ actionId, text }: { actionId: string; text: string }) => createAppeal(actionId, { text }),
    onSuccess: () => qc.invalidateQueries({ queryKey: moderationKeys.history(proposalId) }),
  });
}
