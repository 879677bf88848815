import { useTranslation } from 'react-i18next';
import { Localized } from '@/components/localized';
import type { Criterion, Review } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';

/** A review as read back: its scores per criterion, recommendation, weighted score and note. */
export function ReviewCard({ review, criteria, own = false }: { review: Review; criteria: Criterion[]; own?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const score = (c: Criterion) => review.scores.find((s) => s.criterion_id === c.id)?.score;
  return (
    <article className="review-card">
      <p className="review-card__head">
        <strong>{own ? t('evaluation.review.you') : review.evaluator.display_name}</strong>
        {review.submitted_at ? (
          <span className="muted"> · {t('evaluation.review.submittedAt', { time: f.dateTime(review.submitted_at) })}</span>
        ) : null}
      </p>
      <dl className="review-card__scores">
        {criteria.map((c) => (
          <div key={c.id}>
            <dt>
              <Localized texts={c.name} />
            </dt>
            <dd>{score(c) !== undefined ? f.number(score(c) as number) : '–'}</dd>
          </div>
        ))}
        <div>
          <dt>{t('evaluation.review.weighted')}</dt>
          <dd>{review.weighted_score != null ? f.decimal(review.weighted_score) : '–'}</dd>
        </div>
        <div>
          <dt>{t('evaluation.review.recommendation')}</dt>
          <dd>{review.recommendation ? t(`evaluation.recommendation.${review.recommendation}`) : '–'}</dd>
        </div>
      </dl>
      {review.note ? (
        <div className="review-card__note">
          <p className="review-card__note-label">{own ? t('evaluation.review.note') : t('evaluation.review.noteOther')}</p>
          <p className="pre-line">{review.note}</p>
        </div>
      ) : null}
    </article>
  );
}
