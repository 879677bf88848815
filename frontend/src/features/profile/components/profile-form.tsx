import { useState, type FormEvent } from 'react';
import { Button, Dropdown, DropdownItem, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { useUpdateMe, type Me } from '@/lib/auth';
import { LANGUAGES, rememberLanguage, setLanguage, type Language } from '@/lib/i18n';
import { byLocalName, orgLabel } from '@/lib/localized';
import { useOrganisations } from '@/lib/organisations';
import { ApiProblem, fieldErrorMap } from '@/lib/problem';
import { useLanguage } from '@/lib/use-language';

const NONE = 'none';

/** Display name, organisation and language; saving the language also switches the interface. */
export function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const orgs = useOrganisations();
  const update = useUpdateMe();
  const [name, setName] = useState(me.display_name);
  const [org, setOrg] = useState(me.organisation?.id ?? NONE);
  const [language, setChosen] = useState<Language>(me.language);
  const [saved, setSaved] = useState(false);
  const fe = fieldErrorMap(update.error);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate(
      { display_name: name.trim(), organisation_id: org === NONE ? null : org, language },
      {
        onSuccess: (updated) => {
          setSaved(true);
          rememberLanguage(updated.language);
          void setLanguage(updated.language);
        },
      },
    );
  };
  const fieldOnly = update.error instanceof ApiProblem && update.error.code === 'validation_failed';
  return (
    <form className="form form--narrow" onSubmit={submit} noValidate>
      {update.error && !fieldOnly ? <ProblemAlert error={update.error} /> : null}
      <TextInput id="profile-email" labelText={t('auth.fields.email')} value={me.email} disabled fullWidth />
      <TextInput
        id="profile-name"
        autoComplete="name"
        labelText={t('auth.fields.displayName')}
        value={name}
        onChange={(v) => setName(String(v ?? ''))}
        status={fe.display_name ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.display_name)}
        fullWidth
      />
      <Dropdown
        id="profile-organisation"
        labelText={t('auth.fields.organisation')}
        value={org}
        onChange={setOrg}
        status={fe.organisation_id ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.organisation_id)}
        fullWidth
      >
        {[
          <DropdownItem key={NONE} value={NONE}>
            {t('profile.noOrganisation')}
          </DropdownItem>,
          ...byLocalName(orgs.data?.items, lang).map((o) => (
            <DropdownItem key={o.id} value={o.id}>
              {orgLabel(o, lang)}
            </DropdownItem>
          )),
        ]}
      </Dropdown>
      <Dropdown
        id="profile-language"
        labelText={t('profile.language')}
        value={language}
        onChange={(v) => setChosen(v as Language)}
        status={fe.language ? 'error' : 'default'}
        statusText={fieldErrorMessage(t, fe.language)}
      >
        {LANGUAGES.map((l) => (
          <DropdownItem key={l} value={l}>
            {t(`languages.${l}`)}
          </DropdownItem>
        ))}
      </Dropdown>
      <div className="form__actions">
        <Button type="submit" disabled={update.isPending}>
          {t('common.save')}
        </Button>
      </div>
      <p aria-live="polite" className="form__status">
        {saved ? t('profile.saved') : ''}
      </p>
    </form>
  );
}
