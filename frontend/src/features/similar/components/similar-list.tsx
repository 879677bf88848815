import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '@/lib/format';
import type { SimilarProposal } from '../api/similar';

/**
 * Similar proposals as links. `newTab`: each opens in a new tab (the draft beside it stays),
 * and the link text says so for screen readers.
 */
export function SimilarList({ items, newTab, showVisibility }: { items: SimilarProposal[]; newTab: boolean; showVisibility?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  return (
    <ul className="similar__list">
      {items.map((p) => (
        <li key={p.id} className="similar__item">
          {newTab ? (
            <a href={`/proposals/${p.id}`} className="similar__link" target="_blank" rel="noopener noreferrer">
              {p.title || t('proposals.hiddenTitle')}
              <span className="visually-hidden"> {t('similar.newTab')}</span>
            </a>
          ) : (
            <Link to={`/proposals/${p.id}`} className="similar__link">
              {p.title || t('proposals.hiddenTitle')}
            </Link>
          )}
          {p.summary ? <p className="similar__summary">{p.summary}</p> : null}
          <p className="similar__meta">
            {t('proposals.card.number', { number: p.number })}
            {' · '}
            {t('proposals.thumb.count', { count: p.thumb_count, formatted: f.number(p.thumb_count) })}
            {' · '}
            {t('proposals.card.comments', { count: p.comment_count, formatted: f.number(p.comment_count) })}
            {p.stage !== 'submitted' ? ` · ${t(`proposals.stage.${p.stage}`)}` : null}
            {showVisibility && p.visibility !== 'visible' ? ` · ${t(`proposals.visibility.${p.visibility}`)}` : null}
          </p>
        </li>
      ))}
    </ul>
  );
}
