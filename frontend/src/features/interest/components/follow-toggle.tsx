import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ProblemAlert } from '@/components/problem-alert';
import { useUser } from '@/lib/auth';
import { announce } from '@/lib/status';
import { useFollowCall, useFollowProposal } from '../api/interest';

interface ToggleProps {
  following: boolean;
  busy: boolean;
  error: unknown;
  onToggle: () => void;
}

function Toggle({ following, busy, error, onToggle }: ToggleProps) {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  if (user === undefined) return null;
  if (user === null)
    return (
      <p className="follow__signin">
        <Link to="/login" state={{ from: location.pathname }}>
          {t('follows.signIn')}
        </Link>
      </p>
    );
  return (
    <div className="follow-toggle">
      <Button variant="secondary" aria-pressed={following} disabled={busy} onClick={onToggle}>
        {following ? t('follows.following') : t('follows.follow')}
      </Button>
      {error ? <ProblemAlert error={error} /> : null}
    </div>
  );
}

/** Follow a proposal (aria-pressed toggle) and its follower count. */
export function FollowProposalButton({ proposalId, following, count }: { proposalId: string; following: boolean; count: number }) {
  const { t } = useTranslation();
  const follow = useFollowProposal(proposalId);
  return (
    <div className="follow">
      <Toggle
        following={following}
        busy={follow.isPending}
        error={follow.error}
        onToggle={() => follow.mutate(!following, { onSuccess: () => announce(t(following ? 'follows.stopped' : 'follows.started')) })}
      />
      <p className="follow__count">{t('follows.followers', { count })}</p>
    </div>
  );
}

/** Follow a call (aria-pressed toggle). */
export function FollowCallButton({ callId, following }: { callId: string; following: boolean }) {
  const { t } = useTranslation();
  const follow = useFollowCall(callId);
  return (
    <Toggle
      following={following}
      busy={follow.isPending}
      error={follow.error}
      onToggle={() => follow.mutate(!following, { onSuccess: () => announce(t(following ? 'follows.stopped' : 'follows.started')) })}
    />
  );
}
