import { Button } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ProblemAlert } from '@/components/problem-alert';
import { useUser } from '@/lib/auth';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import { useFollowPilot } from '../api/mutations';
import type { Pilot } from '../api/types';

/** Follow a pilot to be notified of its updates and lessons; visitors are asked to sign in. */
export function FollowButton({ pilot }: { pilot: Pilot }) {
  const { t } = useTranslation();
  const f = useFormat();
  const user = useUser();
  const location = useLocation();
  const follow = useFollowPilot(pilot.id);
  const following = pilot.viewer.following;
  return (
    <div className="follow">
      <p className="follow__count">
        {t('pilots.card.followers', { count: pilot.followers, n: f.number(pilot.followers) })}
        {following ? ` · ${t('pilots.follow.youFollow')}` : null}
      </p>
      {user ? (
        <Button
          variant={following ? 'secondary' : 'default'}
          disabled={follow.isPending}
          onClick={() =>
            follow.mutate(!following, { onSuccess: () => announce(t(following ? 'pilots.follow.stopped' : 'pilots.follow.started')) })
          }
        >
          {following ? t('pilots.follow.unfollow') : t('pilots.follow.follow')}
        </Button>
      ) : user === null ? (
        <p className="follow__signin">
          <Link to="/login" state={{ from: location.pathname }}>
            {t('pilots.follow.signIn')}
          </Link>
        </p>
      ) : null}
      <p className="follow__hint">{t('pilots.follow.hint')}</p>
      {follow.error ? <ProblemAlert error={follow.error} /> : null}
    </div>
  );
}
