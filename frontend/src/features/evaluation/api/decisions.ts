import { useMutation, useQueryClient } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import type { DecisionBody } from '@/lib/eval-types';
import { call } from '@/lib/problem';
import { callKeys, evaluationKeys, proposalKeys, resultKeys } from '@/lib/query-keys';

/** The longest public answer per language, in characters. */
export const ANSWER_MAX = 4000;

export function useDecide(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DecisionBody) =>
      call(() => evalApi.PUT('/api/v1/proposals/{id}/decision', { params: { path: { id: proposalId } }, body })),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: evaluationKeys.all }),
        qc.invalidateQueries({ queryKey: resultKeys.all }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
      ]),
  });
}

export function useUndecide(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => evalApi.DELETE('/api/v1/proposals/{id}/decision', { params: { path: { id: proposalId } } })),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: evaluationKeys.all }), qc.invalidateQueries({ queryKey: resultKeys.all })]),
  });
}

/** Publishes every decision of the call at once; the call moves to `results`. */
export function usePublishResults(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => evalApi.POST('/api/v1/calls/{id}/results', { params: { path: { id: callId } } })),
    onSettled: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: callKeys.all }),
        qc.invalidateQueries({ queryKey: evaluationKeys.all }),
        qc.invalidateQueries({ queryKey: resultKeys.all }),
        qc.invalidateQueries({ queryKey: proposalKeys.all }),
      ]),
  });
}
