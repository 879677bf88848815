import { useState } from 'react';
import { Button, Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { fallbackLang, pick } from '@/lib/localized';
import { announce } from '@/lib/status';
import type { Call } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import { useCallNews, useDeleteCallNews, type CallNews } from '../api/call-news';
import { NewsForm } from './news-form';

/**
 * The call's news (*Ajankohtaista*), newest first, dated, with "show more". Those who run the
 * call (`viewer.can_manage`: admins and its call managers) post, edit and delete items here.
 * Nothing shows to others while the call has no news.
 */
export function CallNewsSection({ call }: { call: Call }) {
  const { t } = useTranslation();
  const canManage = call.viewer.can_manage;
  const q = useCallNews(call.id);
  const del = useDeleteCallNews(call.id);
  const [writing, setWriting] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<CallNews | null>(null);
  const items = (q.data?.pages ?? []).flatMap((p) => p.items);
  const { listRef, loadMore } = useLoadMoreFocus<HTMLOListElement>(items.length);
  if (!canManage && call.news_count === 0) return null;
  // The call is archived: its news stay, but nothing more is posted or changed.
  const writable = canManage && call.phase !== 'archived';
  return (
    <section aria-labelledby="call-news" className="call-news">
      <Heading variant="h2" id="call-news" className="section-title" tabIndex={-1}>
        {t('callNews.title')}
      </Heading>
      {writable ? (
        writing ? (
          <div className="call-news__new">
            <Heading variant="h3" className="call-news__form-title">
              {t('callNews.form.newTitle')}
            </Heading>
            <Paragraph className="call-news__hint">
              {call.phase === 'draft' ? t('callNews.form.draftHint') : t('callNews.form.followersHint')}
            </Paragraph>
            <NewsForm callId={call.id} onDone={() => setWriting(false)} />
            <Button variant="secondaryNoBorder" onClick={() => setWriting(false)}>
              {t('callNews.form.cancel')}
            </Button>
          </div>
        ) : (
          <Button variant="secondary" onClick={() => setWriting(true)}>
            {t('callNews.form.open')}
          </Button>
        )
      ) : null}
      {q.isError && !q.isFetchNextPageError ? <ProblemAlert error={q.error} onRetry={() => void q.refetch()} /> : null}
      {q.isPending ? <Loading /> : null}
      {!q.isPending && !q.isError && items.length === 0 ? <Paragraph className="call-news__empty">{t('callNews.empty')}</Paragraph> : null}
      <ol className="call-news__list" ref={listRef}>
        {items.map((n) =>
          editing === n.id ? (
            <li key={n.id} className="call-news__item">
              <NewsForm callId={call.id} editing={n} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={n.id} className="call-news__item">
              <NewsItem news={n} />
              {writable ? (
                <div className="call-news__actions">
                  <Button variant="secondaryNoBorder" onClick={() => setEditing(n.id)} aria-describedby={`news-${n.id}`}>
                    {t('callNews.edit')}
                  </Button>
                  <Button variant="secondaryNoBorder" onClick={() => setRemoving(n)} aria-describedby={`news-${n.id}`}>
                    {t('callNews.remove')}
                  </Button>
                </div>
              ) : null}
            </li>
          ),
        )}
      </ol>
      {del.error ? <ProblemAlert error={del.error} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('callNews.more')}
        </Button>
      ) : null}
      <ConfirmDialog
        open={removing !== null}
        title={t('callNews.removeTitle')}
        text={t('callNews.removeText')}
        confirmText={t('callNews.remove')}
        busy={del.isPending}
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          if (removing) del.mutate(removing.id, { onSuccess: () => announce(t('callNews.removed')) });
          setRemoving(null);
        }}
      />
    </section>
  );
}

function NewsItem({ news }: { news: CallNews }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const edited = news.updated_at !== news.published_at;
  return (
    <article aria-labelledby={`news-${news.id}`}>
      <p className="call-news__date">
        <time dateTime={news.published_at}>{f.date(news.published_at)}</time>
      </p>
      <Heading variant="h3" id={`news-${news.id}`} className="call-news__title" lang={fallbackLang(news.title, lang)}>
        {pick(news.title, lang)}
      </Heading>
      {/* Safe: `body_html` is the server's sanitised rendering of the manager's Markdown. */}
      <div
        className="prose"
        lang={fallbackLang(news.body_html, lang)}
        // eslint-disable-next-line no-restricted-syntax
        dangerouslySetInnerHTML={{ __html: pick(news.body_html, lang) }}
      />
      <p className="call-news__meta">
        {news.author ? t('callNews.postedBy', { name: news.author.display_name }) : null}
        {news.author && edited ? ' · ' : null}
        {edited ? t('callNews.edited', { date: f.date(news.updated_at) }) : null}
      </p>
    </article>
  );
}
