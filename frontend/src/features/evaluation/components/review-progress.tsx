import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { useProgress } from '../api/ranking';

/** How far the reviews are: proposals fully reviewed, without reviews, and each evaluator's count. */
export function ReviewProgress({ callId }: { callId: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useProgress(callId);
  return (
    <section aria-labelledby="progress-title" className="admin-section">
      <Heading variant="h2" id="progress-title" className="section-title">
        {t('evaluation.progress.title')}
      </Heading>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <>
          <ul className="progress-figures">
            <li>
              <strong>{f.number(q.data.fully_reviewed)}</strong> / {f.number(q.data.proposals)} {t('evaluation.progress.fully')}
            </li>
            <li>
              <strong>{f.number(q.data.without_reviews)}</strong> {t('evaluation.progress.without')}
            </li>
          </ul>
          {q.data.proposals > 0 ? (
            <progress className="progress-bar" max={q.data.proposals} value={q.data.fully_reviewed} aria-labelledby="progress-title" />
          ) : null}
          {q.data.evaluators.length === 0 ? (
            <p>{t('evaluation.progress.noEvaluators')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table table--stack">
                <caption className="visually-hidden">{t('evaluation.progress.perEvaluator')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('evaluation.progress.evaluator')}</th>
                    <th scope="col">{t('evaluation.progress.submitted')}</th>
                    <th scope="col">{t('evaluation.progress.drafts')}</th>
                    <th scope="col">{t('evaluation.progress.conflicts')}</th>
                    <th scope="col">{t('evaluation.progress.remaining')}</th>
                  </tr>
                </thead>
                <tbody>
                  {q.data.evaluators.map((e) => (
                    <tr key={e.user.id}>
                      <td data-label={t('evaluation.progress.evaluator')}>{e.user.display_name}</td>
                      <td data-label={t('evaluation.progress.submitted')}>{f.number(e.submitted)}</td>
                      <td data-label={t('evaluation.progress.drafts')}>{f.number(e.drafts)}</td>
                      <td data-label={t('evaluation.progress.conflicts')}>{f.number(e.conflicts)}</td>
                      <td data-label={t('evaluation.progress.remaining')}>{f.number(e.remaining)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
