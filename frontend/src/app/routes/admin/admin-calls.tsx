import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ButtonLink } from '@/components/button-link';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCalls } from '@/features/calls/api/get-calls';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { useFormat } from '@/lib/format';
import { Localized } from '@/components/localized';

export default function AdminCallsRoute() {
  const { t } = useTranslation();
  const f = useFormat();
  const q = useCalls();
  useDocumentTitle(t('admin.calls.title'));
  return (
    <>
      <div className="page-head">
        <Heading variant="h1" className="page-title">
          {t('admin.calls.title')}
        </Heading>
        <ButtonLink to="/admin/calls/new">{t('admin.calls.new')}</ButtonLink>
      </div>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{t('admin.calls.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.callForm.title')}</th>
                <th scope="col">{t('admin.calls.phase')}</th>
                <th scope="col">{t('admin.callForm.opens_at')}</th>
                <th scope="col">{t('admin.callForm.voting_closes_at')}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.items.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('admin.callForm.title')}>
                    <Link to={`/admin/calls/${c.id}`}>
                      <Localized texts={c.title} />
                    </Link>
                  </td>
                  <td data-label={t('admin.calls.phase')}>
                    <PhaseTag phase={c.phase} />
                  </td>
                  <td data-label={t('admin.callForm.opens_at')}>{f.dateTime(c.opens_at)}</td>
                  <td data-label={t('admin.callForm.voting_closes_at')}>{f.dateTime(c.voting_closes_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
