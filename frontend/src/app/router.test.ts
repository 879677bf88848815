import { QueryClient } from '@tanstack/react-query';
import { HttpResponse } from 'msw';
import type { LoaderFunctionArgs, ShouldRevalidateFunctionArgs } from 'react-router';
import { describe, expect, it } from 'vitest';
import { proposalsQuery } from '@/features/proposals/api/get-proposals';
import { filtersFromParams } from '@/features/proposals/list-filters';
import { callKeys } from '@/lib/query-keys';
import { PROBLEM_JSON, http, problem, server } from '@/test/api-mock';
import { prefetching } from './router';

const SLUG = 'siilonmurtajat-2026';
const CALL_ID = '01a232af-5ae2-7048-9798-9fed7b52709b';
// Only what the loaders read; the screens' own tests use whole calls.
const call = { id: CALL_ID, slug: SLUG } as never;
const page = { items: [], next_cursor: null, total: 0, seed: 7 } as never;

const args = (path: string, params: Record<string, string>) =>
  ({ params, request: new Request(`${window.location.origin}${path}`), context: undefined }) as unknown as LoaderFunctionArgs;

const revalidate = (current: [string, Record<string, string>], next: [string, Record<string, string>]) =>
  ({
    currentUrl: new URL(current[0], window.location.origin),
    currentParams: current[1],
    nextUrl: new URL(next[0], window.location.origin),
    nextParams: next[1],
    defaultShouldRevalidate: true,
  }) as unknown as ShouldRevalidateFunctionArgs;

describe('the call screen’s loader', () => {
  it('asks for the call and its first page at once, and files the page under the call’s id', async () => {
    const asked: string[] = [];
    let listAsked = () => {};
    const listSeen = new Promise<void>((resolve) => (listAsked = resolve));
    server.use(
      // The call is answered only once the list has been asked for: asked one after the other,
      // they would wait for each other until the test times out.
      http.get('/api/v1/calls/{id}', async ({ request }) => {
        asked.push(new URL(request.url).pathname);
        await listSeen;
        return HttpResponse.json(call);
      }),
      http.get('/api/v1/calls/{id}/proposals', ({ request }) => {
        const url = new URL(request.url);
        asked.push(url.pathname + url.search);
        listAsked();
        return HttpResponse.json(page);
      }),
    );
    const queryClient = new QueryClient();

    await prefetching(queryClient).call.loader(args(`/calls/${SLUG}`, { callRef: SLUG }));

    expect(asked.sort()).toEqual([`/api/v1/calls/${SLUG}`, `/api/v1/calls/${SLUG}/proposals?sort=random&limit=20`]);
    const list = proposalsQuery(CALL_ID, filtersFromParams(new URLSearchParams()));
    expect(queryClient.getQueryData(list.queryKey)).toEqual({ pages: [page], pageParams: [undefined] });
  });

  it('asks for nothing on a return to a call whose list is cached', async () => {
    const queryClient = new QueryClient();
    const filters = filtersFromParams(new URLSearchParams());
    queryClient.setQueryData(proposalsQuery(CALL_ID, filters).queryKey, { pages: [page], pageParams: [undefined] });
    queryClient.setQueryData(callKeys.detail(SLUG), call);

    // No handler answers: a request would fail the test.
    await expect(prefetching(queryClient).call.loader(args(`/calls/${SLUG}`, { callRef: SLUG }))).resolves.toBeNull();
  });

  it('lets the screen show a call that is not there', async () => {
    server.use(
      http.get('/api/v1/calls/{id}', () => HttpResponse.json(problem(404, 'not_found'), { status: 404, ...PROBLEM_JSON }) as never),
      http.get(
        '/api/v1/calls/{id}/proposals',
        () => HttpResponse.json(problem(404, 'not_found'), { status: 404, ...PROBLEM_JSON }) as never,
      ),
    );

    await expect(prefetching(new QueryClient()).call.loader(args('/calls/nothing', { callRef: 'nothing' }))).resolves.toBeNull();
  });

  it('runs again for another call, not for the list’s filters', () => {
    const { shouldRevalidate } = prefetching(new QueryClient()).call;
    expect(shouldRevalidate(revalidate([`/calls/${SLUG}`, { callRef: SLUG }], [`/calls/${SLUG}?theme=x`, { callRef: SLUG }]))).toBe(false);
    expect(shouldRevalidate(revalidate([`/calls/${SLUG}`, { callRef: SLUG }], ['/calls/toinen', { callRef: 'toinen' }]))).toBe(true);
  });
});
