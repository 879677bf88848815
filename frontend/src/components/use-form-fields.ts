import { useState, type ChangeEvent, type Dispatch, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorMap, type FieldError } from '@/lib/problem';
import { fieldErrorMessage } from './problem-message';

/** What a suomifi field shows about itself: red or not, and the message under it. */
export interface FieldFeedback {
  status: 'default' | 'error';
  statusText: string | undefined;
}

/** The keys of a form's values that hold any string (not a union of a few), for text fields. */
type TextKey<V> = { [K in keyof V]: string extends V[K] ? (V[K] extends string ? K : never) : never }[keyof V];

export interface FormFields<V> {
  values: V;
  set: <K extends keyof V>(key: K, value: V[K]) => void;
  setValues: Dispatch<SetStateAction<V>>;
  /** The field errors shown, by field path (`title`, `title.fi`, `themes[0].name.fi`). */
  errors: Partial<Record<string, FieldError>>;
  /** The status and message of any field path, for Dropdowns and groups. */
  feedback: (path: string) => FieldFeedback;
  /** Value, change handler, status and message of a TextInput editing `values[key]`. */
  text: (key: TextKey<V>) => FieldFeedback & { value: string; onChange: (value: string | number | undefined) => void };
  /** The same for a Textarea, whose change handler gets the event. */
  textarea: (key: TextKey<V>) => FieldFeedback & { value: string; onChange: (event: ChangeEvent<HTMLTextAreaElement>) => void };
}

interface Options {
  /**
   * The field errors by path, from the request's error (default: the server's 422 field errors,
   * {@link fieldErrorMap}); a form adds its own checks or maps `organisation_ids[2]` to its field.
   */
  fieldErrors?: (error: unknown) => Partial<Record<string, FieldError>>;
}

/**
 * A form's values and what each field shows about the last request's error. The server
 * validates: its 422 field errors (problem+json `errors[]`) turn their fields red with the
 * message in the reader's language, which suomifi links to the field (`aria-describedby`),
 * and what was typed stays as it was. One place for what every form used to wire by hand:
 *
 *     const form = useFormFields({ title: '' }, mutation.error);
 *     <TextInput id="x-title" labelText="…" {...form.text('title')} />
 */
export function useFormFields<V extends object>(initial: V | (() => V), error: unknown, options: Options = {}): FormFields<V> {
  const { t } = useTranslation();
  const [values, setValues] = useState<V>(initial);
  const errors = (options.fieldErrors ?? fieldErrorMap)(error);
  const set = <K extends keyof V>(key: K, value: V[K]) => setValues((old) => ({ ...old, [key]: value }));
  const feedback = (path: string): FieldFeedback => ({
    status: errors[path] ? 'error' : 'default',
    statusText: fieldErrorMessage(t, errors[path]),
  });
  const setText = (key: TextKey<V>, value: string) => set(key, value as V[TextKey<V>]);
  return {
    values,
    set,
    setValues,
    errors,
    feedback,
    text: (key) => ({
      value: values[key] as string,
      onChange: (value) => setText(key, String(value ?? '')),
      ...feedback(String(key)),
    }),
    textarea: (key) => ({
      value: values[key] as string,
      onChange: (event) => setText(key, event.target.value),
      ...feedback(String(key)),
    }),
  };
}
