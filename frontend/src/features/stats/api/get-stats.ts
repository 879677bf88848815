import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { statsKeys } from '@/lib/query-keys';
import type { CallStats } from './types';

type Get = (
  path: string,
  init: { params: { path: { id: string } }; signal?: AbortSignal },
) => Promise<{ data?: CallStats; error?: unknown; response: Response }>;
/** The endpoint is in the contract (issue 12) before it is in the generated schema. */
const get = (api as unknown as { GET: Get }).GET;

export function getStats(callId: string, signal?: AbortSignal) {
  return call(() => get('/api/v1/calls/{id}/stats', { params: { path: { id: callId } }, signal }));
}

export const statsQuery = (callId: string) =>
  queryOptions({ queryKey: statsKeys.call(callId), queryFn: ({ signal }) => getStats(callId, signal) });

/** A call's statistics (public): counts, per day, per theme, per organisation. */
export function useCallStats(callId: string) {
  return useQuery(statsQuery(callId));
}
