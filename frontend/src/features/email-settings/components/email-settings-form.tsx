import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Button, Heading, Paragraph, RadioButton, RadioButtonGroup } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { Loading } from '@/components/loading';
import { ProblemAlert } from '@/components/problem-alert';
import type { NotificationKind } from '@/lib/types';
import { useEmailSettings, useSaveEmailSettings, type EmailDelivery, type EmailSetting } from '../api/email-settings';
import { KIND_GROUPS, kindsOf } from './kinds';

const DELIVERIES: readonly EmailDelivery[] = ['immediately', 'daily_digest', 'off'];

/**
 * Email notifications in the profile: for each kind of notification, by email at once, in the
 * daily digest, or not at all; one radio group per kind, saved together.
 */
export function EmailSettingsSection() {
  const { t } = useTranslation();
  const q = useEmailSettings();
  const location = useLocation();
  const title = useRef<HTMLHeadingElement>(null);
  const linked = location.hash === '#email-settings';
  const ready = q.isSuccess;
  useEffect(() => {
    // Linked to from an unsubscribe page: once the settings are there, start here.
    if (linked && ready) {
      title.current?.scrollIntoView();
      title.current?.focus({ preventScroll: true });
    }
  }, [linked, ready]);
  return (
    <section aria-labelledby="email-settings-title" className="profile-section" id="email-settings">
      <Heading variant="h2" id="email-settings-title" className="section-title" ref={title} tabIndex={-1}>
        {t('emailSettings.title')}
      </Heading>
      <Paragraph className="section-text">{t('emailSettings.lead')}</Paragraph>
      {q.isError ? (
        <ProblemAlert error={q.error} onRetry={() => void q.refetch()} />
      ) : q.isPending ? (
        <Loading />
      ) : (
        <EmailSettingsForm settings={q.data.settings} />
      )}
    </section>
  );
}

function EmailSettingsForm({ settings }: { settings: EmailSetting[] }) {
  const { t } = useTranslation();
  const save = useSaveEmailSettings();
  const [values, setValues] = useState<Partial<Record<NotificationKind, EmailDelivery>>>(() =>
    Object.fromEntries(settings.map((s) => [s.kind, s.delivery])),
  );
  const [saved, setSaved] = useState(false);
  const kinds = settings.map((s) => s.kind);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    save.mutate(
      { settings: settings.map((s) => ({ kind: s.kind, delivery: values[s.kind] ?? s.delivery })) },
      { onSuccess: () => setSaved(true) },
    );
  };
  return (
    <form className="form email-settings" onSubmit={submit} noValidate>
      {save.isError ? <ProblemAlert error={save.error} /> : null}
      {KIND_GROUPS.map((group) => {
        const inGroup = kindsOf(group, kinds);
        if (inGroup.length === 0) return null;
        return (
          <div key={group} className="email-settings__group">
            <Heading variant="h3" className="email-settings__group-title">
              {t(`emailSettings.group.${group}`)}
            </Heading>
            {inGroup.map((kind) => (
              <RadioButtonGroup
                key={kind}
                id={`email-${kind}`}
                name={`email-${kind}`}
                className="email-settings__kind"
                labelText={t(`emailSettings.kind.${kind}`)}
                value={values[kind]}
                onChange={(v) => {
                  setSaved(false);
                  setValues((old) => ({ ...old, [kind]: v as EmailDelivery }));
                }}
              >
                {DELIVERIES.map((d) => (
                  <RadioButton key={d} value={d} id={`email-${kind}-${d}`}>
                    {t(`emailSettings.delivery.${d}`)}
                  </RadioButton>
                ))}
              </RadioButtonGroup>
            ))}
          </div>
        );
      })}
      <div className="form__actions">
        <Button type="submit" disabled={save.isPending}>
          {t('emailSettings.save')}
        </Button>
      </div>
      <p aria-live="polite" className="form__status">
        {saved ? t('emailSettings.saved') : ''}
      </p>
    </form>
  );
}
