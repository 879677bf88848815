import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { commentKeys, moderationKeys, notificationKeys, proposalKeys } from '@/lib/query-keys';
import type { AppealDecisionRequest, ModerationActionRequest } from './types';

/** The longest reason and public note, in characters. */
export const MODERATION_TEXT_MAX = 1000;

export function takeAction(body: ModerationActionRequest) {
  return call(() => api.POST('/api/v1/moderation/actions', { body }));
}

export function decideAppeal(appealId: string, body: AppealDecisionRequest) {
  return call(() => api.POST('/api/v1/moderation/appeals/{id}/decision', { params: { path: { id: appealId } }, body }));
}

/** Everything a moderation act may change: the queue, the log, the content and its history. */
function moderated(qc: QueryClient, proposalId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: moderationKeys.all }),
    qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
    qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
    qc.invalidateQueries({ queryKey: commentKeys.list(proposalId) }),
    qc.invalidateQueries({ queryKey: notificationKeys.all }),
  ]);
}

/** Hide, restore, approve, reject or dismiss reports, with a reason for the author. */
export function useTakeAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ body }: { body: ModerationActionRequest; proposalId: string }) => takeAction(body),
    onSuccess: (_entry, { proposalId }) => moderated(qc, proposalId),
  });
}

/** Upholds or overturns an appeal (not one against the moderator's own action). */
export function useDecideAppeal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ appealId, body }: { appealId: string; body: AppealDecisionRequest; proposalId: string }) => decideAppeal(appealId, body),
    onSuccess: (_appeal, { proposalId }) => moderated(qc, proposalId),
  });
}
