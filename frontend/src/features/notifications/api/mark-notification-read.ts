import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/auth';
import { call } from '@/lib/problem';
import { notificationKeys } from '@/lib/query-keys';

export function markNotificationRead(id: string) {
  return call(() => api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } }));
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: markNotificationRead,
    // The unread badge comes with `me`.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: notificationKeys.all }), qc.invalidateQueries({ queryKey: meKeys.me })]),
  });
}
