import { Button, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { usePilots } from '../api/get-pilots';
import type { PilotFilters } from '../api/types';
import { PilotCard } from './pilot-card';

/** The showcase's cards, with the count found and "show more". */
export function PilotList({ filters }: { filters: PilotFilters }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = usePilots(filters);
  const items = (q.data?.pages ?? []).flatMap((p) => p.items);
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);
  const total = q.data?.pages[0]?.total ?? 0;
  if (q.isError && !q.isFetchNextPageError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <div className="pilot-list">
      <p className="pilot-list__count" aria-live="polite">
        {q.isPending ? '' : t('pilots.list.count', { count: total, n: f.number(total) })}
      </p>
      {q.isPending ? <Loading /> : null}
      {!q.isPending && items.length === 0 ? <Paragraph className="empty-state">{t('pilots.list.empty')}</Paragraph> : null}
      <ul className="card-list card-list--grid pilot-grid" ref={listRef}>
        {items.map((p) => (
          <li key={p.id}>
            <PilotCard pilot={p} />
          </li>
        ))}
      </ul>
      {q.isFetchNextPageError ? <ProblemAlert error={q.error} onRetry={() => void q.fetchNextPage()} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('pilots.list.more')}
        </Button>
      ) : null}
    </div>
  );
}
