import { useState } from 'react';
import { Button, Dropdown, DropdownItem } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { rankingSortValues, type RankingItem, type RankingSort } from '@/lib/eval-types';
import { useFormat } from '@/lib/format';
import { orgShortName } from '@/lib/localized';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { useRanking } from '../api/ranking';
import { DecisionDialog } from './decision-dialog';

/** The columns a reader can order by, as the header's buttons. */
const HEAD: readonly {
  sort: RankingSort | null;
  key: 'number' | 'score' | 'reviews' | 'spread' | 'recommendations' | 'thumbs' | 'comments';
}[] = [
  { sort: 'number', key: 'number' },
  { sort: 'score', key: 'score' },
  { sort: null, key: 'reviews' },
  { sort: 'spread', key: 'spread' },
  { sort: null, key: 'recommendations' },
  { sort: 'thumbs', key: 'thumbs' },
  { sort: 'comments', key: 'comments' },
];

interface Props {
  callId: string;
  sort: RankingSort;
  onSort: (sort: RankingSort) => void;
  /** Admins decide inline. */
  canDecide: boolean;
}

/**
 * The ranking: per proposal the weighted mean score, reviews (and how many are missing), the
 * spread with a disagreement flag, recommendations, thumbs and comments. Scores an evaluator may
 * not see yet (their own review is not submitted) are hidden, and the reason is said.
 */
export function RankingTable({ callId, sort, onSort, canDecide }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useRanking(callId, sort);
  const [deciding, setDeciding] = useState<RankingItem | null>(null);
  if (q.isError && !q.data) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const items = q.data.pages.flatMap((p) => p.items);
  const first = q.data.pages[0];
  const anyHidden = items.some((i) => i.scores_hidden);
  const label = (key: (typeof HEAD)[number]['key']) => t(`evaluation.ranking.col.${key}`);
  return (
    <div className="ranking">
      <div className="ranking__bar">
        <Dropdown
          labelText={t('evaluation.ranking.sort')}
          value={sort}
          onChange={(v) => onSort(v as RankingSort)}
          className="ranking__sort"
        >
          {rankingSortValues.map((s) => (
            <DropdownItem key={s} value={s}>
              {t(`evaluation.ranking.sortBy.${s}`)}
            </DropdownItem>
          ))}
        </Dropdown>
        <p className="muted" aria-live="polite">
          {t('evaluation.ranking.total', { count: first?.total ?? 0, evaluators: f.number(first?.evaluators ?? 0) })}
        </p>
      </div>
      <p className="muted">{t('evaluation.ranking.formula')}</p>
      {anyHidden ? <p className="note-box">{t('evaluation.ranking.hiddenExplained')}</p> : null}
      {items.length === 0 ? (
        <p className="empty-state">{t('evaluation.ranking.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack ranking-table">
            <caption className="visually-hidden">
              {t('evaluation.ranking.caption', { sort: t(`evaluation.ranking.sortBy.${sort}`) })}
            </caption>
            <thead>
              <tr>
                {HEAD.map((h) => (
                  <th key={h.key} scope="col" aria-sort={h.sort === sort ? (sort === 'number' ? 'ascending' : 'descending') : undefined}>
                    {h.sort ? (
                      <button type="button" className="sort-button" onClick={() => onSort(h.sort as RankingSort)}>
                        {label(h.key)}
                        {h.sort === sort ? <span aria-hidden="true">{sort === 'number' ? ' ▲' : ' ▼'}</span> : null}
                      </button>
                    ) : (
                      label(h.key)
                    )}
                  </th>
                ))}
                <th scope="col">{t('evaluation.ranking.col.decision')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.proposal.id} className={i.disagreement ? 'ranking-row--disagree' : undefined}>
                  <th scope="row" data-label={label('number')} className="ranking-table__proposal">
                    <span>
                      <Link to={`/evaluation/proposals/${i.proposal.id}`}>
                        {t('evaluation.ranking.numbered', { number: i.proposal.number, title: i.proposal.title })}
                      </Link>
                      <span className="ranking-table__orgs muted">
                        {i.proposal.author.display_name}
                        {i.proposal.organisations.length > 0
                          ? ` · ${i.proposal.organisations.map((o) => orgShortName(o, lang)).join(', ')}`
                          : ''}
                      </span>
                      {i.my_review ? (
                        <span className={`tag tag--review-${i.my_review}`}>{t(`evaluation.ranking.mine.${i.my_review}`)}</span>
                      ) : null}
                    </span>
                  </th>
                  <td data-label={label('score')}>
                    {i.scores_hidden ? (
                      <span className="muted">{t('evaluation.ranking.hidden')}</span>
                    ) : i.score != null ? (
                      <strong>{f.decimal(i.score)}</strong>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td data-label={label('reviews')}>
                    {f.number(i.review_count)}
                    {i.missing_reviews > 0 ? (
                      <span className="tag tag--missing">{t('evaluation.ranking.missing', { count: i.missing_reviews })}</span>
                    ) : null}
                  </td>
                  <td data-label={label('spread')}>
                    {i.scores_hidden || i.spread == null ? '–' : f.number(i.spread)}
                    {i.disagreement ? <span className="tag tag--disagree">{t('evaluation.ranking.disagreement')}</span> : null}
                  </td>
                  <td data-label={label('recommendations')}>
                    {i.recommendations && !i.scores_hidden ? (
                      <span>
                        {t('evaluation.ranking.recommendations', {
                          shortlist: f.number(i.recommendations.shortlist),
                          maybe: f.number(i.recommendations.maybe),
                          reject: f.number(i.recommendations.reject),
                        })}
                      </span>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td data-label={label('thumbs')}>{f.number(i.thumbs)}</td>
                  <td data-label={label('comments')}>{f.number(i.comments)}</td>
                  <td data-label={t('evaluation.ranking.col.decision')}>
                    <span className="ranking-table__decision">
                      {i.decision ? (
                        <span className={`tag tag--stage-${i.decision.stage}`}>{t(`proposals.stage.${i.decision.stage}`)}</span>
                      ) : (
                        <span className="muted">{t('evaluation.ranking.undecided')}</span>
                      )}
                      {canDecide ? (
                        <Button variant="secondaryNoBorder" onClick={() => setDeciding(i)}>
                          {i.decision ? t('evaluation.decision.change') : t('evaluation.decision.open')}
                          <span className="visually-hidden"> – {t('evaluation.decision.forProposal', { number: i.proposal.number })}</span>
                        </Button>
                      ) : null}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.isFetchNextPageError ? <ProblemAlert error={q.error} /> : null}
      {q.hasNextPage ? (
        <Button variant="secondary" onClick={() => void q.fetchNextPage()} disabled={q.isFetchingNextPage}>
          {t('evaluation.ranking.more')}
        </Button>
      ) : null}
      {deciding ? (
        <DecisionDialog
          key={deciding.proposal.id}
          item={deciding}
          onClose={(done) => {
            setDeciding(null);
            if (done) announce(done);
          }}
        />
      ) : null}
    </div>
  );
}
