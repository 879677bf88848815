import { useRef, useState, type FormEvent } from 'react';
import { Button, Paragraph, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { ApiProblem } from '@/lib/problem';
import { useRequestPasswordReset } from '../api/password-reset';

/**
 * Asks for a password reset link. The answer reads the same whether or not the address has an
 * account (the server does not say either), and tells where the link went and for how long it
 * works.
 */
export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const request = useRequestPasswordReset();
  const form = useFormFields({ email: '' }, request.error);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const done = useRef<HTMLParagraphElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const email = form.values.email.trim();
    request.mutate(
      { email },
      {
        onSuccess: () => {
          setSentTo(email);
          requestAnimationFrame(() => done.current?.focus());
        },
      },
    );
  };
  if (sentTo !== null) {
    return (
      <div className="link-result">
        <Paragraph className="result-text">
          <span ref={done} tabIndex={-1} className="focus-target">
            {t('auth.forgot.sent', { email: sentTo })}
          </span>
        </Paragraph>
        <Paragraph>{t('auth.forgot.sentHint')}</Paragraph>
      </div>
    );
  }
  const fieldOnly = request.error instanceof ApiProblem && request.error.code === 'validation_failed';
  return (
    <form className="form form--narrow" onSubmit={submit} noValidate>
      {request.error && !fieldOnly ? <ProblemAlert error={request.error} /> : null}
      <TextInput id="forgot-email" type="email" autoComplete="email" labelText={t('auth.fields.email')} {...form.text('email')} fullWidth />
      <div className="form__actions">
        <Button type="submit" disabled={request.isPending}>
          {t('auth.forgot.submit')}
        </Button>
      </div>
    </form>
  );
}
