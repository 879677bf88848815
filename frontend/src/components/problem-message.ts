import type { TFunction } from 'i18next';
import i18n from '@/lib/i18n';
import type { FieldError } from '@/lib/problem';
import { toProblem } from '@/lib/problem';

/** The reader's-language message for a problem code (`errors.<code>`), or the generic one. */
export function problemMessage(t: TFunction, code: string | null | undefined, status = 0): string {
  if (code && i18n.exists(`errors.${code}`)) return t(`errors.${code}`);
  if (status >= 500) return t('errors.internal');
  return t('errors.unknown');
}

export function errorMessage(t: TFunction, error: unknown): string {
  const p = toProblem(error);
  return problemMessage(t, p.code, p.status);
}

/** The message for one field of a 422: by its code, else a generic "check this field". */
export function fieldErrorMessage(t: TFunction, fe: FieldError | undefined): string | undefined {
  if (!fe) return undefined;
  if (i18n.exists(`errors.${fe.code}`)) return t(`errors.${fe.code}`);
  return t('errors.invalid_field');
}
