import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { call } from '@/lib/problem';
import { notificationKeys, pilotKeys, proposalKeys } from '@/lib/query-keys';
import { api } from '@/lib/api-client';
import type { CreatePilotRequest, LessonsRequest, NewPilotUpdate, PatchPilotRequest } from './types';

const path = (id: string) => ({ path: { id } });

/** A pilot changed: its page, the showcase and the proposals that link to it. */
function changed(qc: QueryClient, id?: string) {
  return Promise.all([
    qc.invalidateQueries({ queryKey: id ? pilotKeys.detail(id) : pilotKeys.all }),
    qc.invalidateQueries({ queryKey: pilotKeys.lists() }),
    qc.invalidateQueries({ queryKey: proposalKeys.details() }),
  ]);
}

/** Admin: a pilot from selected proposals of published results. */
export function useCreatePilot() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePilotRequest) => call(() => api.POST('/api/v1/pilots', { body })),
    onSuccess: () => Promise.all([changed(qc), qc.invalidateQueries({ queryKey: notificationKeys.all })]),
  });
}

/** Admin (any field) or the team (title, goal, status, dates, contact). */
export function useUpdatePilot(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PatchPilotRequest) => call(() => api.PATCH('/api/v1/pilots/{id}', { params: path(id), body })),
    onSuccess: (p) => {
      qc.setQueryData(pilotKeys.detail(id), p);
      return changed(qc, id);
    },
  });
}

/** The team posts a dated progress update; followers are notified. */
export function usePostUpdate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewPilotUpdate) => call(() => api.POST('/api/v1/pilots/{id}/updates', { params: path(id), body })),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: pilotKeys.updates(id) }), changed(qc, id)]),
  });
}

export function useDeleteUpdate(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (updateId: string) =>
      call(() => api.DELETE('/api/v1/pilots/{id}/updates/{update_id}', { params: { path: { id, update_id: updateId } } })),
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: pilotKeys.updates(id) }), changed(qc, id)]),
  });
}

/** The team writes (or edits) the lessons learned; the first publication notifies followers. */
export function usePutLessons(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LessonsRequest) => call(() => api.PUT('/api/v1/pilots/{id}/lessons', { params: path(id), body })),
    onSuccess: (p) => {
      qc.setQueryData(pilotKeys.detail(id), p);
      return changed(qc, id);
    },
  });
}

/** Follow or stop following a pilot (signed in). */
export function useFollowPilot(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      call(() =>
        follow
          ? api.PUT('/api/v1/pilots/{id}/follow', { params: path(id) })
          : api.DELETE('/api/v1/pilots/{id}/follow', { params: path(id) }),
      ),
    onSuccess: () => changed(qc, id),
  });
}
