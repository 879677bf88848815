import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ResponseResolverInfo } from 'openapi-msw';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { proposalKeys } from '@/lib/query-keys';
import type { Proposal } from '@/lib/types';
import type { paths } from '@/lib/api/schema';
import { PROBLEM_JSON, http, server } from '@/test/api-mock';
import { useThumb } from './thumb-proposal';

const proposal = {
  id: 'p1',
  call_id: 'c1',
  number: 1,
  title: 'Otsikko',
  summary: 'Tiivistelmä',
  language: 'fi',
  stage: 'submitted',
  visibility: 'visible',
  moderation: null,
  viewer_can_report: false,
  author: { id: 'a1', display_name: 'A', erased: false },
  organisations: [],
  coauthors: [],
  reach: 1,
  thumb_count: 5,
  comment_count: 0,
  viewer_thumbed: false,
  viewer_can_thumb: true,
  created_at: '2026-11-01T00:00:00Z',
  updated_at: '2026-11-01T00:00:00Z',
  challenge: '',
  idea: '',
  challenge_html: '',
  idea_html: '',
  viewer_can_edit: false,
  viewer_can_withdraw: false,
  viewer_can_comment: true,
  decision: null,
  merged_into: null,
  credits: [],
  pilot: null,
  branches: [],
  interest: { people: 0, organisations: 0 },
  viewer_can_declare_interest: false,
  viewer_follows: false,
  follower_count: 0,
} satisfies Proposal;

/** What a test answers the thumb with: built by the contract's typed response helper. */
type Reply = (response: ResponseResolverInfo<paths, '/api/v1/proposals/{id}/thumb', 'put'>['response']) => Response;

/** The server answers the thumb of p1 with what the test hands over, when it does. */
function setup() {
  let answer: (reply: Reply) => void = () => undefined;
  server.use(http.put('/api/v1/proposals/{id}/thumb', ({ response }) => new Promise((ok) => (answer = (reply) => ok(reply(response))))));
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  qc.setQueryData(proposalKeys.detail('p1'), proposal);
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>;
  const hook = renderHook(() => useThumb(), { wrapper });
  const cached = () => qc.getQueryData<Proposal>(proposalKeys.detail('p1'));
  return { hook, cached, answer: (reply: Reply) => answer(reply) };
}

describe('useThumb', () => {
  it('shows the thumb at once and keeps the server’s count', async () => {
    const { hook, cached, answer } = setup();
    act(() => hook.result.current.mutate({ id: 'p1', thumbed: true }));
    await waitFor(() => expect(cached()?.viewer_thumbed).toBe(true));
    expect(cached()?.thumb_count).toBe(6);
    answer((response) => response(200).json({ thumbed: true, thumb_count: 9 }));
    await waitFor(() => expect(hook.result.current.isSuccess).toBe(true));
    expect(cached()?.thumb_count).toBe(9);
  });

  it('rolls back when the server refuses', async () => {
    const { hook, cached, answer } = setup();
    act(() => hook.result.current.mutate({ id: 'p1', thumbed: true }));
    await waitFor(() => expect(cached()?.thumb_count).toBe(6));
    answer((response) =>
      response(409).json(
        { type: 'about:blank', title: 'Conflict', status: 409, detail: 'x', code: 'call_not_accepting_thumbs' },
        PROBLEM_JSON,
      ),
    );
    await waitFor(() => expect(hook.result.current.isError).toBe(true));
    expect(hook.result.current.error).toMatchObject({ code: 'call_not_accepting_thumbs' });
    expect(cached()?.thumb_count).toBe(5);
    expect(cached()?.viewer_thumbed).toBe(false);
  });
});
