import { helsinkiToUtc, utcToHelsinki } from '@/lib/helsinki-time';
import type { Call, Language, ModerationMode } from '@/lib/types';
import type { ErrorCode } from '@/lib/problem';
import type { CreateCallInput, Texts } from '../api/create-call';

/** A text in each language, as typed (an empty string for one not given). */
export type TextValues = Record<Language, string>;

/** The call form as typed: times are Helsinki wall-clock values of `datetime-local` inputs. */
export interface CallValues {
  slug: string;
  title: TextValues;
  description: TextValues;
  opens_at: string;
  submissions_close_at: string;
  voting_closes_at: string;
  moderation_mode: ModerationMode;
  report_threshold: string;
  max_proposals_per_user: string;
  max_thumbs_per_user: string;
  themes: TextValues[];
  /** The host organisation's id; empty for none. */
  host_organisation_id: string;
}

export const WINDOW_FIELDS = ['opens_at', 'submissions_close_at', 'voting_closes_at'] as const;

export function emptyCallValues(host = ''): CallValues {
  const blank = { fi: '', sv: '', en: '' };
  return {
    slug: '',
    title: { ...blank },
    description: { ...blank },
    opens_at: '',
    submissions_close_at: '',
    voting_closes_at: '',
    moderation_mode: 'post',
    report_threshold: '3',
    max_proposals_per_user: '',
    max_thumbs_per_user: '',
    themes: [],
    host_organisation_id: host,
  };
}

export function callToValues(c: Call): CallValues {
  const t = (x: Texts): TextValues => ({ fi: x.fi, sv: x.sv ?? '', en: x.en ?? '' });
  return {
    slug: c.slug,
    title: t(c.title),
    description: t(c.description),
    opens_at: utcToHelsinki(c.opens_at),
    submissions_close_at: utcToHelsinki(c.submissions_close_at),
    voting_closes_at: utcToHelsinki(c.voting_closes_at),
    moderation_mode: c.moderation_mode,
    report_threshold: String(c.report_threshold),
    max_proposals_per_user: c.max_proposals_per_user == null ? '' : String(c.max_proposals_per_user),
    max_thumbs_per_user: c.max_thumbs_per_user == null ? '' : String(c.max_thumbs_per_user),
    themes: [],
    host_organisation_id: c.host_organisation?.id ?? '',
  };
}

export function toTexts(v: TextValues): Texts {
  return { fi: v.fi.trim(), sv: v.sv.trim() || null, en: v.en.trim() || null };
}

function optionalNumber(v: string): number | null {
  const s = v.trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

/**
 * The request body, or every field that keeps the form from making one, all at once: empty
 * required texts and times, times out of order, numbers that are not numbers. The server
 * judges the rest (the slug's form, lengths, ranges) and answers with all its field errors.
 */
export function toCallRequest(v: CallValues): { body: CreateCallInput | null; missing: Record<string, ErrorCode> } {
  const missing: Record<string, ErrorCode> = {};
  if (v.slug.trim() === '') missing.slug = 'required';
  if (v.title.fi.trim() === '') missing['title.fi'] = 'required';
  if (v.description.fi.trim() === '') missing['description.fi'] = 'required';
  const opens = helsinkiToUtc(v.opens_at);
  const submissionsClose = helsinkiToUtc(v.submissions_close_at);
  const votingCloses = helsinkiToUtc(v.voting_closes_at);
  for (const f of WINDOW_FIELDS) if (!helsinkiToUtc(v[f])) missing[f] = 'required';
  // The order the server requires: opens < submissions close <= thumbs-up round closes.
  const at = (iso: string | null) => (iso ? Date.parse(iso) : Number.NaN);
  if (at(opens) >= at(submissionsClose)) missing.submissions_close_at = 'window_order';
  if (at(submissionsClose) > at(votingCloses)) missing.voting_closes_at = 'window_order';
  const numbers = {
    report_threshold: optionalNumber(v.report_threshold),
    max_proposals_per_user: optionalNumber(v.max_proposals_per_user),
    max_thumbs_per_user: optionalNumber(v.max_thumbs_per_user),
  };
  for (const [k, n] of Object.entries(numbers)) if (Number.isNaN(n)) missing[k] = 'invalid_type';
  if (!opens || !submissionsClose || !votingCloses || Object.keys(missing).length > 0) return { body: null, missing };
  return {
    missing,
    body: {
      slug: v.slug.trim(),
      title: toTexts(v.title),
      description: toTexts(v.description),
      opens_at: opens,
      submissions_close_at: submissionsClose,
      voting_closes_at: votingCloses,
      moderation_mode: v.moderation_mode,
      report_threshold: numbers.report_threshold,
      max_proposals_per_user: numbers.max_proposals_per_user,
      max_thumbs_per_user: numbers.max_thumbs_per_user,
      themes: v.themes.filter((th) => th.fi.trim() !== '').map((th) => ({ name: toTexts(th) })),
      host_organisation_id: v.host_organisation_id || null,
    },
  };
}
