import { useState } from 'react';
import { Button, Checkbox, Heading, Paragraph, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { Localized } from '@/components/localized';
import { ProblemAlert } from '@/components/problem-alert';
import { useUser } from '@/lib/auth';
import { announce } from '@/lib/status';
import type { Proposal } from '@/lib/types';
import { useDeclareInterest, useInterests, useWithdrawInterest, type InterestGroup } from '../api/interest';

const NOTE_MAX = 300;

/** The form that declares or updates the viewer's interest. */
function InterestForm({ proposal, onDone }: { proposal: Proposal; onDone: () => void }) {
  const { t } = useTranslation();
  const user = useUser();
  const mine = proposal.viewer_interest;
  const [onBehalf, setOnBehalf] = useState(mine?.on_behalf ?? false);
  const [note, setNote] = useState(mine?.note ?? '');
  const declare = useDeclareInterest(proposal.id);
  const withdraw = useWithdrawInterest(proposal.id);
  const org = user?.organisation;
  const oneLine = note.replace(/\s+/g, ' ');
  return (
    <form
      className="interest-form"
      onSubmit={(e) => {
        e.preventDefault();
        declare.mutate(
          { on_behalf: onBehalf, note: oneLine.trim() === '' ? null : oneLine.trim() },
          {
            onSuccess: () => {
              announce(t('interest.saved'));
              onDone();
            },
          },
        );
      }}
    >
      {org ? (
        <Checkbox id="interest-on-behalf" checked={onBehalf} onClick={({ checkboxState }) => setOnBehalf(checkboxState)}>
          {t('interest.onBehalf')} (<Localized texts={org.name} />)
        </Checkbox>
      ) : (
        <Paragraph className="interest-form__hint">{t('interest.noOrganisation')}</Paragraph>
      )}
      <Textarea
        id="interest-note"
        labelText={t('interest.note')}
        hintText={t('interest.noteHint', { max: NOTE_MAX })}
        optionalText={t('common.optional')}
        value={note}
        maxLength={NOTE_MAX}
        rows={3}
        onChange={(e) => setNote(e.target.value.replace(/[\r\n]+/g, ' '))}
      />
      <div className="interest-form__actions">
        <Button type="submit" disabled={declare.isPending}>
          {t('interest.save')}
        </Button>
        {mine ? (
          <Button
            variant="secondary"
            disabled={withdraw.isPending}
            onClick={() =>
              withdraw.mutate(undefined, {
                onSuccess: () => {
                  announce(t('interest.withdrawn'));
                  onDone();
                },
              })
            }
          >
            {t('interest.withdraw')}
          </Button>
        ) : null}
        <Button variant="secondaryNoBorder" onClick={onDone}>
          {t('interest.cancel')}
        </Button>
      </div>
      {declare.error ? <ProblemAlert error={declare.error} /> : null}
      {withdraw.error ? <ProblemAlert error={withdraw.error} /> : null}
    </form>
  );
}

function Group({ group }: { group: InterestGroup }) {
  const { t } = useTranslation();
  const org = group.organisation;
  const branch = group.branch && org && group.branch.id !== org.id ? group.branch : null;
  return (
    <li className="interest-group">
      <Heading variant="h3" className="interest-group__title">
        {org ? <Localized texts={org.name} /> : t('interest.noOrganisationGroup')}
      </Heading>
      {branch ? (
        <p className="interest-group__branch">
          {t('interest.branch')}: <Localized texts={branch.name} />
        </p>
      ) : null}
      <ul className="interest-people">
        {group.people.map((p) => (
          <li key={p.id}>
            <span className="interest-people__name">{p.display_name || t('common.deletedUser')}</span>
            {p.on_behalf ? <span className="interest-people__behalf"> · {t('interest.behalfTag')}</span> : null}
            {p.note ? <p className="interest-people__note">{p.note}</p> : null}
          </li>
        ))}
      </ul>
    </li>
  );
}

/** "We'd join this": the button and form (not for the team), and who would join, by organisation. */
export function InterestSection({ proposal }: { proposal: Proposal }) {
  const { t } = useTranslation();
  const user = useUser();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const list = useInterests(proposal.id);
  const mine = proposal.viewer_interest;
  const canAct = proposal.viewer_can_declare_interest || !!mine;
  return (
    <section className="interest" id="interests" aria-labelledby="interest-title">
      <Heading variant="h2" id="interest-title">
        {t('interest.title')}
      </Heading>
      <Paragraph>
        {t('interest.people', { count: proposal.interest.people })}
        {proposal.interest.organisations > 0 ? ` · ${t('interest.organisations', { count: proposal.interest.organisations })}` : null}
      </Paragraph>
      {mine && !open ? <Paragraph className="interest__mine">{t(mine.on_behalf ? 'interest.youBehalf' : 'interest.you')}</Paragraph> : null}
      {user === null && proposal.interest_refusal === 'unauthenticated' ? (
        <p>
          <Link to="/login" state={{ from: location.pathname }}>
            {t('interest.signIn')}
          </Link>
        </p>
      ) : null}
      {user && canAct && !open ? (
        <Button variant={mine ? 'secondary' : 'default'} onClick={() => setOpen(true)} aria-expanded={false}>
          {mine ? t('interest.edit') : t('interest.join')}
        </Button>
      ) : null}
      {open ? <InterestForm proposal={proposal} onDone={() => setOpen(false)} /> : null}
      {list.isError ? <ProblemAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.groups.length > 0 ? (
        <>
          <p className="interest__totals">{t('interest.branches', { count: list.data.totals.branches })}</p>
          <ul className="interest-groups">
            {list.data.groups.map((g) => (
              <Group key={g.organisation?.id ?? 'none'} group={g} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
