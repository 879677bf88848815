import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { identityApi, type Body, type Reply } from '@/lib/identity-contract';
import { call } from '@/lib/problem';
import { identityKeys } from '@/lib/query-keys';

export type EmailSettings = Reply<'/api/v1/me/email-settings', 'get'>;
export type EmailSetting = EmailSettings['settings'][number];
export type EmailDelivery = EmailSetting['delivery'];
export type EmailSettingsChange = Body<'/api/v1/me/email-settings', 'put'>;

export const emailSettingsQuery = () =>
  queryOptions({
    queryKey: identityKeys.emailSettings(),
    queryFn: ({ signal }) => call(() => identityApi.GET('/api/v1/me/email-settings', { signal })),
  });

/** How each kind of notification goes by email (every kind listed, with its effective value). */
export function useEmailSettings() {
  return useQuery(emailSettingsQuery());
}

/** Saves the kinds' choices together; the server answers with the full list after the change. */
export function useSaveEmailSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: EmailSettingsChange) => call(() => identityApi.PUT('/api/v1/me/email-settings', { body })),
    onSuccess: (saved) => qc.setQueryData(identityKeys.emailSettings(), saved),
  });
}
