import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { notificationKeys } from '@/lib/query-keys';

export function getNotifications(cursor: string | undefined, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/notifications', { params: { query: { limit: 30, cursor } }, signal }));
}

export const notificationsQuery = () =>
  infiniteQueryOptions({
    queryKey: notificationKeys.all,
    queryFn: ({ pageParam, signal }) => getNotifications(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useNotifications() {
  return useInfiniteQuery(notificationsQuery());
}
