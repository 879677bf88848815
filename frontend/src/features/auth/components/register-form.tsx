import { useState, type FormEvent } from 'react';
import { Button, Dropdown, DropdownItem, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { useRegister } from '@/lib/auth';
import { byLocalName, orgLabel } from '@/lib/localized';
import { useOrganisations } from '@/lib/organisations';
import { ApiProblem, fieldErrorMap } from '@/lib/problem';
import { useLanguage } from '@/lib/use-language';

const BY_EMAIL = 'by-email';

export function RegisterForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const register = useRegister();
  const orgs = useOrganisations();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [org, setOrg] = useState(BY_EMAIL);
  const fe = fieldErrorMap(register.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A promise rather than mutate's callback: signing in re-renders the page, which may
    // unmount this form before a callback would run.
    register
      .mutateAsync({
        display_name: name.trim(),
        email: email.trim(),
        password,
        language: lang,
        organisation_id: org === BY_EMAIL ? null : org,
      })
      .then(onDone, () => undefined);
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
        value={name}
        onChange={(v) => setName(String(v ?? ''))}
        status={fe.display_name ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.display_name)}
        fullWidth
      />
      <TextInput
        id="register-email"
        type="email"
        autoComplete="email"
        labelText={t('auth.fields.email')}
        hintText={t('auth.fields.emailHint')}
        value={email}
        onChange={(v) => setEmail(String(v ?? ''))}
        status={fe.email ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.email)}
        fullWidth
      />
      <TextInput
        id="register-password"
        type="password"
        autoComplete="new-password"
        labelText={t('auth.fields.password')}
        hintText={t('auth.fields.passwordHint')}
        value={password}
        onChange={(v) => setPassword(String(v ?? ''))}
        status={fe.password ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.password)}
        fullWidth
      />
      <Dropdown
        id="register-organisation"
        labelText={t('auth.fields.organisation')}
        optionalText={t('common.optional')}
        value={org}
        onChange={setOrg}
        status={fe.organisation_id ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.organisation_id)}
        fullWidth
      >
        {[
          <DropdownItem key={BY_EMAIL} value={BY_EMAIL}>
            {t('auth.fields.organisationByEmail')}
          </DropdownItem>,
          ...byLocalName(orgs.data?.items, lang).map((o) => (
            <DropdownItem key={o.id} value={o.id}>
              {orgLabel(o, lang)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <div className="form__actions">
        <Button type="submit" disabled={register.isPending}>
          {t('auth.register.submit')}
        </Button>
      </div>
    </form>
  );
}
