/** The ministries and agencies, used by forms and filters in several features. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { components } from './api/schema';
import { call } from './problem';

export type Organisation = components['schemas']['Organisation'];

export const organisationKeys = { all: ['organisations'] as const };

export const organisationsQuery = () =>
  queryOptions({
    queryKey: organisationKeys.all,
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/organisations', { signal })),
    staleTime: 10 * 60_000,
  });

export function useOrganisations() {
  return useQuery(organisationsQuery());
}
