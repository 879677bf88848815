import { useState, type FormEvent } from 'react';
import { Button, Heading, RadioButton, RadioButtonGroup, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { moderationModeValues } from '@/lib/api/schema';
import { LANGUAGES, type TextKey } from '@/lib/i18n';
import { ApiProblem, fieldErrorMap, type ErrorCode, type FieldError } from '@/lib/problem';
import type { ModerationMode } from '@/lib/types';
import type { CreateCallInput } from '../api/create-call';
import { toCallRequest, WINDOW_FIELDS, type CallValues, type TextValues } from './call-values';
import { DateTimeField } from './date-time-field';
import { HostOrganisationSelect } from '@/components/host-organisation-select';

/** Each moderation mode's choice and what it means, for every mode of the contract. */
const MODERATION: Record<ModerationMode, { label: TextKey; hint: TextKey }> = {
  post: { label: 'admin.callForm.moderationPost', hint: 'admin.callForm.moderationPostHint' },
  pre: { label: 'admin.callForm.moderationPre', hint: 'admin.callForm.moderationPreHint' },
};

interface Props {
  initial: CallValues;
  /** New calls get their themes in the same request; existing ones edit them one by one. */
  withThemes: boolean;
  submitText: string;
  pending: boolean;
  error: unknown;
  onSubmit: (body: CreateCallInput) => void;
}

export function CallForm({ initial, withThemes, submitText, pending, error, onSubmit }: Props) {
  const { t } = useTranslation();
  const [missing, setMissing] = useState<Record<string, ErrorCode>>({});
  const server = fieldErrorMap(error);
  // The server's field errors, else the fields that the form found missing before sending.
  const form = useFormFields<CallValues>(initial, error, {
    fieldErrors: () => {
      const own = Object.entries(missing).map(([field, code]): [string, FieldError] => [field, { field, code, message: '' }]);
      return { ...Object.fromEntries(own), ...server };
    },
  });
  const { values: v, setValues: setV, feedback } = form;
  const setText = (k: 'title' | 'description', lang: keyof TextValues, value: string) =>
    setV((old) => ({ ...old, [k]: { ...old[k], [lang]: value } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, missing: m } = toCallRequest(v);
    setMissing(m);
    if (body) onSubmit(body);
  };
  const hasFieldErrors = Object.keys(server).length > 0 || Object.keys(missing).length > 0;
  const fieldOnly = error instanceof ApiProblem && error.code === 'validation_failed';

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error && !fieldOnly ? <ProblemAlert error={error} /> : null}
      {hasFieldErrors ? (
        <p className="field-error" role="alert">
          {t('admin.callForm.fixErrors')}
        </p>
      ) : null}
      <TextInput
        id="call-slug"
        labelText={t('admin.callForm.slug')}
        hintText={t('admin.callForm.slugHint')}
        {...form.text('slug')}
        fullWidth
      />
      {LANGUAGES.map((lang) => (
        <fieldset key={lang} className="fieldset">
          <legend>{t('admin.callForm.textsIn', { language: t(`inLanguage.${lang}`) })}</legend>
          <TextInput
            id={`call-title-${lang}`}
            labelText={t('admin.callForm.title')}
            optionalText={lang === 'fi' ? undefined : t('common.optional')}
            value={v.title[lang]}
            onChange={(x) => setText('title', lang, String(x ?? ''))}
            {...feedback(`title.${lang}`)}
            fullWidth
          />
          <Textarea
            id={`call-description-${lang}`}
            labelText={t('admin.callForm.description')}
            optionalText={lang === 'fi' ? undefined : t('common.optional')}
            value={v.description[lang]}
            onChange={(e) => setText('description', lang, e.target.value)}
            {...feedback(`description.${lang}`)}
            fullWidth
            rows={5}
          />
        </fieldset>
      ))}
      <fieldset className="fieldset">
        <legend>{t('admin.callForm.window')}</legend>
        <p className="native-field__hint">{t('admin.callForm.windowHint')}</p>
        {WINDOW_FIELDS.map((f) => (
          <DateTimeField
            key={f}
            id={`call-${f}`}
            label={t(`admin.callForm.${f}`)}
            hint={t('admin.callForm.helsinkiTime')}
            value={v[f]}
            onChange={(x) => setV((o) => ({ ...o, [f]: x }))}
            error={feedback(f).statusText}
          />
        ))}
      </fieldset>
      <HostOrganisationSelect
        value={v.host_organisation_id}
        onChange={(id) => setV((o) => ({ ...o, host_organisation_id: id }))}
        {...feedback('host_organisation_id')}
      />
      <fieldset className="fieldset">
        <legend>{t('admin.callForm.settings')}</legend>
        <RadioButtonGroup
          name="moderation_mode"
          labelText={t('admin.callForm.moderationMode')}
          value={v.moderation_mode}
          onChange={(x) => setV((o) => ({ ...o, moderation_mode: x as ModerationMode }))}
        >
          {moderationModeValues.map((m) => (
            <RadioButton key={m} value={m} hintText={t(MODERATION[m].hint)}>
              {t(MODERATION[m].label)}
            </RadioButton>
          ))}
        </RadioButtonGroup>
        <TextInput
          id="call-report_threshold"
          type="number"
          labelText={t('admin.callForm.reportThreshold')}
          hintText={t('admin.callForm.reportThresholdHint')}
          {...form.text('report_threshold')}
        />
        <TextInput
          id="call-max_proposals_per_user"
          type="number"
          labelText={t('admin.callForm.maxProposals')}
          optionalText={t('common.optional')}
          hintText={t('admin.callForm.noLimitHint')}
          {...form.text('max_proposals_per_user')}
        />
        <TextInput
          id="call-max_thumbs_per_user"
          type="number"
          labelText={t('admin.callForm.maxThumbs')}
          optionalText={t('common.optional')}
          hintText={t('admin.callForm.noLimitHint')}
          {...form.text('max_thumbs_per_user')}
        />
      </fieldset>
      {withThemes ? (
        <fieldset className="fieldset">
          <legend>{t('admin.themes.title')}</legend>
          {v.themes.map((th, i) => (
            <div key={i} className="theme-row">
              <Heading variant="h4" as="h3">
                {t('admin.themes.number', { number: i + 1 })}
              </Heading>
              {LANGUAGES.map((lang) => (
                <TextInput
                  key={lang}
                  id={`theme-${i}-${lang}`}
                  labelText={t('admin.themes.nameIn', { language: t(`inLanguage.${lang}`) })}
                  optionalText={lang === 'fi' ? undefined : t('common.optional')}
                  value={th[lang]}
                  onChange={(x) =>
                    setV((o) => ({
                      ...o,
                      themes: o.themes.map((old, j) => (j === i ? { ...old, [lang]: String(x ?? '') } : old)),
                    }))
                  }
                  {...feedback(`themes[${i}].name.${lang}`)}
                  fullWidth
                />
              ))}
              <Button variant="secondary" onClick={() => setV((o) => ({ ...o, themes: o.themes.filter((_, j) => j !== i) }))}>
                {t('admin.themes.remove', { number: i + 1 })}
              </Button>
            </div>
          ))}
          <Button variant="secondary" onClick={() => setV((o) => ({ ...o, themes: [...o.themes, { fi: '', sv: '', en: '' }] }))}>
            {t('admin.themes.add')}
          </Button>
        </fieldset>
      ) : null}
      <div className="form__actions">
        <Button type="submit" disabled={pending}>
          {submitText}
        </Button>
      </div>
    </form>
  );
}
