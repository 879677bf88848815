import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { meKeys } from '@/lib/auth';
import { call } from '@/lib/problem';
import { notificationKeys } from '@/lib/query-keys';

export function markAllNotificationsRead() {
  return call(() => api.POST('/api/v1/notifications/read-all'));
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: markAllNotificationsRead,
    // The unread badge comes with `me`.
    onSuccess: () => Promise.all([qc.invalidateQueries({ queryKey: notificationKeys.all }), qc.invalidateQueries({ queryKey: meKeys.me })]),
  });
}
