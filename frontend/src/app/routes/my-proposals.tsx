import { useCallback, useEffect, useState } from 'react';
import { Heading, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ButtonLink } from '@/components/button-link';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCalls } from '@/features/calls/api/get-calls';
import { PhaseTag } from '@/features/calls/components/phase-tag';
import { useProposals } from '@/features/proposals/api/get-proposals';
import { ProposalList } from '@/features/proposals/components/proposal-list';
import type { Call } from '@/lib/types';
import { RequireUser } from './require-user';
import { Localized } from '@/components/localized';

const MINE = { sort: 'newest', mine: true } as const;

/** The user's own proposals, only in the calls where they have some (`mine=true`). */
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
          ) : (
            <MineByCall calls={calls.data.items.filter((c) => c.phase !== 'draft')} />
          )}
        </>
      )}
    </RequireUser>
  );
}

function MineByCall({ calls }: { calls: Call[] }) {
  const { t } = useTranslation();
  // Each call's count of own proposals once known (null when it could not be read); calls
  // without any stay hidden.
  const [totals, setTotals] = useState<Record<string, number | null>>({});
  const report = useCallback(
    (id: string, total: number | null) => setTotals((old) => (old[id] === total ? old : { ...old, [id]: total })),
    [],
  );
  const known = calls.filter((c) => totals[c.id] !== undefined);
  const none = known.length === calls.length && known.every((c) => totals[c.id] === 0);
  if (none) {
    return (
      <div className="empty-state">
        <Paragraph>{t('notes.noOwnProposals')}</Paragraph>
        <ButtonLink to="/" variant="secondary">
          {t('notes.toCalls')}
        </ButtonLink>
      </div>
    );
  }
  return (
    <>
      {known.length < calls.length ? <Loading /> : null}
      {calls.map((c) => (
        <MineInCall key={c.id} call={c} onTotal={report} />
      ))}
    </>
  );
}

function MineInCall({ call, onTotal }: { call: Call; onTotal: (id: string, total: number | null) => void }) {
  // The same query (and cache entry) as the list below: this only learns its total.
  const q = useProposals(call.id, MINE);
  const total = q.isError ? null : q.data ? (q.data.pages[0]?.total ?? q.data.pages[0]?.items.length ?? 0) : undefined;
  useEffect(() => {
    if (total !== undefined) onTotal(call.id, total);
  }, [onTotal, call.id, total]);
  // A call whose list failed shows, with its error and a retry.
  const hidden = total === undefined || total === 0;
  return (
    <section aria-labelledby={`mine-${call.id}`} className="mine-call" hidden={hidden}>
      <Heading variant="h2" id={`mine-${call.id}`} className="section-title">
        <Link to={`/calls/${call.slug}`}>
          <Localized texts={call.title} />
        </Link>
      </Heading>
      <PhaseTag phase={call.phase} />
      <ProposalList callId={call.id} themes={call.themes} filters={MINE} headingId={`mine-${call.id}`} />
    </section>
  );
}
