import { useState, type FormEvent } from 'react';
import { Button, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { AcceptLegalCheckbox, useLegalConsent } from '@/components/accept-legal-checkbox';
import { OrganisationSelect } from '@/components/organisation-select';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { useRegister } from '@/lib/auth';
import { ApiProblem } from '@/lib/problem';
import { useLanguage } from '@/lib/use-language';

interface RegisterValues {
  display_name: string;
  email: string;
  password: string;
  /** Null: the server finds the organisation by the email's domain. */
  organisation_id: string | null;
}

export function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const register = useRegister();
  const form = useFormFields<RegisterValues>({ display_name: '', email: '', password: '', organisation_id: null }, register.error);
  const { values: v, errors: fe } = form;
  const consent = useLegalConsent();
  const [consentMissing, setConsentMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const versions = consent.versions();
    setConsentMissing(versions === null);
    if (versions === null) {
      document.getElementById('register-accept-legal')?.focus();
      return;
    }
    // A promise rather than mutate's callback: signing in re-renders the page, which may
    // unmount this form before a callback would run.
    register
      .mutateAsync({
        display_name: v.display_name.trim(),
        email: v.email.trim(),
        password: v.password,
        language: lang,
        organisation_id: v.organisation_id,
        ...versions,
      })
      .then(onDone, (e: unknown) => consent.refused(e));
  };
  const err = register.error;
  const fieldOnly = err instanceof ApiProblem && (err.code === 'validation_failed' || Object.keys(fe).length > 0);
  return (
    <form className="form form--narrow" onSubmit={submit} noValidate>
      {err && !fieldOnly ? <ProblemAlert error={err} /> : null}
      {err && fieldOnly ? (
        <p className="field-error" role="alert">
          {t('auth.register.fixErrors')}
        </p>
      ) : null}
      <TextInput
        id="register-name"
        autoComplete="name"
        labelText={t('auth.fields.displayName')}
        hintText={t('auth.fields.displayNameHint')}
        {...form.text('display_name')}
        fullWidth
      />
      <TextInput
        id="register-email"
        type="email"
        autoComplete="email"
        labelText={t('auth.fields.email')}
        hintText={t('auth.fields.emailHint')}
        {...form.text('email')}
        fullWidth
      />
      <TextInput
        id="register-password"
        type="password"
        autoComplete="new-password"
        labelText={t('auth.fields.password')}
        hintText={t('auth.fields.passwordHint')}
        {...form.text('password')}
        fullWidth
      />
      <OrganisationSelect
        id="register-organisation"
        labelText={t('auth.fields.organisation')}
        optionalText={t('common.optional')}
        noneText={t('auth.fields.organisationByEmail')}
        value={v.organisation_id}
        onChange={(id) => form.set('organisation_id', id)}
        {...form.feedback('organisation_id')}
        fullWidth
      />
      <AcceptLegalCheckbox consent={consent} missing={consentMissing} />
      <div className="form__actions">
        <Button type="submit" disabled={register.isPending}>
          {t('auth.register.submit')}
        </Button>
      </div>
    </form>
  );
}
