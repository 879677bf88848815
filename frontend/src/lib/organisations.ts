/** The ministries and agencies, used by forms and filters in several features. */
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './api-client';
import type { components } from './api/schema';
import type { Language } from './i18n';
import { byLocalName, orgLabel, orgShortName } from './localized';
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

type Branched = { id: string; code: string; parent_id?: string | null; name: Organisation['name']; short_name: Organisation['short_name'] };

/**
 * Organisations grouped by administrative branch, as pickers list them: each ministry (or
 * other top-level organisation) by its name in the reader's language, followed by its agencies
 * by name. An agency whose ministry is not in the list stands on its own.
 */
export function byBranch<T extends Branched>(orgs: readonly T[] | undefined, lang: Language): { org: T; parent: T | null }[] {
  const all = byLocalName(orgs, lang);
  const ids = new Set(all.map((o) => o.id));
  const top = all.filter((o) => !o.parent_id || !ids.has(o.parent_id));
  return top.flatMap((m) => [{ org: m, parent: null }, ...all.filter((o) => o.parent_id === m.id).map((o) => ({ org: o, parent: m }))]);
}

/** An organisation as a picker's option: `Oikeusministeriö (OM)`, an agency `VM › Verohallinto (Vero)`. */
export function branchLabel(o: Branched, parent: Branched | null, lang: Language): string {
  return parent ? `${orgShortName(parent, lang)} › ${orgLabel(o, lang)}` : orgLabel(o, lang);
}
