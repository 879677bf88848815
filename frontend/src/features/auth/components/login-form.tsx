import type { FormEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { useLogin } from '@/lib/auth';
import { ApiProblem } from '@/lib/problem';

export function LoginForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const login = useLogin();
  const form = useFormFields({ email: '', password: '' }, login.error);
  const { email, password } = form.values;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email: email.trim(), password }, { onSuccess: onDone });
  };
  const fieldOnly = login.error instanceof ApiProblem && login.error.code === 'validation_failed';
  return (
    <form className="form form--narrow" onSubmit={submit} noValidate>
      {login.error && !fieldOnly ? <ProblemAlert error={login.error} /> : null}
      <TextInput
        id="login-email"
        type="email"
        autoComplete="username"
        labelText={t('auth.fields.email')}
        {...form.text('email')}
        fullWidth
      />
      <TextInput
        id="login-password"
        type="password"
        autoComplete="current-password"
        labelText={t('auth.fields.password')}
        {...form.text('password')}
        fullWidth
      />
      <div className="form__actions">
        <Button type="submit" disabled={login.isPending}>
          {t('auth.login.submit')}
        </Button>
      </div>
    </form>
  );
}
