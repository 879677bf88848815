import { infiniteQueryOptions, useInfiniteQuery, useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { components } from '@/lib/api/schema';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { callKeys, callNewsKeys } from '@/lib/query-keys';

export type CallNews = components['schemas']['CallNews'];
export type CreateCallNewsRequest = components['schemas']['CreateCallNewsRequest'];
export type UpdateCallNewsRequest = components['schemas']['UpdateCallNewsRequest'];

/** The server's limits on a news item's texts, per language (`maxLength` in the contract). */
export const NEWS_LIMITS = { title: 200, body: 10000 } as const;

/** How many news items a page shows at first and adds with "show more". */
export const NEWS_PAGE = 3;

export function getCallNews(callId: string, cursor: string | undefined, signal?: AbortSignal) {
  return call(() => api.GET('/api/v1/calls/{id}/news', { params: { path: { id: callId }, query: { limit: NEWS_PAGE, cursor } }, signal }));
}

export const callNewsQuery = (callId: string) =>
  infiniteQueryOptions({
    queryKey: callNewsKeys.list(callId),
    queryFn: ({ pageParam, signal }) => getCallNews(callId, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });

/** A call's news, newest first, a page at a time. */
export function useCallNews(callId: string) {
  return useInfiniteQuery(callNewsQuery(callId));
}

/** The news changed: its list, and the call (its `news_count`, `latest_news_at`). */
function changed(qc: QueryClient, callId: string) {
  return Promise.all([qc.invalidateQueries({ queryKey: callNewsKeys.list(callId) }), qc.invalidateQueries({ queryKey: callKeys.all })]);
}

/** Admins and the call's managers post news; the call's followers are notified. */
export function usePostCallNews(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateCallNewsRequest) =>
      call(() => api.POST('/api/v1/calls/{id}/news', { params: { path: { id: callId } }, body })),
    onSuccess: () => changed(qc, callId),
  });
}

export function useUpdateCallNews(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ newsId, body }: { newsId: string; body: UpdateCallNewsRequest }) =>
      call(() => api.PATCH('/api/v1/calls/{id}/news/{news_id}', { params: { path: { id: callId, news_id: newsId } }, body })),
    onSuccess: () => changed(qc, callId),
  });
}

export function useDeleteCallNews(callId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (newsId: string) =>
      call(() => api.DELETE('/api/v1/calls/{id}/news/{news_id}', { params: { path: { id: callId, news_id: newsId } } })),
    onSuccess: () => changed(qc, callId),
  });
}
