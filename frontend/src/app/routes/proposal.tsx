import { useState } from 'react';
import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { BelowTheFold } from '@/components/below-the-fold';
import { ButtonLink } from '@/components/button-link';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { useDocumentTitle, usePageDescription } from '@/components/document-title';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useCall } from '@/features/calls/api/get-call';
import { CommentsSection } from '@/features/comments/components/comments-section';
import { useProposal } from '@/features/proposals/api/get-proposal';
import { useHistory } from '@/features/moderation/api/get-history';
import { ModerationHistory } from '@/features/moderation/components/moderation-history';
import { ReportButton } from '@/features/moderation/components/report-button';
import { MergeDialog } from '@/features/evaluation/components/merge-dialog';
import { PossibleDuplicates } from '@/features/similar/components/possible-duplicates';
import { hasRole, useUser } from '@/lib/auth';
import { announce } from '@/lib/status';
import { useWithdrawProposal } from '@/features/proposals/api/withdraw-proposal';
import { ProposalBody } from '@/features/proposals/components/proposal-body';
import { ProposalOutcome } from '@/features/results/components/proposal-outcome';
import { ThumbButton } from '@/features/proposals/components/thumb-button';
import { ProposalPilotLink } from '@/features/pilots/components/proposal-pilot-link';
import { ProposalTeam } from '@/features/coauthors/components/proposal-team';
import { FollowProposalButton } from '@/features/interest/components/follow-toggle';
import { InterestSection } from '@/features/interest/components/interest-section';
import type { Comment, Proposal } from '@/lib/types';
import { Localized } from '@/components/localized';

export function ProposalRoute() {
  const { proposalId = '' } = useParams();
  const q = useProposal(proposalId);
  // The page waits for its call too (unless the call cannot be read): the breadcrumb names it,
  // and arriving later it would push the whole page down.
  const callQ = useCall(q.data?.call_id ?? '');
  useDocumentTitle(q.data?.title);
  usePageDescription(q.data?.summary, q.data ? `/proposals/${q.data.id}` : undefined);
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending || (callQ.isPending && callQ.fetchStatus !== 'idle')) return <Loading />;
  return <ProposalPage proposal={q.data} />;
}

function ProposalPage({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const callQ = useCall(proposal.call_id);
  const withdraw = useWithdrawProposal(proposal.id);
  const [confirming, setConfirming] = useState(false);
  const [merging, setMerging] = useState(false);
  const me = useUser();
  const call = callQ.data;
  // Moderators and admins merge a duplicate while its call runs (the server says no otherwise).
  const canMerge =
    (hasRole(me, 'moderator') || hasRole(me, 'admin')) &&
    proposal.stage !== 'merged' &&
    proposal.stage !== 'withdrawn' &&
    call !== undefined &&
    call.phase !== 'draft' &&
    call.phase !== 'archived';
  const evaluates =
    (hasRole(me, 'evaluator') || hasRole(me, 'admin')) && call !== undefined && ['voting', 'review', 'results'].includes(call.phase);
  const themes = call?.themes ?? [];
  const history = useHistory(proposal.id);
  // The reason of the act that keeps it hidden or rejected (given to its author and moderators).
  const withheld = proposal.visibility === 'hidden' || proposal.visibility === 'rejected';
  const moderationReason = withheld
    ? ([...(history.data?.items ?? [])]
        .reverse()
        .find((e) => e.target.kind === 'proposal' && ['hide', 'auto_hide', 'reject'].includes(e.action))?.reason ?? null)
    : null;
  const unreadable = proposal.visibility === 'hidden' && proposal.title === '';
  const reportComment = (c: Comment) =>
    c.viewer_can_report ? <ReportButton target={{ kind: 'comment', id: c.id }} proposalId={proposal.id} /> : null;
  return (
    <>
      <nav aria-label={t('layout.breadcrumb')} className="breadcrumb">
        <Link to="/">{t('layout.nav.calls')}</Link>
        {call ? (
          <>
            <span aria-hidden="true"> › </span>
            <Link to={`/calls/${call.slug}`}>
              <Localized texts={call.title} />
            </Link>
          </>
        ) : null}
      </nav>
      <ProposalBody proposal={proposal} themes={themes} moderationReason={moderationReason} />
      <BelowTheFold>
        <ProposalOutcome proposal={proposal} />
        <ProposalPilotLink pilot={proposal.pilot} />
        <ProposalTeam proposal={proposal} />
        <section className="proposal-actions" aria-label={t('proposals.detail.actions')}>
          <ThumbButton proposal={proposal} showRefusal phase={call?.phase} />
          <FollowProposalButton proposalId={proposal.id} following={proposal.viewer_follows} count={proposal.follower_count} />
          {proposal.viewer_can_edit ? (
            <div className="proposal-actions__own">
              <ButtonLink to={`/proposals/${proposal.id}/edit`} variant="secondary">
                {t('proposals.detail.edit')}
              </ButtonLink>
              {/* The author alone withdraws; co-authors edit. */}
              {proposal.viewer_can_withdraw ? (
                <Button variant="secondary" onClick={() => setConfirming(true)} disabled={withdraw.isPending}>
                  {t('proposals.detail.withdraw')}
                </Button>
              ) : null}
            </div>
          ) : null}
          {proposal.viewer_can_report ? <ReportButton target={{ kind: 'proposal', id: proposal.id }} proposalId={proposal.id} /> : null}
          {canMerge ? (
            <Button variant="secondary" onClick={() => setMerging(true)}>
              {t('evaluation.merge.open')}
            </Button>
          ) : null}
          {evaluates ? (
            <ButtonLink to={`/evaluation/proposals/${proposal.id}`} variant="secondary">
              {t('evaluation.review.open')}
            </ButtonLink>
          ) : null}
        </section>
        {merging ? (
          <MergeDialog
            proposal={proposal}
            onClose={(done) => {
              setMerging(false);
              if (done) announce(done);
            }}
          />
        ) : null}
        {withdraw.error ? <ProblemAlert error={withdraw.error} /> : null}
        <ConfirmDialog
          open={confirming}
          title={t('proposals.withdraw.title')}
          text={t('proposals.withdraw.text')}
          confirmText={t('proposals.detail.withdraw')}
          busy={withdraw.isPending}
          onCancel={() => setConfirming(false)}
          onConfirm={() => {
            setConfirming(false);
            withdraw.mutate();
          }}
        />
        {unreadable ? null : <InterestSection proposal={proposal} />}
        {callQ.isError ? <ProblemAlert error={callQ.error} onRetry={() => void callQ.refetch()} /> : null}
        <ModerationHistory proposalId={proposal.id} />
        {hasRole(me, 'moderator') || hasRole(me, 'admin') ? <PossibleDuplicates proposalId={proposal.id} /> : null}
        {/* The comments of a proposal the viewer may not read stay with it, unread, until it is restored. */}
        {unreadable ? null : (
          <CommentsSection
            proposalId={proposal.id}
            count={proposal.comment_count}
            // The server's answer for this proposal (phase, withdrawn, hidden), with its reason.
            canComment={proposal.viewer_can_comment}
            refusal={proposal.comment_refusal}
            phase={call?.phase}
            commentActions={reportComment}
          />
        )}
      </BelowTheFold>
    </>
  );
}
