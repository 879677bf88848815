import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fallbackLang, pick } from '@/lib/localized';
import type { Proposal } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';

/**
 * What became of a proposal: the proposal it was merged into, the authors credited through
 * merges, and the decision with its public answer (once published, or to admins and evaluators).
 */
export function ProposalOutcome({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { decision, merged_into: into, credits } = proposal;
  if (!decision && !into && credits.length === 0) return null;
  const a = decision?.answer;
  const answer = a && (a.fi || a.sv || a.en) ? { fi: a.fi ?? a.sv ?? a.en ?? '', sv: a.sv, en: a.en } : null;
  return (
    <section className="side-box proposal-outcome" aria-label={t('results.outcome.title')}>
      {into ? (
        <p>
          {t('results.outcome.mergedInto')}{' '}
          <Link to={`/proposals/${into.id}`}>{t('evaluation.ranking.numbered', { number: into.number, title: into.title })}</Link>
        </p>
      ) : null}
      {credits.length > 0 ? <p>{t('results.outcome.credits', { names: credits.map((c) => c.display_name).join(', ') })}</p> : null}
      {decision ? (
        <>
          <p>
            {t('results.outcome.decision')}{' '}
            <span className={`tag tag--stage-${decision.stage}`}>{t(`proposals.stage.${decision.stage}`)}</span>
          </p>
          {answer ? (
            <p className="pre-line" lang={fallbackLang(answer, lang)}>
              {pick(answer, lang)}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
