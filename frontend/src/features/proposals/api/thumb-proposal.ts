import { useMutation, useQueryClient, type InfiniteData, type QueryKey } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys, proposalKeys } from '@/lib/query-keys';
import type { Proposal, ProposalPage, ProposalSummary } from '@/lib/types';

export function setThumb(id: string, thumbed: boolean) {
  const params = { params: { path: { id } } };
  return call(() => (thumbed ? api.PUT('/api/v1/proposals/{id}/thumb', params) : api.DELETE('/api/v1/proposals/{id}/thumb', params)));
}

type Cached = Proposal | InfiniteData<ProposalPage> | undefined;

function patch(data: Cached, id: string, change: (p: ProposalSummary) => ProposalSummary): Cached {
  if (!data) return data;
  if ('pages' in data) {
    return { ...data, pages: data.pages.map((page) => ({ ...page, items: page.items.map((p) => (p.id === id ? change(p) : p)) })) };
  }
  return data.id === id ? { ...data, ...change(data) } : data;
}

/**
 * Thumb up or take back, shown at once in every cached copy of the proposal (its page and the
 * lists), rolled back if the server refuses; the server's exact count wins when it answers.
 */
export function useThumb() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, thumbed }: { id: string; thumbed: boolean }) => setThumb(id, thumbed),
    onMutate: async ({ id, thumbed }) => {
      await qc.cancelQueries({ queryKey: proposalKeys.all });
      const snapshot = qc.getQueriesData<Cached>({ queryKey: proposalKeys.all });
      qc.setQueriesData<Cached>({ queryKey: proposalKeys.all }, (data) =>
        patch(data, id, (p) =>
          p.viewer_thumbed === thumbed
            ? p
            : { ...p, viewer_thumbed: thumbed, thumb_count: Math.max(0, p.thumb_count + (thumbed ? 1 : -1)) },
        ),
      );
      return { snapshot };
    },
    onError: (_e, _v, ctx) => {
      for (const [key, data] of ctx?.snapshot ?? ([] as [QueryKey, Cached][])) qc.setQueryData(key, data);
    },
    onSuccess: (state, { id }) => {
      qc.setQueriesData<Cached>({ queryKey: proposalKeys.all }, (data) =>
        patch(data, id, (p) => ({ ...p, viewer_thumbed: state.thumbed, thumb_count: state.thumb_count })),
      );
    },
    onSettled: async () => {
      // Other proposals may change too (a per-user thumb limit), and so do the call's counts.
      await Promise.all([qc.invalidateQueries({ queryKey: proposalKeys.all }), qc.invalidateQueries({ queryKey: callKeys.all })]);
    },
  });
}
