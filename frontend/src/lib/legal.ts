/**
 * The legal pages (privacy notice, accessibility statement, terms of use), shared by the pages
 * themselves, the footer, registration (which sends the versions it showed) and the dialog
 * that asks a signed-in user to accept new versions.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api-client';
import type { components } from './api/schema';
import { meKeys } from './auth';
import { call } from './problem';

export type LegalKind = components['schemas']['LegalKind'];
export type LegalDocument = components['schemas']['LegalDocument'];
export type LegalAcceptance = components['schemas']['LegalAcceptanceRequest'];

/** Each page's address in the client, in the footer's order. */
export const LEGAL_PATHS: Record<LegalKind, string> = {
  privacy: '/privacy',
  accessibility: '/accessibility',
  terms: '/terms',
};
export const LEGAL_KINDS = Object.keys(LEGAL_PATHS) as LegalKind[];

export const legalKeys = {
  all: ['legal'] as const,
  current: (kind: LegalKind) => [...legalKeys.all, kind, 'current'] as const,
  versions: (kind: LegalKind) => [...legalKeys.all, kind, 'versions'] as const,
  version: (kind: LegalKind, version: number) => [...legalKeys.all, kind, 'version', version] as const,
};

export const legalDocumentQuery = (kind: LegalKind) =>
  queryOptions({
    queryKey: legalKeys.current(kind),
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/legal/{kind}', { params: { path: { kind } }, signal })),
    staleTime: 5 * 60_000,
  });

export function useLegalDocument(kind: LegalKind) {
  return useQuery(legalDocumentQuery(kind));
}

/**
 * Accepts the versions of the terms and the privacy notice that were shown. A refusal
 * (`terms_not_accepted`: a newer version came out meanwhile) refetches the pages, so that the
 * newer one is what is shown and accepted next.
 */
export function useAcceptLegal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: LegalAcceptance) => call(() => api.POST('/api/v1/me/legal-acceptance', { body })),
    onSuccess: (me) => qc.setQueryData(meKeys.me, me),
    onError: () => qc.invalidateQueries({ queryKey: legalKeys.all }),
  });
}
