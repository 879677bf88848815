import type { ErrorCode } from '@/lib/problem';
import type { Language } from '@/lib/i18n';
import type { CallNews, CreateCallNewsRequest } from '../api/call-news';

type Texts = Record<Language, string>;

/** What the news form holds: each text in the three languages, empty when not written. */
export interface NewsValues {
  title: Texts;
  body: Texts;
}

/** The form's values for a new item, or for editing `news`. */
export function newsValues(news?: CallNews): NewsValues {
  return {
    title: { fi: news?.title.fi ?? '', sv: news?.title.sv ?? '', en: news?.title.en ?? '' },
    body: { fi: news?.body.fi ?? '', sv: news?.body.sv ?? '', en: news?.body.en ?? '' },
  };
}

/**
 * The request of the form's values: Finnish required (else `missing` names the field), Swedish
 * and English sent only when written. The server trims and checks the lengths.
 */
export function newsRequest(v: NewsValues): { body: CreateCallNewsRequest | null; missing: Record<string, ErrorCode> } {
  const missing: Record<string, ErrorCode> = {};
  if (v.title.fi.trim() === '') missing['title.fi'] = 'required';
  if (v.body.fi.trim() === '') missing['body.fi'] = 'required';
  if (Object.keys(missing).length > 0) return { body: null, missing };
  const texts = (x: Texts) => ({
    fi: x.fi,
    ...(x.sv.trim() !== '' ? { sv: x.sv } : {}),
    ...(x.en.trim() !== '' ? { en: x.en } : {}),
  });
  return { body: { title: texts(v.title), body: texts(v.body) }, missing };
}
