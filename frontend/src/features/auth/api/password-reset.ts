import { useMutation } from '@tanstack/react-query';
import { identityApi, type Body } from '@/lib/identity-contract';
import { call } from '@/lib/problem';

export type PasswordResetInput = Body<'/api/v1/auth/password-reset', 'post'>;
export type PasswordResetConfirmInput = Body<'/api/v1/auth/password-reset/confirm', 'post'>;

/**
 * Asks for a reset link. The server answers 202 the same way whether or not the address has an
 * account, so the screen says the same thing either way.
 */
export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetInput) => call(() => identityApi.POST('/api/v1/auth/password-reset', { body })),
  });
}

/** Sets the new password with the link's token; the server then ends every session of the account. */
export function useConfirmPasswordReset() {
  return useMutation({
    mutationFn: (body: PasswordResetConfirmInput) => call(() => identityApi.POST('/api/v1/auth/password-reset/confirm', { body })),
  });
}
