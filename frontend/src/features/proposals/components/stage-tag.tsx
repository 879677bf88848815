import { useTranslation } from 'react-i18next';
import type { ProposalSummary } from '@/lib/types';

/** The stage when it is news (not just "submitted"), and a pending/hidden visibility. */
export function StageTags({ proposal }: { proposal: ProposalSummary }) {
  const { t } = useTranslation();
  return (
    <>
      {proposal.stage !== 'submitted' ? (
        <span className={`tag tag--stage-${proposal.stage}`}>{t(`proposals.stage.${proposal.stage}`)}</span>
      ) : null}
      {proposal.visibility !== 'visible' ? (
        <span className={`tag tag--visibility-${proposal.visibility}`}>{t(`proposals.visibility.${proposal.visibility}`)}</span>
      ) : null}
    </>
  );
}
