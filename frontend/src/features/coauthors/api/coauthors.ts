import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { notificationKeys, proposalKeys } from '@/lib/query-keys';
import type { components } from '@/lib/api/schema';

export type Coauthor = components['schemas']['Coauthor'];
export type Invitation = components['schemas']['Invitation'];

/** Keys of the co-author data: a proposal's rows (for its team) and the viewer's invitations. */
export const coauthorKeys = {
  all: ['coauthors'] as const,
  ofProposal: (proposalId: string) => [...coauthorKeys.all, 'proposal', proposalId] as const,
  invitations: () => [...coauthorKeys.all, 'invitations'] as const,
};

export function getCoauthors(proposalId: string, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/proposals/{id}/coauthors', { params: { path: { id: proposalId } }, signal }));
}

/** Every invitation and co-author of a proposal; for its team and admins only. */
export function useCoauthors(proposalId: string, enabled: boolean) {
  return useQuery(
    queryOptions({
      queryKey: coauthorKeys.ofProposal(proposalId),
      queryFn: ({ signal }) => getCoauthors(proposalId, signal),
      enabled,
    }),
  );
}

export function inviteCoauthor(proposalId: string, email: string) {
  return call(() => api.POST('/api/v1/proposals/{id}/coauthors', { params: { path: { id: proposalId } }, body: { email } }));
}

/** The author invites a colleague by email. */
export function useInviteCoauthor(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (email: string) => inviteCoauthor(proposalId, email),
    onSuccess: () => qc.invalidateQueries({ queryKey: coauthorKeys.ofProposal(proposalId) }),
  });
}

export function removeCoauthor(proposalId: string, coauthorId: string) {
  return call(() =>
    api.DELETE('/api/v1/proposals/{id}/coauthors/{coauthor_id}', { params: { path: { id: proposalId, coauthor_id: coauthorId } } }),
  );
}

/** The author removes an invitation or a co-author; a co-author removes their own row (leaves). */
export function useRemoveCoauthor(proposalId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (coauthorId: string) => removeCoauthor(proposalId, coauthorId),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: coauthorKeys.ofProposal(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(proposalId) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
      ]),
  });
}

export function getInvitations(signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/me/invitations', { signal }));
}

/** The signed-in user's pending invitations, newest first. */
export function useInvitations() {
  return useQuery(queryOptions({ queryKey: coauthorKeys.invitations(), queryFn: ({ signal }) => getInvitations(signal) }));
}

export function answerInvitation(id: string, accept: boolean) {
  const params = { params: { path: { id } } };
  return call(() =>
    accept ? api.POST('/api/v1/me/invitations/{id}/accept', params) : api.POST('/api/v1/me/invitations/{id}/decline', params),
  );
}

/** Accepts or declines one of the viewer's invitations. */
export function useAnswerInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accept }: { id: string; accept: boolean }) => answerInvitation(id, accept),
    onSuccess: (row) =>
      Promise.all([
        qc.invalidateQueries({ queryKey: coauthorKeys.all }),
        qc.invalidateQueries({ queryKey: proposalKeys.detail(row.proposal_id) }),
        qc.invalidateQueries({ queryKey: proposalKeys.lists() }),
        qc.invalidateQueries({ queryKey: notificationKeys.all }),
      ]),
  });
}

/** Invites each address in turn (after a new proposal is created); returns those that failed. */
export async function inviteAll(proposalId: string, emails: readonly string[]): Promise<string[]> {
  const failed: string[] = [];
  for (const email of emails) {
    try {
      await inviteCoauthor(proposalId, email);
    } catch {
      failed.push(email);
    }
  }
  return failed;
}
