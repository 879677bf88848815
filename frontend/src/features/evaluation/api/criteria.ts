import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import type { CriteriaBody } from '@/lib/eval-types';
import { call } from '@/lib/problem';
import { evaluationKeys } from '@/lib/query-keys';

/** The limits the contract states for a criterion. */
export const CRITERION_NAME_MAX = 120;
export const CRITERION_DESCRIPTION_MAX = 1000;
export const CRITERIA_MAX = 10;
export const WEIGHT_MAX = 100;

export function getCriteria(callId: string, signal?: AbortSignal) {
  return call(() => evalApi.GET('/api/v1/calls/{id}/criteria', { params: { path: { id: callId } }, signal }));
}

export const criteriaQuery = (callId: string) =>
  queryOptions({ queryKey: evaluationKeys.criteria(callId), queryFn: ({ signal }) => getCriteria(callId, signal), enabled: callId !== '' });

/** A call's evaluation criteria, public like the call. */
export function useCriteria(callId: string) {
  return useQuery(criteriaQuery(callId));
}

/** Replaces the list (known ids keep theirs, so draft scores survive) until a review is submitted. */
export function useSaveCriteria(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CriteriaBody) => call(() => evalApi.PUT('/api/v1/calls/{id}/criteria', { params: { path: { id: callId } }, body })),
    onSuccess: (data) => {
      qc.setQueryData(evaluationKeys.criteria(callId), data);
      return qc.invalidateQueries({ queryKey: evaluationKeys.all });
    },
  });
}
