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
import { orgShortName } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';
import { Localized } from '@/components/localized';
import { mayCreateCalls } from '@/features/call-managers/components/manages';
import { hasRole, useUser } from '@/lib/auth';

export default function AdminCallsRoute() {
  const { t } = useTranslation();
  const f = useFormat();
  const lang = useLanguage();
  const q = useCalls();
  const me = useUser();
  const admin = hasRole(me, 'admin');
  const title = admin ? t('admin.calls.title') : t('managers.nav');
  // A call manager sees the calls they run (the list also has the published calls of others).
  const items = (q.data?.items ?? []).filter((c) => admin || c.viewer.can_manage);
  useDocumentTitle(title);
  return (
    <>
      <div className="page-head">
        <Heading variant="h1" className="page-title">
          {title}
        </Heading>
        {mayCreateCalls(me, admin) ? <ButtonLink to="/admin/calls/new">{t('admin.calls.new')}</ButtonLink> : null}
      </div>
      {admin ? null : <p className="lead-small">{t('managers.managedLead')}</p>}
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <div className="table-wrap">
          <table className="table table--stack">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.callForm.title')}</th>
                <th scope="col">{t('admin.calls.phase')}</th>
                <th scope="col">{t('managers.host.label')}</th>
                <th scope="col">{t('admin.callForm.opens_at')}</th>
                <th scope="col">{t('admin.callForm.voting_closes_at')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td data-label={t('admin.callForm.title')}>
                    <Link to={`/admin/calls/${c.id}`}>
                      <Localized texts={c.title} />
                    </Link>
                  </td>
                  <td data-label={t('admin.calls.phase')}>
                    <PhaseTag phase={c.phase} />
                  </td>
                  <td data-label={t('managers.host.label')}>{c.host_organisation ? orgShortName(c.host_organisation, lang) : '–'}</td>
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
