import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';
import { userKeys } from '@/lib/query-keys';

export type UpdateUserInput = components['schemas']['UpdateUserRequest'];

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
