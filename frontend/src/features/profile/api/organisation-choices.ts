import { queryOptions, useQuery } from '@tanstack/react-query';
import { identityApi } from '@/lib/identity-contract';
import { call } from '@/lib/problem';
import { identityKeys } from '@/lib/query-keys';

export const organisationChoicesQuery = () =>
  queryOptions({
    queryKey: identityKeys.organisationChoices(),
    queryFn: ({ signal }) => call(() => identityApi.GET('/api/v1/me/organisation-choices', { signal })),
  });

/**
 * The organisations the user may choose: those whose email domain matches the confirmed
 * address (most specific first); none before the address is confirmed, so not asked then.
 */
export function useOrganisationChoices(verified: boolean) {
  return useQuery({ ...organisationChoicesQuery(), enabled: verified });
}
