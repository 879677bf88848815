import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useOutletContext, useParams, useSearchParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCall } from '@/features/calls/api/get-call';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { ExportButtons } from '@/features/evaluation/components/export-buttons';
import { RankingTable } from '@/features/evaluation/components/ranking-table';
import { ReviewProgress } from '@/features/evaluation/components/review-progress';
import { hasRole, type Me } from '@/lib/auth';
import { rankingSortValues, type RankingSort } from '@/lib/eval-types';
import { fallbackLang, pick } from '@/lib/localized';
import type { Call } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';

export default function EvaluationCallRoute() {
  const { callId = '' } = useParams();
  const q = useCall(callId);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return <EvaluationCall call={q.data} />;
}

function EvaluationCall({ call }: { call: Call }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const me = useOutletContext<Me>();
  const [params, setParams] = useSearchParams();
  const asked = params.get('sort') as RankingSort | null;
  const sort: RankingSort = asked && rankingSortValues.includes(asked) ? asked : 'score';
  const title = pick(call.title, lang);
  useDocumentTitle(t('evaluation.call.docTitle', { title }));
  const admin = hasRole(me, 'admin');
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/evaluation">{t('evaluation.title')}</Link>
      </nav>
      <div className="page-head">
        <div>
          <PhaseTag phase={call.phase} />
          <Heading variant="h1" className="page-title" lang={fallbackLang(call.title, lang)}>
            {title}
          </Heading>
        </div>
      </div>
      <p className="evaluation-links">
        <Link to={`/calls/${call.slug}`}>{t('evaluation.call.public')}</Link>
        {admin ? (
          <>
            {' · '}
            <Link to={`/admin/calls/${call.id}`}>{t('evaluation.call.admin')}</Link>
          </>
        ) : null}
        {call.results_published_at ? (
          <>
            {' · '}
            <Link to={`/calls/${call.slug}/results`}>{t('evaluation.results.view')}</Link>
          </>
        ) : null}
      </p>
      <section aria-labelledby="ranking-title">
        <Heading variant="h2" id="ranking-title" className="section-title">
          {t('evaluation.ranking.title')}
        </Heading>
        <RankingTable
          callId={call.id}
          sort={sort}
          canDecide={admin && call.phase !== 'archived'}
          onSort={(s) =>
            setParams(
              (old) => {
                const p = new URLSearchParams(old);
                if (s === 'score') p.delete('sort');
                else p.set('sort', s);
                return p;
              },
              { preventScrollReset: true, replace: true },
            )
          }
        />
      </section>
      <ReviewProgress callId={call.id} />
      <section aria-labelledby="export-title" className="admin-section">
        <Heading variant="h2" id="export-title" className="section-title">
          {t('evaluation.export.title')}
        </Heading>
        <ExportButtons callId={call.id} slug={call.slug} />
      </section>
    </>
  );
}
