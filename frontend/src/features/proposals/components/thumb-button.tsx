import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@/components/problem-message';
import { RefusalNote } from '@/components/refusal-note';
import { ResendVerification } from '@/components/resend-verification';
import { toProblem } from '@/lib/problem';
import { useFormat } from '@/lib/format';
import type { Phase, ProposalSummary } from '@/lib/types';
import { useThumb } from '../api/thumb-proposal';
import { ThumbIcon } from './thumb-icon';

interface Props {
  proposal: ProposalSummary;
  /** Say why thumbing is not offered (on the proposal's own page). */
  showRefusal?: boolean;
  /** The call's phase, when known: a closed call says so instead of asking to sign in. */
  phase?: Phase;
}

/** The thumb count, and the toggle when the server says the viewer may thumb. */
export function ThumbButton({ proposal, showRefusal = false, phase }: Props) {
  const { t } = useTranslation();
  const f = useFormat();
  const thumb = useThumb();
  const count = f.number(proposal.thumb_count);
  const refusalId = `thumb-refusal-${proposal.id}`;
  if (!proposal.viewer_can_thumb) {
    return (
      <div className="thumbs">
        <span className="thumbs__count">
          <ThumbIcon filled={proposal.viewer_thumbed} />
          {t('proposals.thumb.count', { count: proposal.thumb_count, formatted: count })}
          {proposal.viewer_thumbed ? <span className="thumbs__mine"> · {t('proposals.thumb.yours')}</span> : null}
        </span>
        {showRefusal ? <RefusalNote code={proposal.thumb_refusal} id={refusalId} phase={phase} action="thumb" /> : null}
      </div>
    );
  }
  const pending = thumb.isPending && thumb.variables?.id === proposal.id;
  return (
    <div className="thumbs">
      {/*
        The label names the state and what a press does ("Peukuta" / "Peukutettu – peru"), so
        the button carries no aria-pressed: a changing name and a pressed state would say it twice.
      */}
      <Button
        variant={proposal.viewer_thumbed ? 'default' : 'secondary'}
        data-thumbed={proposal.viewer_thumbed}
        disabled={pending}
        icon={<ThumbIcon filled={proposal.viewer_thumbed} />}
        onClick={() => thumb.mutate({ id: proposal.id, thumbed: !proposal.viewer_thumbed })}
      >
        {proposal.viewer_thumbed ? t('notes.thumbedUndo') : t('proposals.thumb.action')}
        <span className="visually-hidden">: {proposal.title}</span>
      </Button>
      <span className="thumbs__count" aria-live="polite">
        {t('proposals.thumb.count', { count: proposal.thumb_count, formatted: count })}
      </span>
      {thumb.isError && thumb.variables?.id === proposal.id ? (
        <>
          <p className="field-error" role="alert">
            {errorMessage(t, thumb.error)}
          </p>
          {toProblem(thumb.error).code === 'email_unverified' ? <ResendVerification /> : null}
        </>
      ) : null}
    </div>
  );
}
