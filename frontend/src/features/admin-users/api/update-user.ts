import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { userKeys } from '@/lib/query-keys';

/**
 * `blocked_reason` (sent with `blocked: true`) is added by the server half of issue 8 item 20
 * (branch `auth`); drop the intersection once the regenerated contract carries it.
 */
export type UpdateUserInput = components['schemas']['UpdateUserRequest'] & { blocked_reason?: string | null };

/** The longest block reason the server keeps, in characters. */
export const BLOCKED_REASON_MAX = 500;

export function updateUser(id: string, body: UpdateUserInput) {
  return call(() => api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }));
}

/** Sets a user's roles or blocked state (admins only). */
export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateUserInput }) => updateUser(id, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: userKeys.all }),
  });
}
