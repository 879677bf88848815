import type { FormEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { ApiProblem, fieldErrorMap, toProblem } from '@/lib/problem';
import { useConfirmPasswordReset } from '../api/password-reset';

/**
 * The new password for a reset link's token. The server's refusals of the password itself
 * (too short, too easy, the email address; reported for `password` or `new_password`) show
 * under the field; a link that no longer works says so with the way to a new one.
 */
export function ResetPasswordForm({ token, onDone }: { token: string; onDone: () => void }) {
  const { t } = useTranslation();
  const confirm = useConfirmPasswordReset();
  const form = useFormFields({ new_password: '' }, confirm.error, {
    // The password's refusals may name either field; both are this one.
    fieldErrors: (error) => {
      const fe = fieldErrorMap(error);
      const password = fe.new_password ?? fe.password;
      return password ? { new_password: password } : {};
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ token, new_password: form.values.new_password }, { onSuccess: onDone });
  };
  const err = confirm.error;
  const code = err ? toProblem(err).code : null;
  const fieldOnly = err instanceof ApiProblem && form.errors.new_password !== undefined;
  const linkProblem = code === 'link_invalid' || code === 'link_expired';
  const fe = form.errors.new_password;
  return (
    <form className="form form--narrow" onSubmit={submit} noValidate>
      {err && !fieldOnly ? <ProblemAlert error={err} /> : null}
      {linkProblem ? (
        <p>
          <Link to="/forgot-password">{t('auth.reset.newLink')}</Link>
        </p>
      ) : null}
      <TextInput
        id="reset-password"
        type="password"
        autoComplete="new-password"
        labelText={t('auth.reset.password')}
        hintText={t('auth.reset.passwordHint')}
        {...form.text('new_password')}
        statusText={fe?.code === 'length' ? t('profile.password.length') : form.feedback('new_password').statusText}
        fullWidth
      />
      <div className="form__actions">
        <Button type="submit" disabled={confirm.isPending}>
          {t('auth.reset.submit')}
        </Button>
      </div>
    </form>
  );
}
