import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { userKeys } from '@/lib/query-keys';
import type { Role } from '@/lib/types';

export interface UserFilters {
  q?: string;
  role?: Role;
  blocked?: boolean;
}

export function getUsers(f: UserFilters, cursor: string | undefined, signal?: AbortSignal) {
  return call(() =>
    api.GET('/api/v1/users', {
      params: { query: { q: f.q || undefined, role: f.role, blocked: f.blocked, limit: 50, cursor } },
      signal,
    }),
  );
}

export const usersQuery = (f: UserFilters) =>
  infiniteQueryOptions({
    queryKey: userKeys.list(f),
    queryFn: ({ pageParam, signal }) => getUsers(f, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

export function useUsers(f: UserFilters) {
  return useInfiniteQuery(usersQuery(f));
}
