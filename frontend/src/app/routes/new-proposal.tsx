import { useState } from 'react';
import { Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { RefusalNote } from '@/components/refusal-note';
import { ResendVerification } from '@/components/resend-verification';
import { useCall } from '@/features/calls/api/get-call';
import { useCreateProposal } from '@/features/proposals/api/create-proposal';
import { ProposalForm } from '@/features/proposals/components/proposal-form';
import { inviteAll } from '@/features/coauthors/api/coauthors';
import { CoauthorDraft } from '@/features/coauthors/components/coauthor-draft';
import { SimilarPanel } from '@/features/similar/components/similar-panel';
import { announce } from '@/lib/status';
import type { Call } from '@/lib/types';
import { RequireUser } from './require-user';
import { Localized } from '@/components/localized';

export function NewProposalRoute() {
  const { callRef = '' } = useParams();
  const q = useCall(callRef);
  const { t } = useTranslation();
  useDocumentTitle(t('proposals.new.title'));
  return (
    <RequireUser>
      {() =>
        q.isError ? (
          <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
        ) : q.isPending ? (
          <Loading />
        ) : (
          <NewProposalPage call={q.data} />
        )
      }
    </RequireUser>
  );
}

function NewProposalPage({ call }: { call: Call }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateProposal(call.id);
  const [coauthors, setCoauthors] = useState<string[]>([]);
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to={`/calls/${call.slug}`}>
          <Localized texts={call.title} />
        </Link>
      </nav>
      <Heading variant="h1" className="page-title">
        {t('proposals.new.title')}
      </Heading>
      <p className="lead-small">{t('proposals.new.lead')}</p>
      {call.viewer.can_submit ? (
        <ProposalForm
          themes={call.themes}
          afterSummary={(d) => <SimilarPanel callId={call.id} title={d.title} summary={d.summary} />}
          submitText={t('proposals.new.submit')}
          pending={create.isPending}
          error={create.error}
          onSubmit={(v) =>
            create.mutate(
              {
                title: v.title,
                summary: v.summary,
                challenge: v.challenge,
                idea: v.idea,
                theme_id: v.theme_id,
                organisation_ids: v.organisation_ids,
                language: v.language,
              },
              {
                onSuccess: async (p) => {
                  const to = `/proposals/${p.id}`;
                  // The co-authors collected while writing are invited right after creation.
                  const failed = await inviteAll(p.id, coauthors);
                  const done = p.visibility === 'pending' ? t('status.proposalSubmittedPending') : t('status.proposalSubmitted');
                  announce(failed.length > 0 ? `${done} ${t('coauthors.draft.failed', { emails: failed.join(', ') })}` : done, to);
                  void navigate(to);
                },
              },
            )
          }
          onCancel={() => void navigate(`/calls/${call.slug}`)}
          extra={<CoauthorDraft value={coauthors} onChange={setCoauthors} />}
        />
      ) : (
        <div className="submit-refusal">
          <RefusalNote code={call.viewer.submit_refusal} phase={call.phase} action="submit" />
          {/* What stands between the user and the form is one link: offer it here too. */}
          {call.viewer.submit_refusal === 'email_unverified' ? <ResendVerification /> : null}
        </div>
      )}
    </>
  );
}
