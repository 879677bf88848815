import { useState, type FormEvent } from 'react';
import { Button, Heading, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { errorMessage } from '@/components/problem-message';
import { authorName } from '@/lib/author';
import { useUser } from '@/lib/auth';
import { orgLabel } from '@/lib/localized';
import { announce } from '@/lib/status';
import type { Proposal } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useCoauthors, useInviteCoauthor, useRemoveCoauthor, type Coauthor } from '../api/coauthors';
import { looksLikeEmail } from './email';

/** The invitation form and the list of invitations and co-authors, for the proposal's author. */
export function CoauthorPanel({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const rows = useCoauthors(proposal.id, true);
  const invite = useInviteCoauthor(proposal.id);
  const remove = useRemoveCoauthor(proposal.id);
  const [email, setEmail] = useState('');
  const [invalid, setInvalid] = useState(false);
  const closed = proposal.stage === 'withdrawn' || proposal.stage === 'merged';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!looksLikeEmail(email)) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    invite.mutate(email.trim(), {
      onSuccess: (row) => {
        setEmail('');
        announce(t('coauthors.invite.sent', { email: row.email }));
      },
    });
  };
  const who = (r: Coauthor) =>
    r.user ? `${r.user.display_name}${r.user.organisation ? `, ${orgLabel(r.user.organisation, lang)}` : ''}` : r.email;
  return (
    <section className="coauthor-panel" aria-labelledby="coauthor-panel-title">
      <Heading variant="h2" as="h2" id="coauthor-panel-title" className="section-title">
        {t('coauthors.title')}
      </Heading>
      <p className="coauthor-panel__hint">{t('coauthors.panel.hint')}</p>
      {rows.isError ? <ProblemAlert error={rows.error} onRetry={() => void rows.refetch()} /> : null}
      {rows.data && rows.data.length > 0 ? (
        <ul className="coauthor-rows">
          {rows.data.map((r) => (
            <li key={r.id} className="coauthor-row">
              <span className="coauthor-row__who">{who(r)}</span>
              {r.user ? <span className="coauthor-row__email">{r.email}</span> : null}
              <span className={`tag tag--coauthor-${r.status}`}>{t(`coauthors.status.${r.status}`)}</span>
              {r.status === 'invited' && !r.user ? <span className="coauthor-row__note">{t('coauthors.panel.waiting')}</span> : null}
              <Button
                variant="secondaryNoBorder"
                disabled={remove.isPending}
                onClick={() => remove.mutate(r.id, { onSuccess: () => announce(t('coauthors.panel.removed', { who: who(r) })) })}
              >
                {t('coauthors.panel.remove', { who: who(r) })}
              </Button>
            </li>
          ))}
        </ul>
      ) : rows.isSuccess ? (
        <p>{t('coauthors.panel.none')}</p>
      ) : null}
      {remove.error ? <ProblemAlert error={remove.error} /> : null}
      {closed ? null : (
        <form className="coauthor-invite" onSubmit={submit} noValidate>
          <TextInput
            id="coauthor-email"
            type="email"
            labelText={t('coauthors.invite.email')}
            value={email}
            status={invalid || invite.error ? 'error' : 'default'}
            statusText={invalid ? t('coauthors.invite.invalid') : invite.error ? errorMessage(t, invite.error) : undefined}
            onChange={(v) => {
              setEmail(String(v ?? ''));
              invite.reset();
            }}
            fullWidth
          />
          <Button type="submit" disabled={invite.isPending}>
            {t('coauthors.invite.submit')}
          </Button>
        </form>
      )}
    </section>
  );
}

/** "Leave the proposal" for an accepted co-author. */
function LeaveButton({ proposal, userId }: { proposal: Proposal; userId: string }) {
  const { t } = useTranslation();
  const rows = useCoauthors(proposal.id, true);
  const remove = useRemoveCoauthor(proposal.id);
  const [confirming, setConfirming] = useState(false);
  const mine = rows.data?.find((r) => r.user?.id === userId);
  if (!mine) return null;
  return (
    <>
      <Button variant="secondary" onClick={() => setConfirming(true)} disabled={remove.isPending}>
        {t('coauthors.leave.button')}
      </Button>
      {remove.error ? <ProblemAlert error={remove.error} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t('coauthors.leave.title')}
        text={t('coauthors.leave.text')}
        confirmText={t('coauthors.leave.button')}
        busy={remove.isPending}
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          remove.mutate(mine.id, { onSuccess: () => announce(t('coauthors.leave.done')) });
        }}
      />
    </>
  );
}

/**
 * The proposal's team: its author and accepted co-authors with their organisations; the
 * author manages the co-authors here, and a co-author may leave.
 */
export function ProposalTeam({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const me = useUser();
  const isAuthor = !!me && me.id === proposal.author.id;
  const isCoauthor = !!me && proposal.coauthors.some((c) => c.id === me.id);
  if (proposal.coauthors.length === 0 && !isAuthor) return null;
  const members = [
    { ...proposal.author, role: t('coauthors.role.author') },
    ...proposal.coauthors.map((c) => ({ ...c, role: t('coauthors.role.coauthor') })),
  ];
  return (
    <section className="proposal-team" aria-labelledby="proposal-team-title">
      <Heading variant="h2" as="h2" id="proposal-team-title" className="section-title">
        {t('coauthors.team.title')}
      </Heading>
      <ul className="team-list">
        {members.map((m) => (
          <li key={m.id} className="team-list__member">
            <span className="team-list__name">{authorName(t, m)}</span>
            {m.organisation ? <span className="tag tag--org">{orgLabel(m.organisation, lang)}</span> : null}
            <span className="team-list__role">{m.role}</span>
          </li>
        ))}
      </ul>
      {isCoauthor && me ? <LeaveButton proposal={proposal} userId={me.id} /> : null}
      {isAuthor ? <CoauthorPanel proposal={proposal} /> : null}
    </section>
  );
}
