import { Button, Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { decisionStageValues, type DecisionItem } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { fallbackLang, orgShortName, pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import { useDecisions } from '../api/get-decisions';

function Answer({ item }: { item: DecisionItem }) {
  const lang = useLanguage();
  const a = item.decision.answer;
  const texts = a.fi ? { fi: a.fi, sv: a.sv, en: a.en } : null;
  // An answer written only in Swedish or English still shows to a Finnish reader.
  const text = texts ? pick(texts, lang) : (a[lang] ?? a.sv ?? a.en ?? '');
  if (!text) return null;
  const marked = texts ? fallbackLang(texts, lang) : a[lang] ? undefined : a.sv ? 'sv' : 'en';
  return (
    <p className="result-item__answer pre-line" lang={marked}>
      {text}
    </p>
  );
}

/** A call's published decisions with their public answers: selected first. */
export function ResultsList({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useDecisions(callId);
  if (q.isError && !q.data) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const first = q.data.pages[0];
  const items = q.data.pages.flatMap((p) => p.items);
  if (!first?.published && items.length === 0) return <p className="empty-state">{t('results.notPublished')}</p>;
  return (
    <>
      {first?.published && first.published_at ? (
        <p>{t('results.publishedAt', { time: f.dateTime(first.published_at) })}</p>
      ) : (
        <p className="note-box">{t('results.preview')}</p>
      )}
      {items.length === 0 ? <p className="empty-state">{t('results.empty')}</p> : null}
      {decisionStageValues.map((stage) => {
        const group = items.filter((i) => i.decision.stage === stage);
        if (group.length === 0) return null;
        return (
          <section key={stage} aria-labelledby={`results-${stage}`} className="results-group">
            <Heading variant="h2" id={`results-${stage}`} className="section-title">
              {t(`results.stage.${stage}`, { count: group.length })}
            </Heading>
            <ul className="results-list">
              {group.map((i) => (
                <li key={i.proposal.id} className="card result-item">
                  <h3 className="card__title">
                    <Link to={`/proposals/${i.proposal.id}`}>
                      {t('evaluation.ranking.numbered', { number: i.proposal.number, title: i.proposal.title })}
                    </Link>
                  </h3>
                  <p className="muted">
                    {i.proposal.author.display_name}
                    {i.proposal.organisations.length > 0
                      ? ` · ${i.proposal.organisations.map((o) => orgShortName(o, lang)).join(', ')}`
                      : ''}
                    {' · '}
                    {t('results.counts', { thumbs: f.number(i.proposal.thumbs), comments: f.number(i.proposal.comments) })}
                  </p>
                  <span className={`tag tag--stage-${stage}`}>{t(`proposals.stage.${stage}`)}</span>
                  <Answer item={i} />
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('results.more')}
        </Button>
      ) : null}
    </>
  );
}
