import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { callKeys } from '@/lib/query-keys';

export type CreateCallInput = components['schemas']['CreateCallRequest'];
export type Texts = components['schemas']['FinnishRequiredText'];

export function createCall(body: CreateCallInput) {
  return call(() => api.POST('/api/v1/calls', { body }));
}

/** Creates a call as a draft (admins only). */
export function useCreateCall() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: createCall, onSuccess: () => qc.invalidateQueries({ queryKey: callKeys.all }) });
}
