import { useState, type FormEvent } from 'react';
import { Button, Checkbox, CheckboxGroup, Dropdown, DropdownItem, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { fieldErrorMessage } from '@/components/problem-message';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { byLocalName, orgLabel } from '@/lib/localized';
import { useOrganisations } from '@/lib/organisations';
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
export function ProposalForm({ themes, initial, submitText, pending, error, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const orgs = useOrganisations();
  const [v, setV] = useState<ProposalValues>({
    title: initial?.title ?? '',
    summary: initial?.summary ?? '',
    challenge: initial?.challenge ?? '',
    idea: initial?.idea ?? '',
    theme_id: initial?.theme_id ?? null,
    organisation_ids: initial?.organisation_ids ?? [],
    language: initial?.language ?? lang,
  });
  const set = <K extends keyof ProposalValues>(k: K, value: ProposalValues[K]) => setV((old) => ({ ...old, [k]: value }));
  const fe = proposalFieldErrors(error);
  const msg = (f: Field) => fieldErrorMessage(t, fe[f]);
  const status = (f: Field) => (fe[f] ? ('error' as const) : ('default' as const));
  const onlyFieldErrors = error instanceof ApiProblem && error.code === 'validation_failed' && Object.keys(fe).length > 0;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit(v);
  };

  const toggleOrg = (id: string, on: boolean) =>
    set('organisation_ids', on ? [...v.organisation_ids.filter((x) => x !== id), id] : v.organisation_ids.filter((x) => x !== id));

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
                    {t(`proposals.form.${f}`)}: {msg(f)}
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
        value={v.title}
        onChange={(x) => set('title', String(x ?? ''))}
        status={status('title')}
        statusText={msg('title')}
        fullWidth
        characterLimit={140}
        ariaCharactersRemainingText={(n) => t('common.charactersLeft', { count: n })}
        ariaCharactersExceededText={(n) => t('common.charactersOver', { count: n })}
      />
      <Textarea
        id="proposal-summary"
        labelText={t('proposals.form.summary')}
        hintText={t('proposals.form.summaryHint')}
        value={v.summary}
        onChange={(e) => set('summary', e.target.value)}
        status={status('summary')}
        statusText={msg('summary')}
        fullWidth
        rows={3}
        characterLimit={500}
        ariaCharactersRemainingText={(n) => t('common.charactersLeft', { count: n })}
        ariaCharactersExceededText={(n) => t('common.charactersOver', { count: n })}
      />
      <Textarea
        id="proposal-challenge"
        labelText={t('proposals.form.challenge')}
        hintText={t('proposals.form.challengeHint')}
        value={v.challenge}
        onChange={(e) => set('challenge', e.target.value)}
        status={status('challenge')}
        statusText={msg('challenge')}
        fullWidth
        rows={8}
      />
      <Textarea
        id="proposal-idea"
        labelText={t('proposals.form.idea')}
        hintText={t('proposals.form.ideaHint')}
        value={v.idea}
        onChange={(e) => set('idea', e.target.value)}
        status={status('idea')}
        statusText={msg('idea')}
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
          status={status('theme_id')}
          statusText={msg('theme_id')}
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
      <CheckboxGroup
        id="proposal-organisation_ids"
        className="org-checkboxes"
        labelText={t('proposals.form.organisation_ids')}
        groupHintText={t('proposals.form.organisationsHint')}
        optionalText={t('common.optional')}
        groupStatus={status('organisation_ids')}
        groupStatusText={msg('organisation_ids')}
      >
        {byLocalName(orgs.data?.items, lang).map((o) => (
          <Checkbox
            key={o.id}
            id={`proposal-org-${o.code}`}
            checked={v.organisation_ids.includes(o.id)}
            onClick={({ checkboxState }) => toggleOrg(o.id, checkboxState)}
          >
            {orgLabel(o, lang)}
          </Checkbox>
        ))}
      </CheckboxGroup>
      <Dropdown
        id="proposal-language"
        labelText={t('proposals.form.language')}
        value={v.language}
        onChange={(x) => set('language', x as Language)}
        status={status('language')}
        statusText={msg('language')}
      >
        {LANGUAGES.map((l) => (
          <DropdownItem key={l} value={l}>
            {t(`languages.${l}`)}
          </DropdownItem>
        ))}
      </Dropdown>
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
