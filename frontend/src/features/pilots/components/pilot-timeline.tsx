import { useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { usePilotUpdates } from '../api/get-pilot';
import { useDeleteUpdate } from '../api/mutations';

/** The pilot's progress updates as a timeline, newest first; the team may remove one. */
export function PilotTimeline({ pilotId, canPost }: { pilotId: string; canPost: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = usePilotUpdates(pilotId);
  const del = useDeleteUpdate(pilotId);
  const [removing, setRemoving] = useState<string | null>(null);
  const items = (q.data?.pages ?? []).flatMap((p) => p.items);
  const { listRef, loadMore } = useLoadMoreFocus<HTMLOListElement>(items.length);
  return (
    <section aria-labelledby="pilot-updates" className="pilot-section">
      <Heading variant="h2" id="pilot-updates" className="section-title">
        {t('pilots.detail.updates')}
      </Heading>
      {q.isError && !q.isFetchNextPageError ? <ProblemAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.isPending ? <Loading /> : null}
      {!q.isPending && items.length === 0 ? <Paragraph>{t('pilots.detail.noUpdates')}</Paragraph> : null}
      <ol className="pilot-timeline" ref={listRef}>
        {items.map((u) => (
          <li key={u.id} className="pilot-timeline__item">
            <article aria-labelledby={`update-${u.id}`}>
              <p className="pilot-timeline__date">
                <time dateTime={u.happened_on}>{f.date(u.happened_on)}</time>
              </p>
              <Heading variant="h3" id={`update-${u.id}`} className="pilot-timeline__title">
                {u.title}
              </Heading>
              {/* Safe: `body_html` is the server's sanitised rendering of the team's Markdown. */}
              {/* eslint-disable-next-line no-restricted-syntax */}
              <div className="prose" dangerouslySetInnerHTML={{ __html: u.body_html }} />
              {u.author ? <p className="pilot-timeline__author">{t('pilots.detail.postedBy', { name: u.author.display_name })}</p> : null}
              {canPost ? (
                <Button variant="secondaryNoBorder" onClick={() => setRemoving(u.id)} aria-describedby={`update-${u.id}`}>
                  {t('pilots.update.remove')}
                </Button>
              ) : null}
            </article>
          </li>
        ))}
      </ol>
      {del.error ? <ProblemAlert error={del.error} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('pilots.detail.moreUpdates')}
        </Button>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('pilots.update.removeTitle')}
        text={t('pilots.update.removeText')}
        confirmText={t('pilots.update.remove')}
        busy={del.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) del.mutate(removing);
          setRemoving(null);
        }}
      />
    </section>
  );
}
