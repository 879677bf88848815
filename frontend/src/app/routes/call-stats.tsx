import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { Localized } from '@/components/localized';
import { ProblemAlert } from '@/components/problem-alert';
import { useCall } from '@/features/calls/api/get-call';
import { StatsView } from '@/features/stats/components/stats-view';
import { pick } from '@/lib/localized';
import { useLanguage } from '@/lib/use-language';

export function CallStatsRoute() {
  const { t } = useTranslation();
  const lang = useLanguage();
  const { callRef = '' } = useParams();
  const q = useCall(callRef);
  useDocumentTitle(q.data ? `${t('stats.title')}: ${pick(q.data.title, lang)}` : t('stats.title'));
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  const call = q.data;
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('layout.nav.calls')}</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`/calls/${call.slug}`}>
          <Localized texts={call.title} />
        </Link>
      </nav>
      <Heading variant="h1" className="page-title">
        {t('stats.title')}
      </Heading>
      <p className="lead">
        <Localized texts={call.title} />
      </p>
      <StatsView callId={call.id} />
    </>
  );
}
