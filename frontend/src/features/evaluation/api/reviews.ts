import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { evalApi } from '@/lib/eval-contract';
import type { ReviewBody } from '@/lib/eval-types';
import { call } from '@/lib/problem';
import { evaluationKeys } from '@/lib/query-keys';

/** The longest private note and conflict reason, in characters. */
export const NOTE_MAX = 4000;
export const CONFLICT_REASON_MAX = 500;

export function getReviews(proposalId: string, signal?: AbortSignal) {
  return call(() => evalApi.GET('/api/v1/proposals/{id}/reviews', { params: { path: { id: proposalId } }, signal }));
}

export const reviewsQuery = (proposalId: string) =>
  queryOptions({ queryKey: evaluationKeys.reviews(proposalId), queryFn: ({ signal }) => getReviews(proposalId, signal) });

/** The criteria, the viewer's own review and, once it is submitted, the others'. */
export function useReviews(proposalId: string, enabled = true) {
  return useQuery({ ...reviewsQuery(proposalId), enabled, retry: false });
}

export function useSaveReview(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReviewBody) =>
      call(() => evalApi.PUT('/api/v1/proposals/{id}/reviews/mine', { params: { path: { id: proposalId } }, body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}

/** Saves the form first, then submits: a submitted review is final. */
export function useSubmitReview(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: ReviewBody) => {
      await call(() => evalApi.PUT('/api/v1/proposals/{id}/reviews/mine', { params: { path: { id: proposalId } }, body }));
      return call(() => evalApi.POST('/api/v1/proposals/{id}/reviews/mine/submit', { params: { path: { id: proposalId } } }));
    },
    onSettled: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}

export function useDeclareConflict(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      call(() =>
        evalApi.PUT('/api/v1/proposals/{id}/conflict', { params: { path: { id: proposalId } }, body: { reason: reason || null } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}

export function useWithdrawConflict(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => evalApi.DELETE('/api/v1/proposals/{id}/conflict', { params: { path: { id: proposalId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: evaluationKeys.all }),
  });
}
