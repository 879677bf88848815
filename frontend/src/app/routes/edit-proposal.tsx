import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { problemMessage } from '@/components/problem-message';
import { useCall } from '@/features/calls/api/get-call';
import { useProposal } from '@/features/proposals/api/get-proposal';
import { useUpdateProposal } from '@/features/proposals/api/update-proposal';
import { ProposalForm } from '@/features/proposals/components/proposal-form';
import { CoauthorPanel } from '@/features/coauthors/components/proposal-team';
import { SimilarPanel } from '@/features/similar/components/similar-panel';
import { announce } from '@/lib/status';
import type { Proposal } from '@/lib/types';
import { RequireUser } from './require-user';

export function EditProposalRoute() {
  const { proposalId = '' } = useParams();
  const { t } = useTranslation();
  const q = useProposal(proposalId);
  useDocumentTitle(t('proposals.edit.title'));
  return (
    <RequireUser>
      {() =>
        q.isError ? (
          <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
        ) : q.isPending ? (
          <Loading />
        ) : (
          <EditProposalPage proposal={q.data} />
        )
      }
    </RequireUser>
  );
}

function EditProposalPage({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const callQ = useCall(proposal.call_id);
  const update = useUpdateProposal(proposal.id);
  const back = `/proposals/${proposal.id}`;
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to={back}>
          {t('proposals.card.number', { number: proposal.number })} <span lang={proposal.language}>{proposal.title}</span>
        </Link>
      </nav>
      <Heading variant="h1" className="page-title">
        {t('proposals.edit.title')}
      </Heading>
      {!proposal.viewer_can_edit ? (
        // The server says why not (`not_author`, `call_not_open`, `proposal_withdrawn`, ...).
        <p className="refusal-note">{proposal.edit_refusal ? problemMessage(t, proposal.edit_refusal) : t('errors.not_editable')}</p>
      ) : callQ.isPending ? (
        <Loading />
      ) : (
        <ProposalForm
          themes={callQ.data?.themes ?? []}
          afterSummary={(d) => <SimilarPanel callId={proposal.call_id} excludeId={proposal.id} title={d.title} summary={d.summary} />}
          initial={{
            title: proposal.title,
            summary: proposal.summary,
            challenge: proposal.challenge,
            idea: proposal.idea,
            theme_id: proposal.theme_id ?? null,
            organisation_ids: proposal.organisations.map((o) => o.id),
            language: proposal.language,
          }}
          submitText={t('common.save')}
          pending={update.isPending}
          error={update.error}
          onSubmit={(v) =>
            update.mutate(v, {
              onSuccess: () => {
                announce(t('status.proposalSaved'), back);
                void navigate(back);
              },
            })
          }
          onCancel={() => void navigate(back)}
        />
      )}
      {/* The author invites and removes co-authors here too, while writing. */}
      {proposal.viewer_can_withdraw ? <CoauthorPanel proposal={proposal} /> : null}
    </>
  );
}
