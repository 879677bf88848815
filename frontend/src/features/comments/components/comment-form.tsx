import type { FormEvent } from 'react';
import { Button, Textarea } from 'suomifi-ui-components';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/problem-alert';
import { useFormFields } from '@/components/use-form-fields';
import { ApiProblem } from '@/lib/problem';

interface Props {
  id: string;
  label: string;
  submitText: string;
  initial?: string;
  pending: boolean;
  error: unknown;
  /** Resolves true when saved, so the form can empty itself. */
  onSubmit: (body: string) => Promise<boolean>;
  onCancel?: () => void;
  autoFocus?: boolean;
}

export function CommentForm({ id, label, submitText, initial = '', pending, error, onSubmit, onCancel, autoFocus }: Props) {
  const { t } = useTranslation();
  const form = useFormFields({ body: initial }, error);
  const fe = form.errors.body;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await onSubmit(form.values.body)) form.set('body', '');
  };
  const fieldOnly = error instanceof ApiProblem && error.code === 'validation_failed' && fe;
  return (
    <form className="comment-form" onSubmit={(e) => void submit(e)} noValidate>
      {error && !fieldOnly ? <ProblemAlert error={error} /> : null}
      <Textarea id={id} labelText={label} {...form.textarea('body')} fullWidth rows={3} autoFocus={autoFocus} />
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
