import { useState, type FormEvent } from 'react';
import { Button, Heading, Paragraph, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import type { Me } from '@/lib/auth';
import { useChangeEmail } from '../api/change-email';

/** The server's field errors show beside their fields; anything else above the form. */
const FIELDS = ['email', 'current_password'];

/**
 * The email address: the current one, a new one waiting for its confirmation link, and the
 * form to change it (with the password, so that a borrowed session cannot take the account).
 * An account made by single sign-on has no password: its address comes from the organisation's
 * sign-in.
 */
export function EmailForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const change = useChangeEmail();
  const form = useFormFields({ email: '', current_password: '' }, change.error);
  const fe = form.errors;
  const [sentTo, setSentTo] = useState<string | null>(null);
  const fieldOnly = change.error != null && Object.keys(fe).length > 0 && Object.keys(fe).every((f) => FIELDS.includes(f));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSentTo(null);
    const email = form.values.email.trim();
    change.mutate(
      { email, current_password: form.values.current_password },
      {
        onSuccess: () => {
          form.setValues({ email: '', current_password: '' });
          setSentTo(email);
        },
      },
    );
  };
  return (
    <section aria-labelledby="email-title" className="profile-section">
      <Heading variant="h2" id="email-title" className="section-title">
        {t('profile.email.title')}
      </Heading>
      <dl className="facts">
        <dt>{t('profile.email.current')}</dt>
        <dd>
          {me.email}{' '}
          <span className={me.email_verified ? 'email-state' : 'email-state email-state--unverified'}>
            {me.email_verified ? t('profile.email.verified') : t('profile.email.unverified')}
          </span>
        </dd>
        {me.pending_email ? (
          <>
            <dt>{t('profile.email.pending')}</dt>
            <dd>
              {me.pending_email} <span className="email-state email-state--unverified">{t('profile.email.pendingState')}</span>
            </dd>
          </>
        ) : null}
      </dl>
      {me.pending_email ? (
        <Paragraph className="section-text">{t('profile.email.pendingHint', { email: me.pending_email })}</Paragraph>
      ) : null}
      {me.has_password ? (
        <form className="form form--narrow" onSubmit={submit} noValidate>
          {change.error && !fieldOnly ? <ProblemAlert error={change.error} /> : null}
          <TextInput
            id="email-new"
            type="email"
            autoComplete="email"
            labelText={t('profile.email.new')}
            hintText={t('profile.email.newHint')}
            {...form.text('email')}
            fullWidth
          />
          <TextInput
            id="email-password"
            type="password"
            autoComplete="current-password"
            labelText={t('profile.password.current')}
            {...form.text('current_password')}
            fullWidth
          />
          <div className="form__actions">
            <Button type="submit" disabled={change.isPending}>
              {t('profile.email.submit')}
            </Button>
          </div>
          <p aria-live="polite" className="form__status">
            {sentTo ? t('profile.email.sent', { email: sentTo }) : ''}
          </p>
        </form>
      ) : (
        <Paragraph>{t('profile.email.noPassword')}</Paragraph>
      )}
    </section>
  );
}
