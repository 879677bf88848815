import { useState, type FormEvent } from 'react';
import { Button, Heading, Paragraph, TextInput } from 'suomifi-ui-components';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { useChangePassword } from '../api/change-password';

/** The server's field errors show beside their fields; anything else above the form. */
const FIELDS = ['current_password', 'new_password'];

/**
 * Changes the password with the current one; says that the other sessions were ended. An account
 * made by single sign-on has no password to give: it may set one by a reset link.
 */
export function PasswordForm({ hasPassword = true }: { hasPassword?: boolean }) {
  const { t } = useTranslation();
  const change = useChangePassword();
  const form = useFormFields({ current_password: '', new_password: '' }, change.error);
  const fe = form.errors;
  const [changed, setChanged] = useState(false);
  const fieldOnly = change.error != null && Object.keys(fe).length > 0 && Object.keys(fe).every((f) => FIELDS.includes(f));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChanged(false);
    change.mutate(form.values, {
      onSuccess: () => {
        form.setValues({ current_password: '', new_password: '' });
        setChanged(true);
      },
    });
  };
  return (
    <section aria-labelledby="password-title" className="password-section">
      <Heading variant="h2" id="password-title" className="section-title">
        {t('profile.password.title')}
      </Heading>
      {hasPassword ? (
        <form className="form form--narrow" onSubmit={submit} noValidate>
          {change.error && !fieldOnly ? <ProblemAlert error={change.error} /> : null}
          <TextInput
            id="password-current"
            type="password"
            autoComplete="current-password"
            labelText={t('profile.password.current')}
            {...form.text('current_password')}
            fullWidth
          />
          <TextInput
            id="password-new"
            type="password"
            autoComplete="new-password"
            labelText={t('profile.password.new')}
            hintText={t('profile.password.newHint')}
            {...form.text('new_password')}
            statusText={fe.new_password?.code === 'length' ? t('profile.password.length') : form.feedback('new_password').statusText}
            fullWidth
          />
          <div className="form__actions">
            <Button type="submit" disabled={change.isPending}>
              {t('profile.password.submit')}
            </Button>
          </div>
          <p aria-live="polite" className="form__status">
            {changed ? t('profile.password.changed') : ''}
          </p>
        </form>
      ) : (
        <Paragraph>
          {t('profile.password.none')} <Link to="/forgot-password">{t('profile.password.setByLink')}</Link>
        </Paragraph>
      )}
    </section>
  );
}
