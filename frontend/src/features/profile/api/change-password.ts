import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { call } from '@/lib/problem';

export type ChangePasswordInput = components['schemas']['ChangePasswordRequest'];

export function changePassword(body: ChangePasswordInput) {
  return call(() => api.POST('/api/v1/me/password', { body }));
}

/** Changes the password; the server ends every other session of the account, this one stays. */
export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
