import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ProposalPilot } from '../api/types';
import { PilotStatusTag } from './pilot-status-tag';

/** On a proposal's page: the pilot that was made of it. */
export function ProposalPilotLink({ pilot }: { pilot: ProposalPilot | null | undefined }) {
  const { t } = useTranslation();
  if (!pilot) return null;
  return (
    <aside className="proposal-pilot" aria-labelledby="proposal-pilot-title">
      <p id="proposal-pilot-title" className="proposal-pilot__title">
        {t('pilots.fromProposal')}
      </p>
      <p>
        <Link to={`/pilots/${pilot.id}`}>{pilot.title}</Link> <PilotStatusTag status={pilot.status} />
      </p>
    </aside>
  );
}
