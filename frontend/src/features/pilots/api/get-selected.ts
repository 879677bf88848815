import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { call } from '@/lib/problem';
import { pilotKeys } from '@/lib/query-keys';

/** The selected proposals of a call's results (up to 100), for an admin making a pilot. */
export function getSelected(callId: string, signal?: AbortSignal) {
  return call(() =>
    api.GET('/api/v1/calls/{id}/decisions', {
      params: { path: { id: callId }, query: { stage: 'selected', limit: 100 } },
      signal,
    }),
  );
}

export function useSelectedProposals(callId: string | null) {
  return useQuery({
    ...queryOptions({ queryKey: pilotKeys.selected(callId ?? ''), queryFn: ({ signal }) => getSelected(callId ?? '', signal) }),
    enabled: callId !== null,
  });
}
