import { useMutation } from '@tanstack/react-query';
import { call } from '@/lib/problem';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';

export type DeleteMeRequest = components['schemas']['DeleteMeRequest'];

export function deleteAccount(body: DeleteMeRequest) {
  return call(() => api.DELETE('/api/v1/me', { body }));
}

/**
 * Deletes the account and erases its personal data (204). The caller then signs out locally:
 * the server has already ended every session of the account.
 */
export function useDeleteAccount() {
  return useMutation({ mutationFn: deleteAccount });
}
