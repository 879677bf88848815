import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { evalApi } from '@/lib/eval-contract';
import { call } from '@/lib/problem';
import { evaluationKeys } from '@/lib/query-keys';

export function getEvaluators(callId: string, signal?: AbortSignal) {
  return call(() => evalApi.GET('/api/v1/calls/{id}/evaluators', { params: { path: { id: callId } }, signal }));
}

export const evaluatorsQuery = (callId: string) =>
  queryOptions({ queryKey: evaluationKeys.evaluators(callId), queryFn: ({ signal }) => getEvaluators(callId, signal) });

/** The evaluators assigned to a call, with their progress (admins). */
export function useEvaluators(callId: string) {
  return useQuery(evaluatorsQuery(callId));
}

/** Users holding the evaluator role whose name or address matches (admins). */
export function useEvaluatorCandidates(q: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: [...evaluationKeys.all, 'candidates', q],
    queryFn: ({ signal }) =>
      call(() => api.GET('/api/v1/users', { params: { query: { role: 'evaluator', q: q || undefined, limit: 50 } }, signal })),
  });
}

export function useAssignEvaluator(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      call(() => evalApi.PUT('/api/v1/calls/{id}/evaluators/{user_id}', { params: { path: { id: callId, user_id: userId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}

export function useRemoveEvaluator(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      call(() => evalApi.DELETE('/api/v1/calls/{id}/evaluators/{user_id}', { params: { path: { id: callId, user_id: userId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}
