import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Localized } from '@/components/localized';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useMyEvaluations } from '../api/get-my-evaluations';

/** The calls the evaluator is assigned to, each with its progress and whether reviews are open. */
export function MyEvaluations() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useMyEvaluations();
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  if (q.data.items.length === 0) return <p className="empty-state">{t('evaluation.mine.empty')}</p>;
  return (
    <ul className="evaluation-calls">
      {q.data.items.map((e) => {
        const reviewable = Math.max(0, e.proposals - e.conflicts);
        return (
          <li key={e.call.id} className="card evaluation-call">
            <h2 className="card__title">
              <Link to={`/evaluation/calls/${e.call.id}`}>
                <Localized texts={e.call.title} />
              </Link>
            </h2>
            <p>
              <span className={`phase-tag phase-tag--${e.call.phase}`}>{t(`calls.phase.${e.call.phase}`)}</span>{' '}
              {e.reviews_open ? t('evaluation.mine.open') : t('evaluation.mine.closed')}
            </p>
            <p id={`progress-${e.call.id}`}>
              {t('evaluation.mine.progress', { submitted: f.number(e.submitted), total: f.number(reviewable) })}
              {e.drafts > 0 ? ` · ${t('evaluation.mine.drafts', { count: e.drafts })}` : ''}
              {e.conflicts > 0 ? ` · ${t('evaluation.mine.conflicts', { count: e.conflicts })}` : ''}
            </p>
            {reviewable > 0 ? (
              <progress className="progress-bar" max={reviewable} value={e.submitted} aria-labelledby={`progress-${e.call.id}`} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
