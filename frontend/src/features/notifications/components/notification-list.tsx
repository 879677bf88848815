import { Button, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { errorMessage } from '@/components/problem-message';
import { useFormat } from '@/lib/format';
import type { Language } from '@/lib/i18n';
import { pick } from '@/lib/localized';
import { useLoadMoreFocus } from '@/lib/use-load-more-focus';
import type { Notification } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useNotifications } from '../api/get-notifications';
import { useMarkAllRead } from '../api/mark-all-notifications-read';
import { useMarkRead } from '../api/mark-notification-read';
import { notificationTarget, type Target } from './notification-target';

/** The text of a notification of evaluation, pilots or call news. */
function targetText(t: TFunction, lang: Language, target: Target, params: { number: number | string; title: string }): string {
  switch (target.key) {
    case 'call_news':
      return target.callTitle && target.newsTitle
        ? t('notifications.callNews', { call: pick(target.callTitle, lang), news: pick(target.newsTitle, lang) })
        : t('notifications.kind.call_news');
    case 'decision':
      return target.stage ? t(`notifications.decision.${target.stage}`, params) : t('notifications.kind.decision_published', params);
    case 'followed_decision':
      return target.stage ? t(`notifications.followedDecision.${target.stage}`, params) : t('notifications.kind.followed_decision', params);
    case 'interest':
      return target.onBehalf ? t('notifications.interestBehalf', params) : t('notifications.kind.interest_declared', params);
    case 'merged':
      return target.sourceNumber !== null && target.targetNumber !== null
        ? t('notifications.merged', { source: target.sourceNumber, target: target.targetNumber })
        : t('notifications.kind.proposal_merged', params);
    case 'coauthor_invited':
    case 'coauthor_removed':
      return t(`notifications.kind.${target.key}`, params);
    case 'coauthor_answered':
      return t(target.accepted ? 'coauthors.notification.accepted' : 'coauthors.notification.declined', params);
    default:
      return target.pilotTitle
        ? t(`notifications.pilot.${target.key}`, { ...params, pilot: target.pilotTitle })
        : t(`notifications.kind.${target.key}`, params);
  }
}

function NotificationItem({ n, onOpen }: { n: Notification; onOpen: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const f = useFormat();
  const mod = n.moderation;
  const params = {
    actor: n.actor?.display_name ?? t('notifications.someone'),
    number: n.proposal_number ?? '',
    title: n.proposal_title ?? t('proposals.hiddenTitle'),
    category: t(`moderation.category.${mod?.category ?? 'other'}`),
  };
  const target = notificationTarget(n);
  // Moderation of a comment says so; evaluation and pilots say what they are about; everything
  // else is about the proposal.
  const text = target
    ? targetText(t, lang, target, params)
    : n.comment_id && (n.kind === 'content_hidden' || n.kind === 'content_restored')
      ? t(`notifications.comment.${n.kind}`, params)
      : t(`notifications.kind.${n.kind}`, params);
  const to = target ? target.to : n.proposal_id ? `/proposals/${n.proposal_id}${n.comment_id ? `#comment-${n.comment_id}` : ''}` : null;
  return (
    <div className={`notification ${n.read ? '' : 'notification--unread'}`}>
      {!n.read ? <span className="notification__dot">{t('notifications.unread')}</span> : null}
      <p className="notification__text">
        {to ? (
          <Link to={to} onClick={onOpen}>
            {text}
          </Link>
        ) : (
          text
        )}
      </p>
      {mod?.outcome ? <p className="notification__detail">{t(`notifications.outcome.${mod.outcome}`)}</p> : null}
      {mod?.action === 'auto_hide' ? <p className="notification__detail">{t('notifications.autoHidden')}</p> : null}
      {mod?.reason ? <p className="notification__detail">{t('notifications.reason', { reason: mod.reason })}</p> : null}
      <p className="notification__time">
        <time dateTime={n.created_at}>{f.dateTime(n.created_at)}</time>
      </p>
    </div>
  );
}

export function NotificationList() {
  const { t } = useTranslation();
  const q = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const items = (q.data?.pages ?? []).flatMap((p) => p.items);
  const { listRef, loadMore } = useLoadMoreFocus<HTMLUListElement>(items.length);
  if (q.isError && !q.isFetchNextPageError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const unread = q.data?.pages[0]?.unread ?? 0;
  return (
    <div className="notifications">
      <div className="notifications__bar">
        <p aria-live="polite">{t('notifications.unreadCount', { count: unread })}</p>
        {unread > 0 ? (
          <Button variant="secondary" onClick={() => markAll.mutate()} disabled={markAll.isPending}>
            {t('notifications.markAll')}
          </Button>
        ) : null}
      </div>
      {markAll.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(t, markAll.error)}
        </p>
      ) : null}
      {items.length === 0 ? <Paragraph>{t('notifications.empty')}</Paragraph> : null}
      <ul className="notification-list" ref={listRef}>
        {items.map((n) => (
          <li key={n.id}>
            <NotificationItem n={n} onOpen={() => (n.read ? undefined : markRead.mutate(n.id))} />
          </li>
        ))}
      </ul>
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => loadMore(() => q.fetchNextPage())} disabled={q.isFetchingNextPage}>
          {t('notifications.more')}
        </Button>
      ) : null}
    </div>
  );
}
