import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKeys } from '@/lib/auth';
import { identityApi, type Body } from '@/lib/identity-contract';
import { call } from '@/lib/problem';

export type ChangeEmailInput = Body<'/api/v1/me/email', 'post'>;

/**
 * Asks to change the address: the server sends a link to the new one and the address changes
 * when it is opened. Until then the user's `pending_email` names it, so the user is refetched.
 */
export function useChangeEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangeEmailInput) => call(() => identityApi.POST('/api/v1/me/email', { body })),
    onSuccess: () => qc.invalidateQueries({ queryKey: meKeys.me }),
  });
}
