import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCall } from '@/features/calls/api/get-call';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { ResultsList } from '@/features/results/components/results-list';
import { hasRole, useUser } from '@/lib/auth';
import { fallbackLang, pick } from '@/lib/localized';
import type { Call } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';

/** A call's results: the decisions and their answers, selected first (public once published). */
export function CallResultsRoute() {
  const { callRef = '' } = useParams();
  const q = useCall(callRef);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return <CallResults call={q.data} />;
}

function CallResults({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const user = useUser();
  const title = pick(call.title, lang);
  useDocumentTitle(t('results.docTitle', { title }));
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('layout.nav.calls')}</Link>
        <span aria-hidden="true"> › </span>
        <Link to={`/calls/${call.slug}`} lang={fallbackLang(call.title, lang)}>
          {title}
        </Link>
      </nav>
      <div className="call-head">
        <PhaseTag phase={call.phase} />
        <Heading variant="h1" className="page-title">
          {t('results.title')}
        </Heading>
        <p className="lead" lang={fallbackLang(call.title, lang)}>
          {title}
        </p>
      </div>
      {call.phase === 'results' && hasRole(user, 'admin') ? (
        <p>
          <Link to={`/pilots?create=${call.id}`}>{t('results.createPilot')}</Link>
        </p>
      ) : null}
      <ResultsList callId={call.id} />
    </>
  );
}
