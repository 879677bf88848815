import { useState } from 'react';
import { Button, DateInput, Dropdown, DropdownItem, Heading } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { useUpdatePilot } from '../api/mutations';
import { pilotStatusValues, type Pilot, type PilotStatus } from '../api/types';
import { parseTypedDate, typedDate } from './dates';

/** The team (or an admin) moves the pilot on: its status and dates. */
export function PilotEditForm({ pilot, onDone }: { pilot: Pilot; onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const update = useUpdatePilot(pilot.id);
  const [local, setLocal] = useState<Record<string, string>>({});
  const form = useFormFields(
    { status: pilot.status as PilotStatus, starts_on: typedDate(pilot.starts_on), ends_on: typedDate(pilot.ends_on) },
    update.error,
  );
  const fb = (k: string) => (local[k] ? { status: 'error' as const, statusText: local[k] } : form.feedback(k));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const starts = parseTypedDate(form.values.starts_on);
    const ends = form.values.ends_on.trim() === '' ? null : parseTypedDate(form.values.ends_on);
    const problems: Record<string, string> = {};
    if (!starts) problems.starts_on = t('pilots.form.dateInvalid');
    if (form.values.ends_on.trim() !== '' && !ends) problems.ends_on = t('pilots.form.dateInvalid');
    else if (starts && ends && ends < starts) problems.ends_on = t('pilots.form.endBeforeStart');
    setLocal(problems);
    const first = Object.keys(problems)[0];
    if (first || !starts) {
      document.getElementById(`pilot-edit-${first ?? 'starts_on'}`)?.focus();
      return;
    }
    update.mutate(
      { status: form.values.status, starts_on: starts, ends_on: ends },
      {
        onSuccess: () => {
          announce(t('pilots.edit.saved'));
          onDone();
        },
      },
    );
  };
  const fieldProblem = Object.keys(form.errors).length > 0;
  return (
    <form className="pilot-form" onSubmit={submit} noValidate aria-labelledby="pilot-edit-title">
      <Heading variant="h3" id="pilot-edit-title">
        {t('pilots.edit.title')}
      </Heading>
      {update.error && !fieldProblem ? <ProblemAlert error={update.error} /> : null}
      <Dropdown
        id="pilot-edit-status"
        labelText={t('pilots.detail.status')}
        value={form.values.status}
        onChange={(v) => form.set('status', v as PilotStatus)}
        {...form.feedback('status')}
      >
        {pilotStatusValues.map((s) => (
          <DropdownItem key={s} value={s}>
            {t(`pilots.status.${s}`)}
          </DropdownItem>
        ))}
      </Dropdown>
      <DateInput
        id="pilot-edit-starts_on"
        labelText={t('pilots.form.startsOn')}
        hintText={t('pilots.form.dateHint')}
        language={lang}
        value={form.values.starts_on}
        onChange={({ value }) => form.set('starts_on', value)}
        {...fb('starts_on')}
      />
      <DateInput
        id="pilot-edit-ends_on"
        labelText={t('pilots.form.endsOn')}
        optionalText={t('common.optional')}
        hintText={t('pilots.form.dateHint')}
        language={lang}
        value={form.values.ends_on}
        onChange={({ value }) => form.set('ends_on', value)}
        {...fb('ends_on')}
      />
      <div className="form-actions">
        <Button type="submit" disabled={update.isPending}>
          {t('pilots.edit.save')}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
