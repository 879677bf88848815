import { useState, type FormEvent } from 'react';
import { Button, Heading, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { fieldErrorMap } from '@/lib/problem';
import { useChangePassword } from '../api/change-password';

/** The server's field errors show beside their fields; anything else above the form. */
const FIELDS = ['current_password', 'new_password'];

/** Changes the password with the current one; says that the other sessions were ended. */
export function PasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [changed, setChanged] = useState(false);
  const fe = fieldErrorMap(change.error);
  const fieldOnly = change.error != null && Object.keys(fe).length > 0 && Object.keys(fe).every((f) => FIELDS.includes(f));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChanged(false);
    change.mutate(
      { current_password: current, new_password: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setChanged(true);
        },
      },
    );
  };
  return (
    <section aria-labelledby="password-title" className="password-section">
      <Heading variant="h2" id="password-title" className="section-title">
        {t('profile.password.title')}
      </Heading>
      <form className="form form--narrow" onSubmit={submit} noValidate>
        {change.error && !fieldOnly ? <ProblemAlert error={change.error} /> : null}
        <TextInput
          id="password-current"
          type="password"
          autoComplete="current-password"
          labelText={t('profile.password.current')}
          value={current}
          onChange={(v) => setCurrent(String(v ?? ''))}
          status={fe.current_password ? 'error' : 'default'}
          statusText={fieldErrorMessage(t, fe.current_password)}
          fullWidth
        />
        <TextInput
          id="password-new"
          type="password"
          autoComplete="new-password"
          labelText={t('profile.password.new')}
          hintText={t('profile.password.newHint')}
          value={next}
          onChange={(v) => setNext(String(v ?? ''))}
          status={fe.new_password ? 'error' : 'default'}
          statusText={fe.new_password?.code === 'length' ? t('profile.password.length') : fieldErrorMessage(t, fe.new_password)}
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
    </section>
  );
}
