/**
 * "Send the link again": a new address-confirmation link for the signed-in user, shared by the
 * banner that unverified users see and by every error box that says `email_unverified`. The
 * server sends at most one a minute (`email_recently_sent`, 429 with Retry-After); a new link
 * makes the older ones stop working. When the address turns out to be confirmed already (in
 * another tab, say), the user is refetched so the banner goes away.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { meKeys } from './auth';
import { identityApi } from './identity-contract';
import { ApiProblem, call } from './problem';

export function resendVerification() {
  return call(() => identityApi.POST('/api/v1/me/verification-email'));
}

export function useResendVerification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: resendVerification,
    onError: (e) => {
      if (e instanceof ApiProblem && e.code === 'email_already_verified') void qc.invalidateQueries({ queryKey: meKeys.me });
    },
  });
}
