import { useState, type FormEvent } from 'react';
import { Button, Heading, Paragraph, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ConfirmDialog } from '@/components/confirm-dialog';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { useFormat } from '@/lib/format';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { LEGAL_PATHS, type LegalDocument, type LegalKind } from '@/lib/legal';
import { ApiProblem, fieldErrorMap, type ErrorCode, type FieldError } from '@/lib/problem';
import { announce } from '@/lib/status';
import { useLegalVersions } from '../api/get-legal-versions';
import { usePublishLegal, type PublishLegalInput } from '../api/publish-legal';

type Texts = Record<Language, string>;
interface Values {
  title: Texts;
  body: Texts;
}

/** The pages a user accepts: publishing a new version of one asks every user again. */
const ACCEPTED: LegalKind[] = ['terms', 'privacy'];

/** Every language is required (as the server requires): the paths left empty. */
function missingFields(v: Values): Record<string, ErrorCode> {
  const missing: Record<string, ErrorCode> = {};
  for (const field of ['title', 'body'] as const) {
    for (const lang of LANGUAGES) {
      if (v[field][lang].trim() === '') missing[`${field}.${lang}`] = 'required';
    }
  }
  return missing;
}

/**
 * Publishing the next version of a legal page: the version in force fills the form, in every
 * language, as Markdown; publishing asks first, saying whether users will have to accept it.
 */
export function LegalEditor({ kind, current }: { kind: LegalKind; current: LegalDocument }) {
  const { t } = useTranslation();
  const f = useFormat();
  const navigate = useNavigate();
  const publish = usePublishLegal(kind);
  const versions = useLegalVersions(kind);
  const [confirming, setConfirming] = useState(false);
  const [missing, setMissing] = useState<Record<string, ErrorCode>>({});
  const form = useFormFields<Values>({ title: { ...current.title }, body: { ...current.body } }, publish.error, {
    fieldErrors: (error) => {
      const own = Object.entries(missing).map(([field, code]): [string, FieldError] => [field, { field, code, message: '' }]);
      return { ...Object.fromEntries(own), ...fieldErrorMap(error) };
    },
  });
  const { values: v, setValues, feedback } = form;
  const setText = (field: keyof Values, lang: Language, value: string) =>
    setValues((old) => ({ ...old, [field]: { ...old[field], [lang]: value } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const m = missingFields(v);
    setMissing(m);
    if (Object.keys(m).length === 0) setConfirming(true);
  };
  const confirm = () => {
    const body: PublishLegalInput = { title: v.title, body: v.body };
    // A promise rather than mutate's callbacks: the new version refetched remounts this form
    // (its key), and the callbacks of an unmounted form never run.
    publish.mutateAsync(body).then(
      (doc) => {
        announce(t('legal.admin.published', { version: doc.version }), '/admin/legal');
        void navigate('/admin/legal');
      },
      () => setConfirming(false),
    );
  };
  const error = publish.error;
  const hasFieldErrors = Object.keys(form.errors).length > 0;
  const fieldOnly = error instanceof ApiProblem && error.code === 'validation_failed';
  const asks = ACCEPTED.includes(kind);

  return (
    <>
      <Paragraph className="lead-small">
        {t('legal.admin.current', { version: current.version, date: f.date(current.published_at) })}
      </Paragraph>
      <Paragraph>{t(asks ? 'legal.admin.asksAcceptance' : 'legal.admin.noAcceptance')}</Paragraph>
      <form className="form legal-editor" onSubmit={submit} noValidate>
        {error && !fieldOnly ? <ProblemAlert error={error} /> : null}
        {hasFieldErrors ? (
          <p className="field-error" role="alert">
            {t('legal.admin.fixErrors')}
          </p>
        ) : null}
        {LANGUAGES.map((lang) => (
          <fieldset key={lang} className="fieldset">
            <legend>{t('legal.admin.textsIn', { language: t(`inLanguage.${lang}`) })}</legend>
            <TextInput
              id={`legal-title-${lang}`}
              labelText={t('legal.admin.titleField')}
              value={v.title[lang]}
              onChange={(x) => setText('title', lang, String(x ?? ''))}
              {...feedback(`title.${lang}`)}
              lang={lang}
              fullWidth
            />
            <Textarea
              id={`legal-body-${lang}`}
              labelText={t('legal.admin.bodyField')}
              hintText={t('legal.admin.bodyHint')}
              value={v.body[lang]}
              onChange={(e) => setText('body', lang, e.target.value)}
              {...feedback(`body.${lang}`)}
              lang={lang}
              fullWidth
              rows={16}
            />
          </fieldset>
        ))}
        <div className="form__actions">
          <Button type="submit" disabled={publish.isPending}>
            {t('legal.admin.edit')}
          </Button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={t('legal.admin.confirmTitle')}
        text={t(asks ? 'legal.admin.asksAcceptance' : 'legal.admin.noAcceptance')}
        confirmText={t('legal.admin.publish')}
        busy={publish.isPending}
        onConfirm={confirm}
        onCancel={() => setConfirming(false)}
      />
      {versions.data && versions.data.items.length > 0 ? (
        <section aria-labelledby="legal-admin-versions">
          <Heading variant="h2" id="legal-admin-versions" className="section-title">
            {t('legal.admin.versions')}
          </Heading>
          <ul>
            {versions.data.items.map((item) => (
              <li key={item.version}>
                <Link to={`${LEGAL_PATHS[kind]}?version=${item.version}`}>
                  {t('legal.page.versionItem', { version: item.version, date: f.date(item.published_at) })}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
