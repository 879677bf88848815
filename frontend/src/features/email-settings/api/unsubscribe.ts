import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { identityApi } from '@/lib/identity-contract';
import { call } from '@/lib/problem';
import { identityKeys } from '@/lib/query-keys';

/** What an unsubscribe link stops: one kind of notification, or every email (`kind: null`). */
export const unsubscribeQuery = (token: string) =>
  queryOptions({
    queryKey: identityKeys.unsubscribe(token),
    queryFn: ({ signal }) => call(() => identityApi.GET('/api/v1/email/unsubscribe', { params: { query: { token } }, signal })),
    retry: false,
    staleTime: Infinity,
  });

export function useUnsubscribeInfo(token: string) {
  return useQuery(unsubscribeQuery(token));
}

/** Stops the emails the link is for; no sign-in needed. A signed-in user's settings refetch. */
export function useUnsubscribe(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(() => identityApi.POST('/api/v1/email/unsubscribe', { params: { query: { token } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: identityKeys.emailSettings() }),
  });
}
