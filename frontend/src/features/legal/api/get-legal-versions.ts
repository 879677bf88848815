import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { legalKeys, type LegalKind } from '@/lib/legal';
import { call } from '@/lib/problem';

/** Every published version of a page, newest (the one in force) first. */
export const legalVersionsQuery = (kind: LegalKind) =>
  queryOptions({
    queryKey: legalKeys.versions(kind),
    queryFn: ({ signal }) => call(() => api.GET('/api/v1/legal/{kind}/versions', { params: { path: { kind } }, signal })),
  });

export function useLegalVersions(kind: LegalKind) {
  return useQuery(legalVersionsQuery(kind));
}

/** One version of a page, in force or earlier; published versions never change. */
export const legalVersionQuery = (kind: LegalKind, version: number) =>
  queryOptions({
    queryKey: legalKeys.version(kind, version),
    queryFn: ({ signal }) =>
      call(() => api.GET('/api/v1/legal/{kind}/versions/{version}', { params: { path: { kind, version } }, signal })),
    staleTime: Infinity,
  });

export function useLegalVersion(kind: LegalKind, version: number | null) {
  return useQuery({ ...legalVersionQuery(kind, version ?? 0), enabled: version !== null });
}
