import { useRef, useState } from 'react';
import { Button, Heading, Paragraph, RadioButton, RadioButtonGroup, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { Localized } from '@/components/localized';
import { ProblemAlert } from '@/components/problem-alert';
import { RefusalNote } from '@/components/refusal-note';
import {
  recommendationValues,
  SCORES,
  type Criterion,
  type Recommendation,
  type Review,
  type ReviewBody,
  type Reviews,
} from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import { ApiProblem } from '@/lib/problem';
import { announce } from '@/lib/status';
import { NOTE_MAX, useSaveReview, useSubmitReview } from '../api/reviews';
import { ConflictBox } from './conflict-box';
import { ReviewCard } from './review-card';

type Scores = Record<string, number | undefined>;

function initialScores(mine: Review | null): Scores {
  const out: Scores = {};
  for (const s of mine?.scores ?? []) out[s.criterion_id] = s.score;
  return out;
}

/**
 * The evaluator's review of one proposal: a score 1–5 per criterion, a recommendation and a
 * private note, saved as a draft and then submitted (final). Other evaluators' reviews stay
 * hidden until the viewer's own is submitted.
 */
export function ReviewPanel({ proposalId, reviews }: { proposalId: string; reviews: Reviews }) {
  const { t } = useTranslation();
  const submitted = reviews.mine?.status === 'submitted';
  return (
    <div className="review-panel">
      {reviews.conflict ? null : submitted && reviews.mine ? (
        <section aria-labelledby="my-review">
          <Heading variant="h2" id="my-review" className="section-title">
            {t('evaluation.review.mine')}
          </Heading>
          <ReviewCard review={reviews.mine} criteria={reviews.criteria} own />
        </section>
      ) : reviews.can_review ? (
        <ReviewForm key={proposalId} proposalId={proposalId} criteria={reviews.criteria} mine={reviews.mine ?? null} />
      ) : (
        <RefusalNote code={reviews.review_refusal} />
      )}
      {submitted ? null : <ConflictBox proposalId={proposalId} conflict={reviews.conflict} />}
      <section aria-labelledby="other-reviews" className="other-reviews">
        <Heading variant="h2" id="other-reviews" className="section-title">
          {t('evaluation.review.others')}
        </Heading>
        {reviews.others_hidden ? (
          <p className="note-box">{t('evaluation.review.othersHidden')}</p>
        ) : reviews.others.length === 0 ? (
          <p>{t('evaluation.review.noOthers')}</p>
        ) : (
          <ul className="review-list">
            {reviews.others.map((r) => (
              <li key={r.id}>
                <ReviewCard review={r} criteria={reviews.criteria} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

function ReviewForm({ proposalId, criteria, mine }: { proposalId: string; criteria: Criterion[]; mine: Review | null }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const save = useSaveReview(proposalId);
  const submit = useSubmitReview(proposalId);
  const [scores, setScores] = useState<Scores>(() => initialScores(mine));
  const [recommendation, setRecommendation] = useState<Recommendation | ''>(mine?.recommendation ?? '');
  const [note, setNote] = useState(mine?.note ?? '');
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState(false);
  const [savedAt, setSavedAt] = useState<string | null>(mine?.updated_at ?? null);
  const summary = useRef<HTMLDivElement>(null);
  const noteTooLong = [...note].length > NOTE_MAX;

  const body = (): ReviewBody => ({
    scores: criteria.flatMap((c) => (scores[c.id] ? [{ criterion_id: c.id, score: scores[c.id] as number }] : [])),
    recommendation: recommendation || null,
    note: note.trim() ? note : null,
  });
  const unscored = criteria.filter((c) => !scores[c.id]);
  const complete = unscored.length === 0 && recommendation !== '';
  const error = submit.error ?? save.error;
  const incomplete = error instanceof ApiProblem && error.code === 'review_incomplete';

  const onSave = () => {
    if (noteTooLong) return;
    save.mutate(body(), {
      onSuccess: (r) => {
        setSavedAt(r.updated_at);
        announce(t('evaluation.review.draftSaved'));
      },
    });
  };
  const onSubmit = () => {
    if (noteTooLong) return;
    if (!complete) {
      setMissing(true);
      requestAnimationFrame(() => summary.current?.focus());
      return;
    }
    setMissing(false);
    setConfirming(true);
  };

  return (
    <section aria-labelledby="review-form-title" className="review-form">
      <Heading variant="h2" id="review-form-title" className="section-title">
        {t('evaluation.review.title')}
      </Heading>
      <Paragraph>{t('evaluation.review.lead')}</Paragraph>
      {mine?.status === 'draft' && savedAt ? (
        <p className="muted">{t('evaluation.review.draftFrom', { time: f.dateTime(savedAt) })}</p>
      ) : null}
      {missing || incomplete ? (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary}>
          <p>{t('evaluation.review.incomplete')}</p>
          <ul>
            {unscored.map((c) => (
              <li key={c.id}>
                <a href={`#score-${c.id}`}>
                  <Localized texts={c.name} />
                </a>
              </li>
            ))}
            {recommendation === '' ? (
              <li>
                <a href="#recommendation">{t('evaluation.review.recommendation')}</a>
              </li>
            ) : null}
          </ul>
        </div>
      ) : null}
      {error && !incomplete ? <ProblemAlert error={error} /> : null}
      <div className="review-form__criteria">
        {criteria.map((c) => (
          <div key={c.id} className="criterion-field">
            <RadioButtonGroup
              id={`score-${c.id}`}
              name={`score-${c.id}`}
              labelText={`${pick(c.name, lang)} (${t('evaluation.criteria.weightShort', { weight: f.number(c.weight) })})`}
              groupHintText={pick(c.description, lang)}
              value={scores[c.id] ? String(scores[c.id]) : ''}
              onChange={(v) => setScores((old) => ({ ...old, [c.id]: Number(v) }))}
              groupStatus={missing && !scores[c.id] ? 'error' : 'default'}
              groupStatusText={missing && !scores[c.id] ? t('evaluation.review.scoreMissing') : undefined}
              className="score-group"
            >
              {SCORES.map((s) => (
                <RadioButton key={s} value={String(s)} hintText={s === 1 || s === 5 ? t(`evaluation.review.scoreHint${s}`) : undefined}>
                  {f.number(s)}
                </RadioButton>
              ))}
            </RadioButtonGroup>
          </div>
        ))}
      </div>
      <RadioButtonGroup
        id="recommendation"
        name="recommendation"
        labelText={t('evaluation.review.recommendation')}
        value={recommendation}
        onChange={(v) => setRecommendation(v as Recommendation)}
        groupStatus={missing && recommendation === '' ? 'error' : 'default'}
        groupStatusText={missing && recommendation === '' ? t('evaluation.review.recommendationMissing') : undefined}
      >
        {recommendationValues.map((r) => (
          <RadioButton key={r} value={r}>
            {t(`evaluation.recommendation.${r}`)}
          </RadioButton>
        ))}
      </RadioButtonGroup>
      <Textarea
        id="review-note"
        labelText={t('evaluation.review.note')}
        optionalText={t('common.optional')}
        hintText={t('evaluation.review.noteHint', { max: f.number(NOTE_MAX) })}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        status={noteTooLong ? 'error' : 'default'}
        statusText={noteTooLong ? t('moderation.tooLong', { max: f.number(NOTE_MAX) }) : undefined}
        rows={4}
        fullWidth
      />
      <div className="form-actions">
        <Button onClick={onSubmit} disabled={submit.isPending || save.isPending}>
          {t('evaluation.review.submit')}
        </Button>
        <Button variant="secondary" onClick={onSave} disabled={submit.isPending || save.isPending}>
          {t('evaluation.review.saveDraft')}
        </Button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={t('evaluation.review.confirmTitle')}
        text={t('evaluation.review.confirmText')}
        confirmText={t('evaluation.review.submit')}
        busy={submit.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          submit.mutate(body(), { onSuccess: () => announce(t('evaluation.review.submitted')) });
        }}
      />
    </section>
  );
}
