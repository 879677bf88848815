import { useState, type FormEvent } from 'react';
import { Button, Dropdown, DropdownItem, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { useUpdateMe, type Me } from '@/lib/auth';
import { LANGUAGES, rememberLanguage, setLanguage, type Language } from '@/lib/i18n';
import { ApiProblem } from '@/lib/problem';
import { OrganisationField } from './organisation-field';

interface ProfileValues {
  display_name: string;
  organisation_id: string | null;
  language: Language;
}

/**
 * Display name, organisation (among those of the confirmed address's domain) and language;
 * saving the language also switches the interface.
 */
export function ProfileForm({ me }: { me: Me }) {
  const { t } = useTranslation();
  const update = useUpdateMe();
  const form = useFormFields<ProfileValues>(
    { display_name: me.display_name, organisation_id: me.organisation?.id ?? null, language: me.language },
    update.error,
  );
  const v = form.values;
  const [saved, setSaved] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    update.mutate(
      {
        display_name: v.display_name.trim(),
        language: v.language,
        // Only a change: an organisation an administrator set may not be among the user's choices.
        ...(v.organisation_id !== (me.organisation?.id ?? null) ? { organisation_id: v.organisation_id } : {}),
      },
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
      <TextInput id="profile-name" autoComplete="name" labelText={t('auth.fields.displayName')} {...form.text('display_name')} fullWidth />
      <OrganisationField
        me={me}
        value={v.organisation_id}
        onChange={(id) => form.set('organisation_id', id)}
        {...form.feedback('organisation_id')}
      />
      <Dropdown
        id="profile-language"
        labelText={t('profile.language')}
        value={v.language}
        onChange={(l) => form.set('language', l as Language)}
        {...form.feedback('language')}
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
