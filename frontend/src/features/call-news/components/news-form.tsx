import { useState, type FormEvent } from 'react';
import { Button, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { LANGUAGES, type Language } from '@/lib/i18n';
import { ApiProblem, fieldErrorMap, type ErrorCode, type FieldError } from '@/lib/problem';
import { announce } from '@/lib/status';
import { NEWS_LIMITS, usePostCallNews, useUpdateCallNews, type CallNews } from '../api/call-news';
import { newsRequest, newsValues, type NewsValues } from './news-values';

interface Props {
  callId: string;
  /** The item to edit; a new one when left out. */
  editing?: CallNews;
  /** After a successful save, or when the writer cancels an edit. */
  onDone?: () => void;
}

/**
 * A news item's title and Markdown body in Finnish (required), Swedish and English, one
 * fieldset per language as in the call form. Posting publishes at once and tells the call's
 * followers; an edit tells nobody.
 */
export function NewsForm({ callId, editing, onDone }: Props) {
  const { t } = useTranslation();
  const post = usePostCallNews(callId);
  const update = useUpdateCallNews(callId);
  const mutation = editing ? update : post;
  const [missing, setMissing] = useState<Record<string, ErrorCode>>({});
  const server = fieldErrorMap(mutation.error);
  const form = useFormFields<NewsValues>(() => newsValues(editing), mutation.error, {
    fieldErrors: () => {
      const own = Object.entries(missing).map(([field, code]): [string, FieldError] => [field, { field, code, message: '' }]);
      return { ...Object.fromEntries(own), ...server };
    },
  });
  const { values: v, setValues: setV, feedback } = form;
  const idp = editing ? `news-edit-${editing.id}` : 'news-new';
  const setText = (k: 'title' | 'body', lang: Language, value: string) => setV((old) => ({ ...old, [k]: { ...old[k], [lang]: value } }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { body, missing: m } = newsRequest(v);
    setMissing(m);
    const first = Object.keys(m)[0];
    if (!body) {
      if (first) document.getElementById(`${idp}-${first.replace('.', '-')}`)?.focus();
      return;
    }
    const done = () => {
      announce(t(editing ? 'callNews.form.saved' : 'callNews.form.posted'));
      if (!editing) setV(newsValues());
      onDone?.();
    };
    if (editing) update.mutate({ newsId: editing.id, body }, { onSuccess: done });
    else post.mutate(body, { onSuccess: done });
  };
  const fieldOnly = mutation.error instanceof ApiProblem && mutation.error.code === 'validation_failed';
  const hasFieldErrors = Object.keys(server).length > 0 || Object.keys(missing).length > 0;

  return (
    <form
      className="form news-form"
      onSubmit={submit}
      noValidate
      aria-label={t(editing ? 'callNews.form.editTitle' : 'callNews.form.newTitle')}
    >
      {mutation.error && !fieldOnly ? <ProblemAlert error={mutation.error} /> : null}
      {hasFieldErrors ? (
        <p className="field-error" role="alert">
          {t('callNews.form.fixErrors')}
        </p>
      ) : null}
      {LANGUAGES.map((lang) => (
        <fieldset key={lang} className="fieldset">
          <legend>{t('callNews.form.textsIn', { language: t(`inLanguage.${lang}`) })}</legend>
          <TextInput
            id={`${idp}-title-${lang}`}
            labelText={t('callNews.form.title')}
            optionalText={lang === 'fi' ? undefined : t('common.optional')}
            maxLength={NEWS_LIMITS.title}
            value={v.title[lang]}
            onChange={(x) => setText('title', lang, String(x ?? ''))}
            {...feedback(`title.${lang}`)}
            fullWidth
          />
          <Textarea
            id={`${idp}-body-${lang}`}
            labelText={t('callNews.form.body')}
            hintText={t('callNews.form.bodyHint')}
            optionalText={lang === 'fi' ? undefined : t('common.optional')}
            maxLength={NEWS_LIMITS.body}
            value={v.body[lang]}
            onChange={(e) => setText('body', lang, e.target.value)}
            {...feedback(`body.${lang}`)}
            fullWidth
            rows={5}
          />
        </fieldset>
      ))}
      <div className="form-actions">
        <Button type="submit" disabled={mutation.isPending}>
          {t(editing ? 'callNews.form.save' : 'callNews.form.post')}
        </Button>
        {onDone && editing ? (
          <Button variant="secondary" onClick={onDone}>
            {t('callNews.form.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
