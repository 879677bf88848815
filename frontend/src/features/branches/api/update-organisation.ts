import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { organisationKeys } from '@/lib/organisations';
import { call } from '@/lib/problem';

export type UpdateOrganisationInput = components['schemas']['UpdateOrganisationRequest'];

export function updateOrganisation(id: string, body: UpdateOrganisationInput) {
  return call(() => api.PATCH('/api/v1/organisations/{id}', { params: { path: { id } }, body }));
}

/** Changes an organisation (admins only); the cached list and every proposal's reach follow. */
export function useUpdateOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateOrganisationInput }) => updateOrganisation(id, body),
    onSuccess: () => qc.invalidateQueries({ queryKey: organisationKeys.all }),
  });
}
