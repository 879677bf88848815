import { type ReactNode, useDeferredValue, useEffect } from 'react';
import { Button, Paragraph } from 'suomifi-ui-components';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import type { ProposalFilters } from '@/lib/query-keys';
import type { Theme } from '@/lib/types';
import { proposalsQuery, useProposals } from '../api/get-proposals';
import { ProposalCard } from './proposal-card';

interface Props {
  callId: string;
  themes: Theme[];
  filters: ProposalFilters;
  /** The server chose the shuffle; keep its seed (in the URL) so the order survives. */
  onSeed?: (seed: number) => void;
  headingId?: string;
  /** Shown instead of "none match" when the list is empty with nothing narrowing it. */
  empty?: ReactNode;
}

/** Whether a filter leaves proposals out (the order alone does not). */
function narrowed(f: ProposalFilters): boolean {
  return Boolean(f.theme || f.organisation || f.q);
}

/** Whether `next` is `shown` with pages added after it, the shown ones unchanged. */
function appended<T>(shown: T[], next: T[]): boolean {
  return shown.length < next.length && shown.every((page, i) => page === next[i]);
}

export function ProposalList({ callId, themes, filters, onSeed, headingId, empty }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const qc = useQueryClient();
  const q = useProposals(callId, filters);
  // A page that "show more" brings renders in the background, in slices the main thread can
  // interleave with a reader's input, instead of as one long task; the room taken at the click
  // stays until its cards are there. Anything else (the first page, other filters, a thumb on a
  // shown card) renders at once.
  const deferred = useDeferredValue(q.data);
  const data = deferred && q.data && appended(deferred.pages, q.data.pages) ? deferred : q.data;
  const first = data?.pages[0];
  const items = (data?.pages ?? []).flatMap((p) => p.items);
  const arriving = q.isFetchingNextPage || data !== q.data;
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);

  // The shuffle's seed, from the list's first page.
  const seed = q.data?.pages[0]?.seed;
  useEffect(() => {
    if (!onSeed || filters.sort !== 'random' || filters.seed !== undefined || seed == null) return;
    // The same pages under the seeded key, so that putting the seed in the URL refetches nothing.
    if (q.data) qc.setQueryData(proposalsQuery(callId, { ...filters, seed }).queryKey, q.data);
    onSeed(seed);
  }, [seed, filters, onSeed, callId, q.data, qc]);

  if (q.isError && !q.isFetchNextPageError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const total = first?.total ?? items.length;
  return (
    <div className="proposal-list" aria-labelledby={headingId}>
      <p className="proposal-list__total" aria-live="polite">
        {t('proposals.list.total', { count: total, formatted: f.number(total) })}
      </p>
      {items.length === 0 ? empty !== undefined && !narrowed(filters) ? empty : <Paragraph>{t('proposals.list.empty')}</Paragraph> : null}
      <ul className="card-list" ref={listRef}>
        {items.map((p) => (
          <li key={p.id}>
            <ProposalCard proposal={p} themes={themes} />
          </li>
        ))}
      </ul>
      {/* Room for the next page, taken at the click: what follows the list leaves the window
          then, instead of being pushed down when the page arrives (a layout shift). */}
      {arriving ? (
        <div className="load-more__pending">
          <Loading small />
        </div>
      ) : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={arriving} className="load-more">
          {t('proposals.list.loadMore', { shown: f.number(items.length), total: f.number(total) })}
        </Button>
      ) : null}
      {q.isFetchNextPageError ? <ProblemAlert error={q.error} onRetry={() => void q.fetchNextPage()} /> : null}
    </div>
  );
}
