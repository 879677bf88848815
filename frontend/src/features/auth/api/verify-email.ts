import { useMutation, useQueryClient } from '@tanstack/react-query';
import { session } from '@/lib/api-client';
import { identityApi } from '@/lib/identity-contract';
import { call } from '@/lib/problem';

/**
 * Confirms an address with the token of the link that was sent to it (a new account's address,
 * or a new address the user changed to). A signed-in user is refetched: the address, its
 * organisation and what they may do have changed.
 */
export function useVerifyEmail() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (token: string) => call(() => identityApi.POST('/api/v1/auth/verify-email', { body: { token } })),
    onSuccess: async () => {
      if (session.active) await qc.invalidateQueries();
    },
  });
}
