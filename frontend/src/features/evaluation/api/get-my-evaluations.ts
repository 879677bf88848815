import { queryOptions, useQuery } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import { call } from '@/lib/problem';
import { evaluationKeys } from '@/lib/query-keys';

export function getMyEvaluations(signal?: AbortSignal) {
  return call(() => evalApi.GET('/api/v1/me/evaluations', { signal }));
}

export const myEvaluationsQuery = () =>
  queryOptions({ queryKey: evaluationKeys.mine(), queryFn: ({ signal }) => getMyEvaluations(signal) });

/** The calls the signed-in user evaluates, with their progress (empty for everyone else). */
export function useMyEvaluations(enabled = true) {
  return useQuery({ ...myEvaluationsQuery(), enabled });
}
