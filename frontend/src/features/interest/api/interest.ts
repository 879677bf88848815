import { queryOptions, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys, proposalKeys } from '@/lib/query-keys';

export type InterestList = components['schemas']['InterestList'];
export type InterestGroup = components['schemas']['InterestGroup'];
export type InterestRequest = components['schemas']['InterestRequest'];
export type FollowList = components['schemas']['FollowList'];

export const interestKeys = {
  all: ['interests'] as const,
  list: (proposalId: string) => [...interestKeys.all, proposalId] as const,
  follows: () => ['follows', 'mine'] as const,
};

const path = (id: string) => ({ params: { path: { id } } });

export const interestsQuery = (proposalId: string) =>
  queryOptions({
    queryKey: interestKeys.list(proposalId),
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/proposals/{id}/interests', { ...path(proposalId), signal })),
  });

export function useInterests(proposalId: string) {
  return useQuery(interestsQuery(proposalId));
}

function interestChanged(qc: QueryClient, proposalId: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: interestKeys.list(proposalId) }),
    qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
  ]);
}

/** Declare (or update) the viewer's interest in a proposal. */
export function useDeclareInterest(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InterestRequest) => call(() => api.PUT('/api/v1/proposals/{id}/interest', { ...path(proposalId), body })),
    onSuccess: () => interestChanged(qc, proposalId),
  });
}

/** Withdraw the viewer's interest. */
export function useWithdrawInterest(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => api.DELETE('/api/v1/proposals/{id}/interest', path(proposalId))),
    onSuccess: () => interestChanged(qc, proposalId),
  });
}

/** Follow or stop following a proposal. */
export function useFollowProposal(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      call(() =>
        follow ? api.PUT('/api/v1/proposals/{id}/follow', path(proposalId)) : api.DELETE('/api/v1/proposals/{id}/follow', path(proposalId)),
      ),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
        qc.invalidateQueries({ queryKey: interestKeys.follows() }),
      ]),
  });
}

/** Follow or stop following a call. */
export function useFollowCall(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      call(() => (follow ? api.PUT('/api/v1/calls/{id}/follow', path(callId)) : api.DELETE('/api/v1/calls/{id}/follow', path(callId)))),
    onSuccess: () =>
      Promise.all([qc.invalidateQueries({ queryKey: callKeys.all }), qc.invalidateQueries({ queryKey: interestKeys.follows() })]),
  });
}

export const myFollowsQuery = () =>
  queryOptions({
    queryKey: interestKeys.follows(),
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/me/follows', { signal })),
  });

export function useMyFollows() {
  return useQuery(myFollowsQuery());
}
