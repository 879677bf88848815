import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDocumentTitle } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { Localized } from '@/components/localized';
import { ProblemAlert } from '@/components/problem-alert';
import { useCall } from '@/features/calls/api/get-call';
import { useReviews } from '@/features/evaluation/api/reviews';
import { ReviewPanel } from '@/features/evaluation/components/review-form';
import { useProposal } from '@/features/proposals/api/get-proposal';
import { ProposalBody } from '@/features/proposals/components/proposal-body';
import type { Proposal } from '@/lib/types';

export default function EvaluationProposalRoute() {
  const { proposalId = '' } = useParams();
  const q = useProposal(proposalId);
  const { t } = useTranslation();
  useDocumentTitle(q.data ? t('evaluation.review.docTitle', { number: q.data.number }) : undefined);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  return <ReviewPage proposal={q.data} />;
}

function ReviewPage({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const callQ = useCall(proposal.call_id);
  const reviews = useReviews(proposal.id);
  const call = callQ.data;
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/evaluation">{t('evaluation.title')}</Link>
        {call ? (
          <>
            <span aria-hidden="true"> › </span>
            <Link to={`/evaluation/calls/${call.id}`}>
              <Localized texts={call.title} />
            </Link>
          </>
        ) : null}
      </nav>
      <div className="review-layout">
        <div className="review-layout__proposal">
          <ProposalBody proposal={proposal} themes={call?.themes ?? []} moderationReason={null} />
          <p>
            <Link to={`/proposals/${proposal.id}`}>{t('evaluation.review.publicPage')}</Link>
          </p>
        </div>
        <div className="review-layout__review">
          {reviews.isError ? (
            <ProblemAlert error={reviews.error} onRetry={() => void reviews.refetch()} />
          ) : reviews.isPending ? (
            <Loading />
          ) : (
            <ReviewPanel proposalId={proposal.id} reviews={reviews.data} />
          )}
        </div>
      </div>
    </>
  );
}
