/** Call managers (admins): who runs one call, or an organisation's calls; granting and revoking. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';

/** What a grant is for: one call, or every call an organisation hosts. */
export type ManagerScope = { kind: 'call'; id: string } | { kind: 'organisation'; id: string };

const managerKeys = {
  all: ['call-managers'] as const,
  scope: (s: ManagerScope) => ['call-managers', s.kind, s.id] as const,
};

function list(s: ManagerScope, signal?: AbortSignal) {
  return s.kind === 'call'
    ? call(() => api.GET('/api/v1/calls/{id}/managers', { params: { path: { id: s.id } }, signal }))
    : call(() => api.GET('/api/v1/organisations/{id}/managers', { params: { path: { id: s.id } }, signal }));
}

/** The managers of a call, or of an organisation's calls. */
export function useManagers(s: ManagerScope | null) {
  return useQuery({
    queryKey: s ? managerKeys.scope(s) : managerKeys.all,
    queryFn: ({ signal }) => list(s as ManagerScope, signal),
    enabled: s !== null,
  });
}

/** Users whose name or address matches, to make one a manager. */
export function useManagerCandidates(q: string) {
  return useQuery({
    queryKey: [...managerKeys.all, 'candidates', q],
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/users', { params: { query: { q: q || undefined, limit: 20 } }, signal })),
    enabled: q.trim() !== '',
  });
}

export function useGrantManager(s: ManagerScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      s.kind === 'call'
        ? call(() => api.PUT('/api/v1/calls/{id}/managers/{user_id}', { params: { path: { id: s.id, user_id: userId } } }))
        : call(() => api.PUT('/api/v1/organisations/{id}/managers/{user_id}', { params: { path: { id: s.id, user_id: userId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: managerKeys.all }),
  });
}

export function useRevokeManager(s: ManagerScope) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) =>
      s.kind === 'call'
        ? call(() => api.DELETE('/api/v1/calls/{id}/managers/{user_id}', { params: { path: { id: s.id, user_id: userId } } }))
        : call(() => api.DELETE('/api/v1/organisations/{id}/managers/{user_id}', { params: { path: { id: s.id, user_id: userId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: managerKeys.all }),
  });
}
