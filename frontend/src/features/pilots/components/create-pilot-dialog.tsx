import { useRef, useState } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  DateInput,
  Dropdown,
  DropdownItem,
  Modal,
  ModalContent,
  ModalFooter,
  ModalTitle,
  Paragraph,
  Textarea,
  TextInput,
} from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { OrganisationCheckboxes, OrganisationSelect } from '@/components/organisation-select';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { LANGUAGES } from '@/lib/i18n';
import { pick } from '@/lib/localized';
import type { Language, UserRef } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useSelectedProposals } from '../api/get-selected';
import { useCreatePilot } from '../api/mutations';
import { PILOT_LIMITS, pilotStatusValues, type LocalText, type Pilot, type PilotStatus } from '../api/types';
import { parseTypedDate, todayIso, typedDate } from './dates';
import { TeamPicker } from './team-picker';

interface Props {
  /** The call whose selected proposals to offer; without it the admin picks one of `calls`. */
  callId?: string;
  /** Calls with published results (the route knows them). */
  calls: { id: string; title: LocalText }[];
  onClose: (created?: Pilot) => void;
}

type Local = Partial<Record<string, string>>;

/**
 * Admin: a pilot from one or more selected proposals of published results. Their authors are
 * credited on it, notified and made its followers by the server.
 */
export function CreatePilotDialog({ callId, calls, onClose }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const create = useCreatePilot();
  const [chosenCall, setChosenCall] = useState<string | null>(callId ?? calls[0]?.id ?? null);
  const selected = useSelectedProposals(chosenCall);
  const [proposalIds, setProposalIds] = useState<string[]>([]);
  const [owner, setOwner] = useState<string | null>(null);
  const [partners, setPartners] = useState<string[]>([]);
  const [team, setTeam] = useState<UserRef[]>([]);
  const [local, setLocal] = useState<Local>({});
  const titleRef = useRef<HTMLInputElement>(null);
  const form = useFormFields(
    {
      title: '',
      goal: '',
      language: lang as Language,
      contact_name: '',
      contact_email: '',
      starts_on: typedDate(todayIso()),
      ends_on: '',
      status: 'planned' as PilotStatus,
    },
    create.error,
  );
  const fb = (k: string) => (local[k] ? { status: 'error' as const, statusText: local[k] } : form.feedback(k));
  const toggle = (id: string, on: boolean) =>
    setProposalIds((old) => (on ? [...old.filter((x) => x !== id), id] : old.filter((x) => x !== id)));

  const submit = () => {
    const v = form.values;
    const starts = parseTypedDate(v.starts_on);
    const ends = v.ends_on.trim() === '' ? null : parseTypedDate(v.ends_on);
    const problems: Local = {};
    const required = t('errors.required');
    if (proposalIds.length === 0) problems.proposal_ids = t('pilots.create.pickProposal');
    if (v.title.trim() === '') problems.title = required;
    if (v.goal.trim() === '') problems.goal = required;
    if (!owner) problems.owner_organisation_id = required;
    if (v.contact_name.trim() === '') problems.contact_name = required;
    if (!starts) problems.starts_on = t('pilots.form.dateInvalid');
    if (v.ends_on.trim() !== '' && !ends) problems.ends_on = t('pilots.form.dateInvalid');
    else if (starts && ends && ends < starts) problems.ends_on = t('pilots.form.endBeforeStart');
    setLocal(problems);
    const order = ['proposal_ids', 'title', 'goal', 'owner_organisation_id', 'contact_name', 'starts_on', 'ends_on'];
    const first = order.find((k) => problems[k]);
    if (first || !starts || !owner) {
      // A group's error takes focus to its first checkbox.
      const target =
        first === 'proposal_ids'
          ? (document.querySelector<HTMLElement>('[id^="pilot-proposal-"]') ?? document.getElementById('pilot-proposal_ids'))
          : document.getElementById(`pilot-${first ?? 'title'}`);
      target?.focus();
      return;
    }
    create.mutate(
      {
        proposal_ids: proposalIds,
        title: v.title.trim(),
        goal: v.goal,
        language: v.language,
        owner_organisation_id: owner,
        partner_organisation_ids: partners.filter((p) => p !== owner),
        contact_name: v.contact_name.trim(),
        ...(v.contact_email.trim() ? { contact_email: v.contact_email.trim() } : {}),
        starts_on: starts,
        ...(ends ? { ends_on: ends } : {}),
        status: v.status,
        team_user_ids: team.map((u) => u.id),
      },
      { onSuccess: (p) => onClose(p) },
    );
  };

  const items = selected.data?.items ?? [];
  const fieldProblem = Object.keys(form.errors).length > 0;
  return (
    <Modal
      visible
      appElementId="root"
      onEscKeyDown={() => onClose()}
      focusOnOpenRef={titleRef}
      className="create-pilot-dialog"
      variant="default"
    >
      <ModalContent>
        <ModalTitle>{t('pilots.create.title')}</ModalTitle>
        <Paragraph>{t('pilots.create.lead')}</Paragraph>
        {create.error && !fieldProblem ? <ProblemAlert error={create.error} /> : null}
        <div className="dialog-fields">
          {callId || calls.length === 0 ? null : (
            <Dropdown
              id="pilot-call"
              labelText={t('pilots.create.call')}
              visualPlaceholder={t('pilots.create.callPlaceholder')}
              value={chosenCall}
              onChange={(v) => {
                setChosenCall(v);
                setProposalIds([]);
              }}
            >
              {calls.map((c) => (
                <DropdownItem key={c.id} value={c.id}>
                  {pick(c.title, lang)}
                </DropdownItem>
              ))}
            </Dropdown>
          )}
          {calls.length === 0 && !callId ? <Paragraph>{t('pilots.create.noCalls')}</Paragraph> : null}
          {selected.isError ? <ProblemAlert error={selected.error} onRetry={() => void selected.refetch()} /> : null}
          {chosenCall && selected.isSuccess ? (
            items.length > 0 ? (
              <CheckboxGroup
                id="pilot-proposal_ids"
                labelText={t('pilots.create.proposals')}
                groupHintText={t('pilots.create.proposalsHint')}
                groupStatus={fb('proposal_ids').status}
                groupStatusText={fb('proposal_ids').statusText}
              >
                {items.map((it) => (
                  <Checkbox
                    key={it.proposal.id}
                    id={`pilot-proposal-${String(it.proposal.number)}`}
                    checked={proposalIds.includes(it.proposal.id)}
                    onClick={({ checkboxState }) => toggle(it.proposal.id, checkboxState)}
                  >
                    {t('pilots.detail.proposal', { number: it.proposal.number, title: it.proposal.title })} –{' '}
                    {it.proposal.author.display_name}
                  </Checkbox>
                ))}
              </CheckboxGroup>
            ) : (
              <Paragraph id="pilot-proposal_ids" tabIndex={-1}>
                {t('pilots.create.noSelected')}
              </Paragraph>
            )
          ) : null}
          <TextInput
            id="pilot-title"
            ref={titleRef}
            labelText={t('pilots.create.name')}
            maxLength={PILOT_LIMITS.title}
            fullWidth
            {...form.text('title')}
            {...fb('title')}
          />
          <Textarea
            id="pilot-goal"
            labelText={t('pilots.detail.goal')}
            hintText={`${t('pilots.create.goalHint')} ${t('pilots.form.markdownHint')}`}
            rows={5}
            fullWidth
            {...form.textarea('goal')}
            {...fb('goal')}
          />
          <Dropdown
            id="pilot-language"
            labelText={t('pilots.create.language')}
            value={form.values.language}
            onChange={(v) => form.set('language', v as Language)}
          >
            {LANGUAGES.map((l) => (
              <DropdownItem key={l} value={l}>
                {t(`languages.${l}`)}
              </DropdownItem>
            ))}
          </Dropdown>
          <OrganisationSelect
            id="pilot-owner_organisation_id"
            labelText={t('pilots.detail.owner')}
            noneText={t('pilots.create.ownerNone')}
            value={owner}
            onChange={setOwner}
            {...fb('owner_organisation_id')}
          />
          <OrganisationCheckboxes
            id="pilot-partners"
            checkboxIdPrefix="pilot-partner-"
            labelText={t('pilots.detail.partners')}
            optionalText={t('common.optional')}
            value={partners}
            onChange={setPartners}
            className="pilot-partners"
            {...fb('partner_organisation_ids')}
          />
          <TextInput
            id="pilot-contact_name"
            labelText={t('pilots.create.contactName')}
            maxLength={PILOT_LIMITS.contact_name}
            fullWidth
            {...form.text('contact_name')}
            {...fb('contact_name')}
          />
          <TextInput
            id="pilot-contact_email"
            type="email"
            labelText={t('pilots.create.contactEmail')}
            optionalText={t('common.optional')}
            maxLength={PILOT_LIMITS.contact_email}
            fullWidth
            {...form.text('contact_email')}
            {...fb('contact_email')}
          />
          <DateInput
            id="pilot-starts_on"
            labelText={t('pilots.form.startsOn')}
            hintText={t('pilots.form.dateHint')}
            language={lang}
            value={form.values.starts_on}
            onChange={({ value }) => form.set('starts_on', value)}
            {...fb('starts_on')}
          />
          <DateInput
            id="pilot-ends_on"
            labelText={t('pilots.form.endsOn')}
            optionalText={t('common.optional')}
            hintText={t('pilots.form.dateHint')}
            language={lang}
            value={form.values.ends_on}
            onChange={({ value }) => form.set('ends_on', value)}
            {...fb('ends_on')}
          />
          <Dropdown
            id="pilot-status"
            labelText={t('pilots.detail.status')}
            value={form.values.status}
            onChange={(v) => form.set('status', v as PilotStatus)}
          >
            {pilotStatusValues.map((s) => (
              <DropdownItem key={s} value={s}>
                {t(`pilots.status.${s}`)}
              </DropdownItem>
            ))}
          </Dropdown>
          <TeamPicker value={team} onChange={setTeam} />
        </div>
      </ModalContent>
      <ModalFooter>
        <Button onClick={submit} disabled={create.isPending}>
          {t('pilots.create.submit')}
        </Button>
        <Button variant="secondary" onClick={() => onClose()}>
          {t('common.cancel')}
        </Button>
      </ModalFooter>
    </Modal>
  );
}
