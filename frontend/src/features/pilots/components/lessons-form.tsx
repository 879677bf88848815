import { useState } from 'react';
import { Button, Heading, Paragraph, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { announce } from '@/lib/status';
import { usePutLessons } from '../api/mutations';
import type { PilotLessons } from '../api/types';

type Key = 'worked' | 'not_worked' | 'recommendations';
const KEYS: Key[] = ['worked', 'not_worked', 'recommendations'];

/**
 * The team writes the lessons learned in three parts. The first publication notifies the
 * followers; later edits correct the text without a new notification.
 */
export function LessonsForm({ pilotId, lessons, onDone }: { pilotId: string; lessons?: PilotLessons | null; onDone?: () => void }) {
  const { t } = useTranslation();
  const put = usePutLessons(pilotId);
  const [local, setLocal] = useState<Partial<Record<Key, string>>>({});
  const form = useFormFields(
    { worked: lessons?.worked ?? '', not_worked: lessons?.not_worked ?? '', recommendations: lessons?.recommendations ?? '' },
    put.error,
  );
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const problems: Partial<Record<Key, string>> = {};
    for (const k of KEYS) if (form.values[k].trim() === '') problems[k] = t('errors.required');
    setLocal(problems);
    const first = KEYS.find((k) => problems[k]);
    if (first) {
      document.getElementById(`lessons-${first}`)?.focus();
      return;
    }
    // The saved lessons replace this form on the page (it unmounts before a `mutate`
    // callback would run), so the message is given when the request's promise settles.
    const firstPublication = lessons === null || lessons === undefined;
    put
      .mutateAsync(form.values)
      .then(() => {
        announce(t(firstPublication ? 'pilots.lessons.published' : 'pilots.lessons.saved'));
        onDone?.();
      })
      .catch(() => undefined);
  };
  const fieldProblem = Object.keys(form.errors).length > 0;
  return (
    <form className="pilot-form" onSubmit={submit} noValidate aria-labelledby="lessons-form-title">
      <Heading variant="h3" id="lessons-form-title">
        {lessons ? t('pilots.lessons.editTitle') : t('pilots.lessons.formTitle')}
      </Heading>
      <Paragraph>{lessons ? t('pilots.lessons.editLead') : t('pilots.lessons.formLead')}</Paragraph>
      {put.error && !fieldProblem ? <ProblemAlert error={put.error} /> : null}
      {KEYS.map((k) => (
        <Textarea
          key={k}
          id={`lessons-${k}`}
          labelText={t(`pilots.lessons.${k}`)}
          hintText={`${t(`pilots.lessons.${k}Hint`)} ${t('pilots.form.markdownHint')}`}
          rows={5}
          fullWidth
          {...form.textarea(k)}
          {...(local[k] ? { status: 'error' as const, statusText: local[k] } : {})}
        />
      ))}
      <div className="form-actions">
        <Button type="submit" disabled={put.isPending}>
          {lessons ? t('pilots.lessons.save') : t('pilots.lessons.publish')}
        </Button>
        {onDone ? (
          <Button variant="secondary" onClick={onDone}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
