import type { TFunction } from 'i18next';
import { formatNumber } from '@/lib/format';
import i18n from '@/lib/i18n';
import type { FieldError, ProblemCode } from '@/lib/problem';
import { toProblem } from '@/lib/problem';
import type en from '@/locales/en.json';
import type fi from '@/locales/fi.json';
import type sv from '@/locales/sv.json';

/**
 * The texts of the codes (`errors.<code>`) in a language's catalogue. The catalogue must have
 * one for every code the server may send (the contract's `ErrorCode`) and for the client's own
 * (`network`, `unknown`): a code without a text in fi, sv or en fails `npm run typecheck`.
 */
type CodeTexts<Catalogue extends { errors: Record<ProblemCode, string> }> = Catalogue['errors'];
/** The code texts all three catalogues have. */
export type ErrorTexts = CodeTexts<typeof fi> & CodeTexts<typeof sv> & CodeTexts<typeof en>;

/**
 * The reader's-language message for a problem code (`errors.<code>`), or the generic one (a
 * newer server may send a code this client does not know yet).
 */
export function problemMessage(t: TFunction, code: ProblemCode | null | undefined, status = 0): string {
  if (code && i18n.exists(`errors.${code}`)) return t(`errors.${code}`);
  if (status >= 500) return t('errors.internal');
  return t('errors.unknown');
}

/** Codes that mean "you are not (or no longer) signed in". */
export const SIGNED_OUT: readonly ProblemCode[] = [
  'unauthenticated',
  'invalid_token',
  'token_expired',
  'session_ended',
  'invalid_refresh_token',
  'refresh_token_expired',
  'refresh_token_reused',
];

/**
 * The heading of an error box, by what kind of failure it is: a wrong password, a missing
 * page, a refusal, a conflict, a dropped connection... ("Something went wrong" only when
 * nothing more is known).
 */
export function problemTitle(t: TFunction, code: ProblemCode, status: number): string {
  if (code === 'network') return t('errorTitles.network');
  if (code === 'invalid_credentials') return t('errorTitles.invalidCredentials');
  if (code === 'account_blocked') return t('errorTitles.blocked');
  if (code === 'email_unverified') return t('verification.banner.title');
  // Single sign-on's refusals (state, token, an address the provider has not confirmed…).
  if (code.startsWith('sso_')) return t('errorTitles.signInFailed');
  if (code === 'login_locked' || code === 'rate_limited' || status === 429) return t('errorTitles.tooMany');
  if (SIGNED_OUT.includes(code) || status === 401) return t('errorTitles.signedOut');
  if (status === 403) return t('errorTitles.forbidden');
  if (status === 404) return t('errorTitles.notFound');
  if (status === 409) return t('errorTitles.conflict');
  if (status === 400 || status === 413 || status === 415 || status === 422) return t('errorTitles.invalid');
  if (status === 503 || code === 'database_unavailable') return t('errorTitles.unavailable');
  return t('errors.title');
}

export function errorMessage(t: TFunction, error: unknown): string {
  const p = toProblem(error);
  return problemMessage(t, p.code, p.status);
}

/** `Kirjoita 5–140 merkkiä.`: a length or range error that states the limits it came with. */
function limitMessage(t: TFunction, fe: FieldError): string | undefined {
  if (fe.code !== 'length' && fe.code !== 'range') return undefined;
  const n = (v: number | null | undefined) => (typeof v === 'number' ? formatNumber(v, i18n.language) : undefined);
  const min = n(fe.min);
  const max = n(fe.max);
  if (min !== undefined && max !== undefined) return t(`errors.${fe.code}Between`, { min, max });
  if (min !== undefined) return t(`errors.${fe.code}Min`, { min });
  if (max !== undefined) return t(`errors.${fe.code}Max`, { max });
  return undefined;
}

/**
 * The message for one field of a 422: by its code, stating the limits of a length or range
 * error when the server sent them, else a generic "check this field".
 */
export function fieldErrorMessage(t: TFunction, fe: FieldError | undefined): string | undefined {
  if (!fe) return undefined;
  const limits = limitMessage(t, fe);
  if (limits) return limits;
  if (i18n.exists(`errors.${fe.code}`)) return t(`errors.${fe.code}`);
  return t('errors.invalid_field');
}
