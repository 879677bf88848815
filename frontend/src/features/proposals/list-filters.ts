import type { ProposalFilters } from '@/lib/query-keys';
import { proposalSortValues } from '@/lib/api/schema';
import type { ProposalSort } from '@/lib/types';

/** Every order the proposal list offers. */
export const SORTS: readonly ProposalSort[] = proposalSortValues;

/** The order a list has when the URL names none: by relevance while searching. */
export function defaultSort(q: string | undefined): ProposalSort {
  return q ? 'relevance' : 'random';
}

/**
 * The list's filters as the call page's URL gives them (with the shuffle's seed), read the same
 * way by the page and by the route's loader that fetches the first page ahead of the code.
 */
export function filtersFromParams(params: URLSearchParams): ProposalFilters {
  const sort = params.get('sort');
  const seed = Number(params.get('seed'));
  const q = params.get('q') ?? undefined;
  // With a search the best match comes first; relevance means nothing without one.
  const asked = SORTS.includes(sort as ProposalSort) ? (sort as ProposalSort) : defaultSort(q);
  return {
    sort: asked === 'relevance' && !q ? 'random' : asked,
    seed: params.has('seed') && Number.isInteger(seed) && seed >= 0 ? seed : undefined,
    theme: params.get('theme') ?? undefined,
    organisation: params.get('organisation') ?? undefined,
    min_reach: params.get('min_reach') === '2' ? 2 : undefined,
    q,
  };
}
