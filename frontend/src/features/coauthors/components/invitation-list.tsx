import { Button, Paragraph } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Localized } from '@/components/localized';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormat } from '@/lib/format';
import { announce } from '@/lib/status';
import { useAnswerInvitation, useInvitations, type Invitation } from '../api/coauthors';

function InvitationItem({ invitation }: { invitation: Invitation }) {
  const { t } = useTranslation();
  const f = useFormat();
  const answer = useAnswerInvitation();
  const p = invitation.proposal;
  const headingId = `invitation-${invitation.id}`;
  const respond = (accept: boolean) =>
    answer.mutate(
      { id: invitation.id, accept },
      {
        onSuccess: () =>
          announce(
            accept ? t('coauthors.invitations.accepted', { number: p.number }) : t('coauthors.invitations.declined', { number: p.number }),
            accept ? `/proposals/${p.id}` : undefined,
          ),
      },
    );
  return (
    <li className="card invitation" aria-labelledby={headingId}>
      <p className="card__meta">
        <Localized texts={invitation.call.title} />
      </p>
      <h2 className="card__title" id={headingId}>
        <Link to={`/proposals/${p.id}`}>
          {t('proposals.card.number', { number: p.number })} {p.title}
        </Link>
      </h2>
      <p className="invitation__from">
        {t('coauthors.invitations.from', { name: invitation.inviter?.display_name ?? t('notifications.someone') })} ·{' '}
        <time dateTime={invitation.invited_at}>{f.date(invitation.invited_at)}</time>
      </p>
      <div className="form__actions">
        <Button disabled={answer.isPending} onClick={() => respond(true)} aria-describedby={headingId}>
          {t('coauthors.invitations.accept')}
        </Button>
        <Button variant="secondary" disabled={answer.isPending} onClick={() => respond(false)} aria-describedby={headingId}>
          {t('coauthors.invitations.decline')}
        </Button>
      </div>
      {answer.error ? <ProblemAlert error={answer.error} /> : null}
    </li>
  );
}

/** The signed-in user's pending invitations to co-author, each with accept and decline. */
export function InvitationList() {
  const { t } = useTranslation();
  const q = useInvitations();
  if (q.isError) return <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />;
  if (q.isPending) return <Loading />;
  if (q.data.length === 0) return <Paragraph>{t('coauthors.invitations.empty')}</Paragraph>;
  return (
    <ul className="card-list invitations">
      {q.data.map((i) => (
        <InvitationItem key={i.id} invitation={i} />
      ))}
    </ul>
  );
}
