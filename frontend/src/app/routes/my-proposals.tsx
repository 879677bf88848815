import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCalls } from '@/features/calls/api/get-calls';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { ProposalList } from '@/features/proposals/components/proposal-list';
import { RequireUser } from './require-user';
import { Localized } from '@/components/localized';

const MINE = { sort: 'newest', mine: true } as const;

/** The user's own proposals, call by call (`mine=true`). */
export function MyProposalsRoute() {
  const { t } = useTranslation();
  const calls = useCalls();
  useDocumentTitle(t('proposals.mine.title'));
  return (
    <RequireUser>
      {() => (
        <>
          <Heading variant="h1" className="page-title">
            {t('proposals.mine.title')}
          </Heading>
          {calls.isError ? (
            <ProblemAlert error={calls.error} onRetry={() => void calls.refetch()} />
          ) : calls.isPending ? (
            <Loading />
          ) : calls.data.items.length === 0 ? (
            <Paragraph>{t('home.noCurrent')}</Paragraph>
          ) : (
            calls.data.items
              .filter((c) => c.phase !== 'draft')
              .map((c) => (
                <section key={c.id} aria-labelledby={`mine-${c.id}`} className="mine-call">
                  <Heading variant="h2" id={`mine-${c.id}`} className="section-title">
                    <Link to={`/calls/${c.slug}`}><Localized texts={c.title} /></Link>
                  </Heading>
                  <PhaseTag phase={c.phase} />
                  <ProposalList callId={c.id} themes={c.themes} filters={MINE} headingId={`mine-${c.id}`} />
                </section>
              ))
          )}
        </>
      )}
    </RequireUser>
  );
}
