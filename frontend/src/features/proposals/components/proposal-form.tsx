import type { FormEvent, ReactNode } from 'react';
import { Button, Dropdown, DropdownItem, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { OrganisationCheckboxes } from '@/components/organisation-select';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { ApiProblem, fieldErrorMap, type FieldError } from '@/lib/problem';
import type { Theme } from '@/lib/types';
import { useLanguage } from '@/lib/use-language';
import { Localized } from '@/components/localized';

export interface ProposalValues {
  title: string;
  summary: string;
  challenge: string;
  idea: string;
  theme_id: string | null;
  organisation_ids: string[];
  language: Language;
}

interface Props {
  themes: Theme[];
  initial?: Partial<ProposalValues>;
  submitText: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: ProposalValues) => void;
  onCancel?: () => void;
  /** More fields before the buttons (co-authors to invite). */
  extra?: ReactNode;
  /** Shown after the summary, from the title and summary as typed (the similar proposals). */
  afterSummary?: (draft: { title: string; summary: string }) => ReactNode;
}

const NO_THEME = 'none';
const FIELDS = ['title', 'summary', 'challenge', 'idea', 'theme_id', 'organisation_ids', 'language'] as const;
type Field = (typeof FIELDS)[number];

/** Field errors of a 422 by form field; `organisation_ids[2]` belongs to `organisation_ids`. */
export function proposalFieldErrors(error: unknown): Partial<Record<Field, FieldError>> {
  const out: Partial<Record<Field, FieldError>> = {};
  for (const [path, fe] of Object.entries(fieldErrorMap(error))) {
    const field = FIELDS.find((f) => path === f || path.startsWith(`${f}[`) || path.startsWith(`${f}.`));
    if (field && !out[field]) out[field] = fe;
  }
  return out;
}

/**
 * A proposal's texts, theme, organisations and language. The server validates; its 422 field
 * errors show next to their fields and what was typed stays as it was.
 */
export function ProposalForm({ themes, initial, submitText, pending, error, onSubmit, onCancel, extra, afterSummary }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const form = useFormFields<ProposalValues>(
    {
      title: initial?.title ?? '',
      summary: initial?.summary ?? '',
      challenge: initial?.challenge ?? '',
      idea: initial?.idea ?? '',
      theme_id: initial?.theme_id ?? null,
      organisation_ids: initial?.organisation_ids ?? [],
      language: initial?.language ?? lang,
    },
    error,
    { fieldErrors: proposalFieldErrors },
  );
  const { values: v, set, errors: fe } = form;
  const onlyFieldErrors = error instanceof ApiProblem && error.code === 'validation_failed' && Object.keys(fe).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      {error ? (
        onlyFieldErrors ? (
          <div className="error-summary" role="alert">
            <p className="error-summary__title">{t('proposals.form.fixErrors')}</p>
            <ul>
              {FIELDS.filter((f) => fe[f]).map((f) => (
                <li key={f}>
                  <a href={`#proposal-${f}`}>
                    {t(`proposals.form.${f}`)}: {form.feedback(f).statusText}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ProblemAlert error={error} />
        )
      ) : null}
      <TextInput
        id="proposal-title"
        labelText={t('proposals.form.title')}
        hintText={t('proposals.form.titleHint')}
        {...form.text('title')}
        fullWidth
        characterLimit={140}
        ariaCharactersRemainingText={(n) => t('common.charactersLeft', { count: n })}
        ariaCharactersExceededText={(n) => t('common.charactersOver', { count: n })}
      />
      <Textarea
        id="proposal-summary"
        labelText={t('proposals.form.summary')}
        hintText={t('proposals.form.summaryHint')}
        {...form.textarea('summary')}
        fullWidth
        rows={3}
        characterLimit={500}
        ariaCharactersRemainingText={(n) => t('common.charactersLeft', { count: n })}
        ariaCharactersExceededText={(n) => t('common.charactersOver', { count: n })}
      />
      {afterSummary?.({ title: v.title, summary: v.summary })}
      <Textarea
        id="proposal-challenge"
        labelText={t('proposals.form.challenge')}
        hintText={t('proposals.form.challengeHint')}
        {...form.textarea('challenge')}
        fullWidth
        rows={8}
      />
      <Textarea
        id="proposal-idea"
        labelText={t('proposals.form.idea')}
        hintText={t('proposals.form.ideaHint')}
        {...form.textarea('idea')}
        fullWidth
        rows={8}
      />
      {themes.length > 0 ? (
        <Dropdown
          id="proposal-theme_id"
          labelText={t('proposals.form.theme_id')}
          optionalText={t('common.optional')}
          value={v.theme_id ?? NO_THEME}
          onChange={(x) => set('theme_id', x === NO_THEME ? null : x)}
          {...form.feedback('theme_id')}
          fullWidth
        >
          {[
            <DropdownItem key={NO_THEME} value={NO_THEME}>
              {t('proposals.form.noTheme')}
            </DropdownItem>,
            ...themes.map((th) => (
              <DropdownItem key={th.id} value={th.id}>
                <Localized texts={th.name} />
              </DropdownItem>
            )),
          ]}
        </Dropdown>
      ) : null}
      <OrganisationCheckboxes
        id="proposal-organisation_ids"
        checkboxIdPrefix="proposal-org-"
        className="org-checkboxes"
        labelText={t('proposals.form.organisation_ids')}
        hintText={t('proposals.form.organisationsHint')}
        optionalText={t('common.optional')}
        value={v.organisation_ids}
        onChange={(ids) => set('organisation_ids', ids)}
        {...form.feedback('organisation_ids')}
      />
      <Dropdown
        id="proposal-language"
        labelText={t('proposals.form.language')}
        value={v.language}
        onChange={(x) => set('language', x as Language)}
        {...form.feedback('language')}
      >
        {LANGUAGES.map((l) => (
          <DropdownItem key={l} value={l}>
            {t(`languages.${l}`)}
          </DropdownItem>
        ))}
      </Dropdown>
      {extra}
      <div className="form__actions">
        <Button type="submit" disabled={pending}>
          {submitText}
        </Button>
        {onCancel ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
