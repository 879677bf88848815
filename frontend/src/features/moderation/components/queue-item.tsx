import { Button, Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { authorName } from '@/lib/author';
import { useFormat } from '@/lib/format';
import type { ModeratorAction } from '@/lib/types';
import type { QueueItem } from '../api/types';
import type { Act } from './action-dialog';

/** The acts that fit an item in its present state (the server refuses the others anyway). */
export function actsFor(item: QueueItem, viewerId: string): Act[] {
  if (item.kind === 'appeal') {
    if (!item.appeal || item.appeal.acted_by?.id === viewerId) return [];
    return [
      { kind: 'decision', outcome: 'upheld' },
      { kind: 'decision', outcome: 'overturned' },
    ];
  }
  const v = item.target.visibility;
  const actions: ModeratorAction[] = [];
  if (v === 'pending') actions.push('approve', 'reject');
  else if (v === 'rejected') actions.push('approve');
  else if (v === 'visible' && !item.target.deleted) actions.push('hide');
  // Hidden by reports: a moderator keeps it hidden (upholding them) or restores it.
  else if (v === 'hidden') actions.push(...(item.open_reports > 0 ? (['hide', 'restore'] as const) : (['restore'] as const)));
  if (item.open_reports > 0) actions.push('dismiss_reports');
  return actions.map((action) => ({ kind: 'action', action }));
}

interface Props {
  item: QueueItem;
  viewerId: string;
  onAct: (act: Act) => void;
}

export function QueueItemCard({ item, viewerId, onAct }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const tg = item.target;
  const link = `/proposals/${tg.proposal_id}${tg.kind === 'comment' ? `#comment-${tg.id}` : ''}`;
  const headingId = `queue-${item.kind}-${item.appeal?.id ?? tg.id}`;
  const acts = actsFor(item, viewerId);
  const ownAction = item.kind === 'appeal' && item.appeal?.acted_by?.id === viewerId;
  return (
    <article className="card queue-item" aria-labelledby={headingId}>
      <div className="card__meta">
        <span className={`tag tag--queue-${item.kind}`}>{t(`moderation.kind.${item.kind}`)}</span>
        {tg.visibility !== 'visible' ? (
          <span className={`tag tag--visibility-${tg.visibility}`}>{t(`proposals.visibility.${tg.visibility}`)}</span>
        ) : null}
        <span className="proposal-number">
          {t(tg.kind === 'proposal' ? 'moderation.item.proposal' : 'moderation.item.comment', { number: tg.proposal_number })}
        </span>
      </div>
      <Heading variant="h3" as="h2" id={headingId} className="card__title">
        <Link to={link}>{tg.title || t('proposals.hiddenTitle')}</Link>
      </Heading>
      {tg.deleted ? <p className="queue-item__deleted">{t('moderation.item.deleted')}</p> : null}
      {tg.excerpt ? <blockquote className="queue-item__excerpt">{tg.excerpt}</blockquote> : null}
      <p className="card__byline">
        {t('moderation.item.by', { name: authorName(t, tg.author) })}
        {item.queued_at ? (
          <>
            {' · '}
            {t('moderation.item.queuedAt')} <time dateTime={item.queued_at}>{f.dateTime(item.queued_at)}</time>
          </>
        ) : null}
      </p>
      {item.open_reports > 0 ? (
        <div className="queue-item__reports">
          <p className="queue-item__count">
            <strong>{t('moderation.item.reports', { count: item.open_reports, formatted: f.number(item.open_reports) })}</strong>
            {': '}
            {item.reasons
              .map((r) => t('moderation.item.reasonCount', { reason: t(`moderation.reason.${r.reason}`), count: r.count }))
              .join(', ')}
          </p>
          <ul className="queue-item__report-list" aria-label={t('moderation.item.reportsTitle')}>
            {item.reports.map((r) => (
              <li key={r.id}>
                <span className="queue-item__reporter">
                  {t('moderation.item.reportBy', { name: authorName(t, r.reporter), reason: t(`moderation.reason.${r.reason}`) })}
                </span>{' '}
                · <time dateTime={r.created_at}>{f.dateTime(r.created_at)}</time>
                {r.note ? <p className="queue-item__note">{r.note}</p> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {item.appeal ? (
        <div className="queue-item__appeal">
          <p>
            <strong>{t('moderation.item.appealAbout', { action: t(`moderation.action.${item.appeal.action}`) })}</strong>{' '}
            {item.appeal.acted_by
              ? t('moderation.item.actedBy', { name: authorName(t, item.appeal.acted_by) })
              : t('moderation.item.actedBySystem')}
          </p>
          {item.appeal.reason ? <p>{t('moderation.reasonLine', { reason: item.appeal.reason })}</p> : null}
          <p className="queue-item__appeal-label">
            {t('moderation.item.appealText')} · <time dateTime={item.appeal.created_at}>{f.dateTime(item.appeal.created_at)}</time>
          </p>
          <blockquote className="queue-item__excerpt">{item.appeal.text}</blockquote>
          {ownAction ? <p className="refusal-note">{t('moderation.item.ownAction')}</p> : null}
        </div>
      ) : null}
      <div className="queue-item__actions" role="group" aria-label={t('moderation.item.actions')}>
        {acts.map((act) => {
          const key = act.kind === 'action' ? act.action : act.outcome;
          return (
            <Button key={key} variant="secondary" onClick={() => onAct(act)}>
              {key === 'hide' && tg.visibility === 'hidden' ? t('moderation.do.confirmHide') : t(`moderation.do.${key}`)}
            </Button>
          );
        })}
        <Link to={`/moderation/log?target_id=${tg.id}`} className="queue-item__log-link">
          {t('moderation.item.log')}
        </Link>
      </div>
    </article>
  );
}
