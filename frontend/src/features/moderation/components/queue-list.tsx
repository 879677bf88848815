import { useRef, useState } from 'react';
import { Button, Dropdown, DropdownItem, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import type { ContentKind } from '@/lib/types';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { useQueue } from '../api/get-queue';
import type { QueueFilters, QueueItem } from '../api/types';
import { ActionDialog, type Act } from './action-dialog';
import { QueueItemCard } from './queue-item';

const ALL = 'all';

interface CallOption {
  id: string;
  label: string;
}

/** The queue's filters: by call and by kind of content. */
export function QueueFilterBar({
  filters,
  calls,
  onChange,
}: {
  filters: QueueFilters;
  calls: CallOption[];
  onChange: (f: QueueFilters) => void;
}) {
  const { t } = useTranslation();
  return (
    <div className="filters moderation-filters">
      <Dropdown
        labelText={t('moderation.filters.call')}
        value={filters.call_id ?? ALL}
        onChange={(v) => onChange({ ...filters, call_id: v === ALL ? undefined : v })}
        className="filters__item"
      >
        {[
          <DropdownItem key={ALL} value={ALL}>
            {t('moderation.filters.allCalls')}
          </DropdownItem>,
          ...calls.map((c) => (
            <DropdownItem key={c.id} value={c.id}>
              {c.label}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <Dropdown
        labelText={t('moderation.filters.kind')}
        value={filters.kind ?? ALL}
        onChange={(v) => onChange({ ...filters, kind: v === ALL ? undefined : (v as ContentKind) })}
        className="filters__item"
      >
        <DropdownItem value={ALL}>{t('moderation.filters.allKinds')}</DropdownItem>
        <DropdownItem value="proposal">{t('moderation.filters.proposal')}</DropdownItem>
        <DropdownItem value="comment">{t('moderation.filters.comment')}</DropdownItem>
      </Dropdown>
    </div>
  );
}

/** The queue with its items' actions; an action opens its dialog, and a done one is announced. */
export function QueueList({ filters, viewerId }: { filters: QueueFilters; viewerId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useQueue(filters);
  const items = q.data?.pages.flatMap((p) => p.items) ?? [];
  const total = q.data?.pages[0]?.total ?? 0;
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);
  const [acting, setActing] = useState<{ item: QueueItem; act: Act } | null>(null);
  const summary = useRef<HTMLParagraphElement>(null);
  if (q.isError && !q.isFetchNextPageError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return (
    <div className="queue">
      <p className="queue__total" ref={summary} tabIndex={-1} aria-live="polite">
        {t('moderation.queue.total', { count: total, formatted: f.number(total) })}
      </p>
      {items.length === 0 ? <Paragraph>{t('moderation.queue.empty')}</Paragraph> : null}
      <ul className="card-list queue__list" ref={listRef}>
        {items.map((item) => (
          <li key={`${item.kind}-${item.appeal?.id ?? item.target.id}`}>
            <QueueItemCard item={item} viewerId={viewerId} onAct={(act) => setActing({ item, act })} />
          </li>
        ))}
      </ul>
      {q.isFetchNextPageError ? <ProblemAlert error={q.error} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('moderation.queue.more')}
        </Button>
      ) : null}
      {acting ? (
        <ActionDialog
          key={`${acting.item.target.id}-${acting.act.kind}`}
          item={acting.item}
          act={acting.act}
          onClose={(done) => {
            setActing(null);
            if (done) {
              announce(done);
              // The item leaves the queue with its buttons: start again at the queue's count.
              requestAnimationFrame(() => summary.current?.focus());
            }
          }}
        />
      ) : null}
    </div>
  );
}
