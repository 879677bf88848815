import { useState } from 'react';
import { Button, Heading, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { LANGUAGES } from '@/lib/i18n';
import { fallbackLang, pick } from '@/lib/localized';
import { fieldErrorMap } from '@/lib/problem';
import type { Theme } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { useAddTheme } from '../api/create-theme';
import { useDeleteTheme } from '../api/delete-theme';
import { useUpdateTheme } from '../api/update-theme';
import { toTexts, type TextValues } from './call-values';

function ThemeNameInputs({
  idPrefix,
  value,
  onChange,
  error,
}: {
  idPrefix: string;
  value: TextValues;
  onChange: (v: TextValues) => void;
  error: unknown;
}) {
  const { t } = useTranslation();
  const fe = fieldErrorMap(error);
  return (
    <>
      {LANGUAGES.map((lang) => (
        <TextInput
          key={lang}
          id={`${idPrefix}-${lang}`}
          labelText={t('admin.themes.nameIn', { language: t(`inLanguage.${lang}`) })}
          optionalText={lang === 'fi' ? undefined : t('common.optional')}
          value={value[lang]}
          onChange={(x) => onChange({ ...value, [lang]: String(x ?? '') })}
          status={fe[`name.${lang}`] ? 'error' : 'default'}
          statusText={fieldErrorMessage(t, fe[`name.${lang}`])}
          fullWidth
        />
      ))}
    </>
  );
}

function ThemeRow({ callId, theme }: { callId: string; theme: Theme }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const update = useUpdateTheme(callId);
  const remove = useDeleteTheme(callId);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState<TextValues>({ fi: theme.name.fi, sv: theme.name.sv ?? '', en: theme.name.en ?? '' });
  return (
    <li className="theme-row">
      {editing ? (
        <>
          {update.error && !Object.keys(fieldErrorMap(update.error)).length ? <ProblemAlert error={update.error} /> : null}
          <ThemeNameInputs idPrefix={`theme-${theme.id}`} value={name} onChange={setName} error={update.error} />
          <div className="form__actions">
            <Button
              onClick={() => update.mutate({ themeId: theme.id, name: toTexts(name) }, { onSuccess: () => setEditing(false) })}
              disabled={update.isPending}
            >
              {t('common.save')}
            </Button>
            <Button variant="secondary" onClick={() => setEditing(false)}>
              {t('common.cancel')}
            </Button>
          </div>
        </>
      ) : (
        <div className="theme-row__view">
          <span lang={fallbackLang(theme.name, lang)}>{pick(theme.name, lang)}</span>
          <Button
            variant="secondaryNoBorder"
            onClick={() => setEditing(true)}
            aria-label={t('admin.themes.editNamed', { name: pick(theme.name, lang) })}
          >
            {t('common.edit')}
          </Button>
          <Button
            variant="secondaryNoBorder"
            onClick={() => remove.mutate(theme.id)}
            disabled={remove.isPending}
            aria-label={t('admin.themes.deleteNamed', { name: pick(theme.name, lang) })}
          >
            {t('common.delete')}
          </Button>
        </div>
      )}
      {remove.error ? <ProblemAlert error={remove.error} /> : null}
    </li>
  );
}

/** An existing call's themes, each saved on its own. */
export function ThemeEditor({ callId, themes }: { callId: string; themes: Theme[] }) {
  const { t } = useTranslation();
  const add = useAddTheme(callId);
  const [name, setName] = useState<TextValues>({ fi: '', sv: '', en: '' });
  return (
    <section className="admin-section" aria-labelledby="themes-title">
      <Heading variant="h2" as="h2" id="themes-title" className="section-title">
        {t('admin.themes.title')}
      </Heading>
      {themes.length === 0 ? <p>{t('admin.themes.none')}</p> : null}
      <ul className="theme-list">
        {themes.map((th) => (
          <ThemeRow key={th.id} callId={callId} theme={th} />
        ))}
      </ul>
      <fieldset className="fieldset">
        <legend>{t('admin.themes.add')}</legend>
        {add.error && !Object.keys(fieldErrorMap(add.error)).length ? <ProblemAlert error={add.error} /> : null}
        <ThemeNameInputs idPrefix="new-theme" value={name} onChange={setName} error={add.error} />
        <div className="form__actions">
          <Button
            variant="secondary"
            disabled={add.isPending}
            onClick={() => add.mutate({ name: toTexts(name) }, { onSuccess: () => setName({ fi: '', sv: '', en: '' }) })}
          >
            {t('admin.themes.add')}
          </Button>
        </div>
      </fieldset>
    </section>
  );
}
