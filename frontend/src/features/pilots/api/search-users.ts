import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { userKeys } from '@/lib/query-keys';

/** Admin: users by name or e-mail address, for a pilot's team. */
export function useUserSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: userKeys.list({ q: text }),
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/users', { params: { query: { q: text, limit: 10 } }, signal })),
    enabled: text.length >= 2,
    placeholderData: keepPreviousData,
  });
}
