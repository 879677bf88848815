import { useState } from 'react';
import { Button, DateInput, Heading, Textarea, TextInput } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { announce } from '@/lib/status';
import { useLanguage } from '@/lib/use-language';
import { usePostUpdate } from '../api/mutations';
import { PILOT_LIMITS } from '../api/types';
import { parseTypedDate, todayIso, typedDate } from './dates';

const empty = () => ({ happened_on: typedDate(todayIso()), title: '', body: '' });

/** The team posts a dated progress update (Markdown); the pilot's followers are notified. */
export function UpdateForm({ pilotId }: { pilotId: string }) {
  const { t } = useTranslation();
  const lang = useLanguage();
  const post = usePostUpdate(pilotId);
  const [local, setLocal] = useState<Record<string, string>>({});
  const form = useFormFields(empty, post.error);
  const fb = (k: 'happened_on' | 'title' | 'body') => (local[k] ? { status: 'error' as const, statusText: local[k] } : form.feedback(k));
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const v = form.values;
    const happened = parseTypedDate(v.happened_on);
    const problems: Record<string, string> = {};
    if (!happened) problems.happened_on = t('pilots.form.dateInvalid');
    if (v.title.trim() === '') problems.title = t('errors.required');
    if (v.body.trim() === '') problems.body = t('errors.required');
    setLocal(problems);
    const first = Object.keys(problems)[0];
    if (first || !happened) {
      document.getElementById(`update-${first ?? 'happened_on'}`)?.focus();
      return;
    }
    post.mutate(
      { happened_on: happened, title: v.title.trim(), body: v.body },
      {
        onSuccess: () => {
          form.setValues(empty());
          announce(t('pilots.update.posted'));
        },
      },
    );
  };
  const fieldProblem = Object.keys(form.errors).length > 0;
  return (
    <form className="pilot-form" onSubmit={submit} noValidate aria-labelledby="update-form-title">
      <Heading variant="h3" id="update-form-title">
        {t('pilots.update.formTitle')}
      </Heading>
      {post.error && !fieldProblem ? <ProblemAlert error={post.error} /> : null}
      <DateInput
        id="update-happened_on"
        labelText={t('pilots.update.happenedOn')}
        hintText={t('pilots.form.dateHint')}
        language={lang}
        value={form.values.happened_on}
        onChange={({ value }) => form.set('happened_on', value)}
        {...fb('happened_on')}
      />
      <TextInput
        id="update-title"
        labelText={t('pilots.update.title')}
        maxLength={PILOT_LIMITS.title}
        fullWidth
        {...form.text('title')}
        {...fb('title')}
      />
      <Textarea
        id="update-body"
        labelText={t('pilots.update.body')}
        hintText={t('pilots.form.markdownHint')}
        rows={5}
        fullWidth
        {...form.textarea('body')}
        {...fb('body')}
      />
      <Button type="submit" disabled={post.isPending}>
        {t('pilots.update.post')}
      </Button>
    </form>
  );
}
