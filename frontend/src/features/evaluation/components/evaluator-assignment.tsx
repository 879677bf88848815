import { useState } from 'react';
import { Button, Heading, Paragraph, SearchInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { orgShortName } from '@/lib/localized';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { useAssignEvaluator, useEvaluatorCandidates, useEvaluators, useRemoveEvaluator } from '../api/evaluators';

/**
 * The admin assigns users with the evaluator role to the call, and removes them. A call
 * manager (`canSearch` false) sees and removes them; searching users is for admins.
 */
export function EvaluatorAssignment({ callId, canSearch = true }: { callId: string; canSearch?: boolean }) {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useEvaluators(callId);
  const [search, setSearch] = useState('');
  const candidates = useEvaluatorCandidates(search, canSearch);
  const assign = useAssignEvaluator(callId);
  const remove = useRemoveEvaluator(callId);
  const assigned = new Set((q.data?.items ?? []).map((e) => e.user.id));
  const free = (candidates.data?.items ?? []).filter((u) => !assigned.has(u.id));
  return (
    <section aria-labelledby="evaluators-title" className="admin-section">
      <Heading variant="h2" id="evaluators-title" className="section-title">
        {t('evaluation.evaluators.title')}
      </Heading>
      <Paragraph>{t('evaluation.evaluators.lead')}</Paragraph>
      {remove.error ? <ProblemAlert error={remove.error} /> : null}
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : q.data.items.length === 0 ? (
        <p className="muted">{t('evaluation.evaluators.none')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{t('evaluation.evaluators.assigned')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('evaluation.progress.evaluator')}</th>
                <th scope="col">{t('evaluation.evaluators.organisation')}</th>
                <th scope="col">{t('evaluation.progress.submitted')}</th>
                <th scope="col">{t('evaluation.progress.drafts')}</th>
                <th scope="col">{t('evaluation.progress.conflicts')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('evaluation.evaluators.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((e) => (
                <tr key={e.user.id}>
                  <td data-label={t('evaluation.progress.evaluator')}>{e.user.display_name}</td>
                  <td data-label={t('evaluation.evaluators.organisation')}>{e.organisation ? orgShortName(e.organisation, lang) : '–'}</td>
                  <td data-label={t('evaluation.progress.submitted')}>{f.number(e.submitted)}</td>
                  <td data-label={t('evaluation.progress.drafts')}>{f.number(e.drafts)}</td>
                  <td data-label={t('evaluation.progress.conflicts')}>{f.number(e.conflicts)}</td>
                  <td className="table__actions">
                    <Button
                      variant="secondaryNoBorder"
                      disabled={remove.isPending}
                      aria-label={t('evaluation.evaluators.removeLabel', { name: e.user.display_name })}
                      onClick={() =>
                        remove.mutate(e.user.id, {
                          onSuccess: () => announce(t('evaluation.evaluators.removed', { name: e.user.display_name })),
                        })
                      }
                    >
                      {t('common.remove')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canSearch ? (
        <div className="evaluator-search">
          <SearchInput
            labelText={t('evaluation.evaluators.search')}
            clearButtonLabel={t('evaluation.evaluators.clear')}
            searchButtonLabel={t('evaluation.evaluators.searchButton')}
            onSearch={(v) => setSearch(String(v ?? ''))}
            onChange={(v) => {
              if (!v) setSearch('');
            }}
          />
          {assign.error ? <ProblemAlert error={assign.error} /> : null}
          {candidates.isError ? (
            <ProblemAlert error={candidates.error} />
          ) : candidates.isPending ? (
            <Loading />
          ) : free.length === 0 ? (
            <p className="muted">{t('evaluation.evaluators.noCandidates')}</p>
          ) : (
            <ul className="candidate-list" aria-label={t('evaluation.evaluators.candidates')}>
              {free.map((u) => (
                <li key={u.id}>
                  <span>
                    {u.display_name} <span className="muted">{u.email}</span>
                  </span>
                  <Button
                    variant="secondary"
                    disabled={assign.isPending}
                    aria-label={t('evaluation.evaluators.assignLabel', { name: u.display_name })}
                    onClick={() =>
                      assign.mutate(u.id, { onSuccess: () => announce(t('evaluation.evaluators.assignedDone', { name: u.display_name })) })
                    }
                  >
                    {t('evaluation.evaluators.assign')}
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </section>
  );
}
