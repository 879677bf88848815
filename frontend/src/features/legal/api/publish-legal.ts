import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { meKeys } from '@/lib/auth';
import { legalKeys, type LegalKind } from '@/lib/legal';
import { call } from '@/lib/problem';

export type PublishLegalInput = components['schemas']['PublishLegalDocumentRequest'];

/**
 * Publishes the next version of a page (admins). The pages are read again, and so is the
 * admin's own account: a new version of the terms or the privacy notice asks them too.
 */
export function usePublishLegal(kind: LegalKind) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PublishLegalInput) => call(() => api.PUT('/api/v1/legal/{kind}', { params: { path: { kind } }, body })),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: legalKeys.all });
      await qc.invalidateQueries({ queryKey: meKeys.me });
    },
  });
}
